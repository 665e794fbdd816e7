using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>A bare RESP connection: a test sees each reply exactly as it came, which a client library would normalise.</summary>
    internal sealed class RespConnection : IDisposable
    {
        // A reply that never comes (a command the server answers with silence) fails the test instead of hanging it.
        public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

        private readonly TcpClient _client;
        private readonly Stream _stream;
        private readonly RespReader _reader;

        private RespConnection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            _reader = new RespReader(_stream);
        }

        public static async Task<RespConnection> OpenAsync(NodeEndpoint endpoint)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(endpoint.Host, endpoint.Port);
                return new RespConnection(client);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        public async Task<Resp> SendAsync(IEnumerable<string> words)
        {
            Resp.ArrayOf(words.Select(Resp.BulkOf)).WriteTo(_stream);
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            return await _reader.ReadAsync(timeout.Token) ?? throw new EndOfStreamException("The server closed the connection instead of replying.");
        }

        public Task<Resp> SendAsync(params string[] words) => SendAsync((IEnumerable<string>)words);

        public void Dispose() => _client.Dispose();
    }
}

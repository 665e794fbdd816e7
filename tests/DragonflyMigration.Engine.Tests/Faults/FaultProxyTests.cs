using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sandbox;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>The proxy itself, in front of a real redis-server, seen by a raw socket and by the tool's client.</summary>
    public sealed class FaultProxyTests : IAsyncLifetime
    {
        private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(500);
        private SandboxTopology _server = null!;
        private FaultProxy _proxy = null!;

        public async Task InitializeAsync()
        {
            _server = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, WithoutTarget = true }, NullObserver.Instance, CancellationToken.None);
            _proxy = FaultProxy.Listen("test -> redis").ForwardTo(_server.Source.Endpoint);
        }

        public Task DisposeAsync()
        {
            _proxy.Dispose();
            _server.Dispose();
            return Task.CompletedTask;
        }

        private async Task<Socket> OpenAsync()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(_proxy.Endpoint.Host, _proxy.Endpoint.Port);
            return socket;
        }

        /// <summary>Sends inline commands and reads until <paramref name="expected"/> bytes arrived, the peer closed, or the bound passed.</summary>
        private static async Task<string> AskAsync(Socket socket, string commands, int expected, TimeSpan bound)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(commands), SocketFlags.None);
            return await ReadAsync(socket, expected, bound);
        }

        private static async Task<string> ReadAsync(Socket socket, int expected, TimeSpan bound)
        {
            using var timeout = new CancellationTokenSource(bound);
            var text = new StringBuilder();
            var buffer = new byte[65536];
            try
            {
                while (text.Length < expected)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (read == 0) break;
                    text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
            catch (OperationCanceledException)
            {
            }
            return text.ToString();
        }

        [Fact]
        public async Task APingTakesBothDelays()
        {
            _proxy.SetDelays(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(30));
            using var socket = await OpenAsync();
            await AskAsync(socket, "PING\r\n", 7, TimeSpan.FromSeconds(2));
            var clock = Stopwatch.StartNew();
            Assert.Equal("+PONG\r\n", await AskAsync(socket, "PING\r\n", 7, TimeSpan.FromSeconds(2)));
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 50, 300);
        }

        [Fact]
        public async Task ADelayLineKeepsOrderAndDoesNotThrottle()
        {
            _proxy.SetRoundTrip(TimeSpan.FromMilliseconds(40));
            using var socket = await OpenAsync();
            var commands = new StringBuilder();
            var replies = new StringBuilder();
            for (var i = 1; i <= 2000; i++)
            {
                commands.Append("INCR order\r\n");
                replies.Append(':').Append(i).Append("\r\n");
            }
            var clock = Stopwatch.StartNew();
            // Sent in many chunks, answered in many: every reply in order, in a few round trips, not 2000.
            Assert.Equal(replies.ToString(), await AskAsync(socket, commands.ToString(), replies.Length, TimeSpan.FromSeconds(5)));
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 40, 1000);
        }

        [Fact]
        public async Task ABlackholeAnswersNothingThenClosesWhatItBroke()
        {
            using var live = await OpenAsync();
            Assert.Equal("+PONG\r\n", await AskAsync(live, "PING\r\n", 7, TimeSpan.FromSeconds(2)));
            _proxy.Set(ProxyMode.Blackhole);
            using var fresh = await OpenAsync();
            Assert.Equal(string.Empty, await AskAsync(live, "PING\r\n", 7, Silence));
            Assert.Equal(string.Empty, await AskAsync(fresh, "PING\r\n", 7, Silence));
            _proxy.Set(ProxyMode.Pass);
            Assert.Equal(string.Empty, await ReadAsync(live, 1, TimeSpan.FromSeconds(2)));
            Assert.Equal(string.Empty, await ReadAsync(fresh, 1, TimeSpan.FromSeconds(2)));
            using var after = await OpenAsync();
            Assert.Equal("+PONG\r\n", await AskAsync(after, "PING\r\n", 7, TimeSpan.FromSeconds(2)));
        }

        [Fact]
        public async Task ABlackholeTimesTheToolsClientOut()
        {
            using var node = await NodeConnector.ConnectAsync(_proxy.Endpoint, new ConnectionSettings(), CancellationToken.None);
            _proxy.Set(ProxyMode.Blackhole);
            using var bound = new CancellationTokenSource(Silence);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.ExecuteAsync("PING", Array.Empty<object>(), bound.Token));
            var refused = await Assert.ThrowsAsync<MigrationException>(() => NodeConnector.ConnectAsync(_proxy.Endpoint, new ConnectionSettings { ConnectTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.ConnectTimeout, refused.Kind);
        }

        [Fact]
        public async Task AResetIsSeenAsAResetByLiveAndNewConnections()
        {
            using var live = await OpenAsync();
            Assert.Equal("+PONG\r\n", await AskAsync(live, "PING\r\n", 7, TimeSpan.FromSeconds(2)));
            using var node = await NodeConnector.ConnectAsync(_proxy.Endpoint, new ConnectionSettings(), CancellationToken.None);
            _proxy.Set(ProxyMode.Reset);
            var error = await Assert.ThrowsAsync<SocketException>(() => ReadAsync(live, 1, TimeSpan.FromSeconds(2)));
            Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
            // A new connection is reset: at its first read, or already while connecting when the reset
            // overtakes the handshake's last step (seen on a loaded machine).
            error = await Assert.ThrowsAsync<SocketException>(async () =>
            {
                using var fresh = await OpenAsync();
                await AskAsync(fresh, "PING\r\n", 7, TimeSpan.FromSeconds(2));
            });
            Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
            var failed = await Assert.ThrowsAsync<MigrationException>(() => node.ExecuteAsync("PING", Array.Empty<object>(), CancellationToken.None));
            Assert.Equal(MigrationErrorKind.CommandFailed, failed.Kind);
        }

        [Fact]
        public async Task ACutClosesLiveConnectionsOnceAndTheClientReconnects()
        {
            using var live = await OpenAsync();
            Assert.Equal("+PONG\r\n", await AskAsync(live, "PING\r\n", 7, TimeSpan.FromSeconds(2)));
            using var node = await NodeConnector.ConnectAsync(_proxy.Endpoint, new ConnectionSettings(), CancellationToken.None);
            var before = _proxy.Accepted;
            _proxy.Set(ProxyMode.Cut);
            Assert.Equal(ProxyMode.Pass, _proxy.Mode);
            Assert.Equal(string.Empty, await ReadAsync(live, 1, TimeSpan.FromSeconds(2)));
            using var fresh = await OpenAsync();
            Assert.Equal("+PONG\r\n", await AskAsync(fresh, "PING\r\n", 7, TimeSpan.FromSeconds(2)));
            // The client library notices the closed connection and reconnects through the proxy on its own.
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await node.ExecuteAsync("PING", Array.Empty<object>(), CancellationToken.None);
                    break;
                }
                catch (MigrationException) when (clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(100);
                }
            }
            Assert.True(_proxy.Accepted > before + 1, "the client did not reconnect through the proxy");
        }
    }
}

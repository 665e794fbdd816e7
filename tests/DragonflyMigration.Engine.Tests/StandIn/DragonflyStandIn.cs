using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// A STAND-IN FOR DRAGONFLY, NOT DRAGONFLY: a real redis-server behind a RESP proxy that shows
    /// what a Dragonfly version shows from outside, as the project's notes on real Dragonfly
    /// v1.21.4, v1.35.1 and v1.40.1 describe it (docs/architecture.md#flavor-capabilities). It proves
    /// that the tool follows those notes, not that the notes are right. Reproduced:
    /// INFO server and replication shapes of the profile (dragonfly_version, role:replica or
    /// role:slave, the replica's own offset absent, 0 or real, no offset or run id as a primary);
    /// ROLE in Dragonfly's shape; PSYNC and SYNC refused, so no Redis node can replicate it;
    /// CLIENT KILL TYPE (and CONFIG REWRITE before v1.32) failing at EXEC of Sentinel's promotion
    /// transaction while SLAVEOF NO ONE takes effect; -LOADING to PING and data commands during a
    /// full sync; commands Dragonfly lacks answered as unknown; and Sentinel and clients reaching it
    /// through the address it announces (the backend announces the proxy's port).
    /// Not reproduced: the replication stream's handling (dropped commands, batching, once-a-second
    /// acknowledgements beyond Redis's own), RDB loading limits, memory behaviour.
    /// </summary>
    internal sealed class DragonflyStandIn : IDisposable
    {
        private static readonly HashSet<string> AllowedWhileLoading = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "INFO", "ROLE", "CONFIG", "CLIENT", "PUBLISH", "SUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "MULTI", "EXEC", "DISCARD",
            "REPLICAOF", "SLAVEOF", "DBSIZE", "SCAN", "AUTH", "HELLO", "COMMAND", "REPLCONF", "QUIT", "SELECT", "ECHO",
        };

        private static readonly HashSet<string> Unknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "PSYNC", "SYNC", "SWAPDB", "GEOSEARCHSTORE", "FCALL", "FCALL_RO", "OBJECT", "LCS", "MIGRATE", "WAITAOF", "BGREWRITEAOF", "FAILOVER", "SENTINEL",
            "HPEXPIREAT", "HPEXPIRE", "HEXPIREAT", "HPERSIST", "HPTTL", "HEXPIRETIME",
        };

        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<TcpClient, bool> _connections = new ConcurrentDictionary<TcpClient, bool>();
        private readonly string? _password;
        private volatile bool _syncing;
        private Task? _accepting;
        private Task? _polling;

        private DragonflyStandIn(DragonflyProfile profile, TcpListener listener, string? password)
        {
            Profile = profile;
            _listener = listener;
            _password = password;
            Endpoint = new NodeEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        }

        public DragonflyProfile Profile { get; }

        /// <summary>Where clients, Sentinels and the tool reach it (the address it announces).</summary>
        public NodeEndpoint Endpoint { get; }

        /// <summary>The redis-server behind the proxy (for signals in fault tests).</summary>
        public ServerProcess Backend { get; private set; } = null!;

        /// <summary>Connections the proxy served so far (a test can check traffic really went through it).</summary>
        public int ConnectionsServed => _served;

        private int _served;

        public static async Task<DragonflyStandIn> StartAsync(DragonflyProfile profile, string directory, string? password = null)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var standIn = new DragonflyStandIn(profile, listener, password);
            try
            {
                standIn.Backend = await ServerProcess.StartAsync("dragonfly-standin-backend", SandboxServerKind.Redis, directory, (port, dir) =>
                {
                    var args = new List<string>
                    {
                        "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--logfile", Path.Combine(dir, "server.log"),
                        "--save", "", "--appendonly", "no", "--daemonize", "no",
                        "--replica-announce-ip", "127.0.0.1", "--replica-announce-port", standIn.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
                    };
                    if (!string.IsNullOrEmpty(password)) args.AddRange(new[] { "--requirepass", password!, "--masterauth", password! });
                    return args;
                }, null, CancellationToken.None);
                standIn._accepting = Task.Run(standIn.AcceptAsync);
                standIn._polling = Task.Run(standIn.PollAsync);
                return standIn;
            }
            catch
            {
                standIn.Dispose();
                throw;
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                Interlocked.Increment(ref _served);
                _connections[client] = true;
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        /// <summary>Keeps track of whether the backend is in a full sync: Dragonfly answers LOADING then.</summary>
        private async Task PollAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var backend = await ConnectBackendAsync().ConfigureAwait(false);
                    var stream = backend.GetStream();
                    var reader = new RespReader(stream);
                    while (!_stop.IsCancellationRequested)
                    {
                        var info = await AskAsync(stream, reader, "INFO", "replication").ConfigureAwait(false);
                        _syncing = info.AsText().Contains("master_sync_in_progress:1");
                        await Task.Delay(50, _stop.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }
            }
        }

        private async Task<TcpClient> ConnectBackendAsync()
        {
            var backend = new TcpClient { NoDelay = true };
            await backend.ConnectAsync(IPAddress.Loopback, Backend.Endpoint.Port).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_password))
            {
                var stream = backend.GetStream();
                await AskAsync(stream, new RespReader(stream), "AUTH", _password!).ConfigureAwait(false);
            }
            return backend;
        }

        private async Task<Resp> AskAsync(Stream stream, RespReader reader, params string[] words)
        {
            Resp.ArrayOf(words.Select(Resp.BulkOf)).WriteTo(stream);
            return await reader.ReadAsync(_stop.Token).ConfigureAwait(false) ?? throw new EndOfStreamException();
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var owned = client;
            client.NoDelay = true;
            TcpClient? backend = null;
            try
            {
                backend = new TcpClient { NoDelay = true };
                await backend.ConnectAsync(IPAddress.Loopback, Backend.Endpoint.Port).ConfigureAwait(false);
                _connections[backend] = true;
                await new Session(this, client.GetStream(), backend.GetStream()).RunAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A closed side ends the session; the other side is closed below.
            }
            finally
            {
                _connections.TryRemove(client, out _);
                if (backend != null)
                {
                    _connections.TryRemove(backend, out _);
                    backend.Dispose();
                }
            }
        }

        /// <summary>One client connection and its own backend connection, command by command.</summary>
        private sealed class Session
        {
            private readonly DragonflyStandIn _owner;
            private readonly Stream _client;
            private readonly Stream _backend;
            private readonly RespReader _fromClient;
            private readonly RespReader _fromBackend;
            private readonly List<Resp?> _queued = new List<Resp?>();
            private bool _inMulti;

            public Session(DragonflyStandIn owner, Stream client, Stream backend)
            {
                _owner = owner;
                _client = client;
                _backend = backend;
                _fromClient = new RespReader(client);
                _fromBackend = new RespReader(backend);
            }

            private DragonflyProfile Profile => _owner.Profile;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    var command = await _fromClient.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (command == null) return;
                    var words = command.Words;
                    if (words.Count == 0) continue;
                    var name = words[0].ToUpperInvariant();
                    var refusal = Refusal(name, words);

                    if (_inMulti && name != "EXEC" && name != "DISCARD" && name != "MULTI")
                    {
                        if (refusal != null)
                        {
                            // Dragonfly queues it and fails it when EXEC runs; the other commands still run.
                            _queued.Add(refusal);
                            Send(Resp.Simple("QUEUED"));
                            continue;
                        }
                        var queued = await ForwardAsync(command, cancellationToken).ConfigureAwait(false);
                        if (queued.Kind == Resp.Type.Simple) _queued.Add(null);
                        Send(queued);
                        continue;
                    }
                    if (refusal != null)
                    {
                        Send(refusal);
                        continue;
                    }
                    if (name == "ROLE")
                    {
                        var replication = await ForwardAsync(Command("INFO", "replication"), cancellationToken).ConfigureAwait(false);
                        Send(InfoRewriter.Role(replication.AsText(), Profile));
                        continue;
                    }

                    var reply = await ForwardAsync(command, cancellationToken).ConfigureAwait(false);
                    switch (name)
                    {
                        case "MULTI":
                            _inMulti = reply.Kind == Resp.Type.Simple;
                            _queued.Clear();
                            break;
                        case "DISCARD":
                            _inMulti = false;
                            break;
                        case "EXEC":
                            _inMulti = false;
                            reply = Splice(reply);
                            break;
                        case "INFO":
                            if (reply.Kind == Resp.Type.Bulk) reply = reply.WithText(InfoRewriter.Rewrite(reply.AsText(), Profile, _owner.Endpoint.Port));
                            break;
                        case "COMMAND":
                            // COMMAND INFO answers nil for the commands Dragonfly lacks.
                            if (words.Count > 2 && words[1].Equals("INFO", StringComparison.OrdinalIgnoreCase) && reply.Items != null && reply.Items.Count == words.Count - 2)
                                reply = Resp.Aggregate(reply.Marker, reply.Items.Select((item, i) => Unknown.Contains(words[i + 2]) ? Resp.Blob('*', null) : item).ToList());
                            break;
                    }
                    Send(reply);
                    if (name == "SUBSCRIBE" || name == "PSUBSCRIBE" || name == "SSUBSCRIBE" || name == "MONITOR")
                    {
                        await PipeAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    }
                }
            }

            /// <summary>The error Dragonfly would give instead of running the command, or null to run it.</summary>
            private Resp? Refusal(string name, IReadOnlyList<string> words)
            {
                if (Unknown.Contains(name)) return Resp.Error($"ERR unknown command `{name}`");
                if (name == "CLIENT" && words.Count > 2 && words[1].Equals("KILL", StringComparison.OrdinalIgnoreCase)
                    && words.Skip(2).Any(w => new[] { "TYPE", "USER", "SKIPME", "MAXAGE" }.Contains(w, StringComparer.OrdinalIgnoreCase)))
                    return Resp.Error("ERR syntax error");
                if (name == "CONFIG" && words.Count > 1 && words[1].Equals("REWRITE", StringComparison.OrdinalIgnoreCase) && !Profile.ConfigRewrite)
                    return Resp.Error("ERR Unknown subcommand or wrong number of arguments for 'REWRITE'. Try CONFIG HELP.");
                if (_owner._syncing && !AllowedWhileLoading.Contains(name))
                    return Resp.Error("LOADING Dragonfly is loading the dataset in memory");
                return null;
            }

            /// <summary>EXEC's replies with the queued refusals put back in their places.</summary>
            private Resp Splice(Resp reply)
            {
                if (reply.Kind != Resp.Type.Array || reply.Items == null || _queued.All(q => q == null)) return reply;
                var fromBackend = new Queue<Resp>(reply.Items);
                var merged = _queued.Select(q => q ?? (fromBackend.Count > 0 ? fromBackend.Dequeue() : Resp.Error("ERR stand-in lost a reply"))).ToList();
                return Resp.ArrayOf(merged);
            }

            private async Task<Resp> ForwardAsync(Resp command, CancellationToken cancellationToken)
            {
                command.WriteTo(_backend);
                return await _fromBackend.ReadAsync(cancellationToken).ConfigureAwait(false) ?? throw new EndOfStreamException();
            }

            private void Send(Resp reply) => reply.WriteTo(_client);

            private static Resp Command(params string[] words) => Resp.ArrayOf(words.Select(Resp.BulkOf));

            /// <summary>A subscribed connection gets pushed messages: from here on the proxy only copies bytes.</summary>
            private async Task PipeAsync(CancellationToken cancellationToken)
            {
                var pending = _fromClient.Unparsed;
                if (pending.Count > 0) await _backend.WriteAsync(pending.Array!, pending.Offset, pending.Count, cancellationToken).ConfigureAwait(false);
                pending = _fromBackend.Unparsed;
                if (pending.Count > 0) await _client.WriteAsync(pending.Array!, pending.Offset, pending.Count, cancellationToken).ConfigureAwait(false);
                var up = _client.CopyToAsync(_backend, 16 * 1024, cancellationToken);
                var down = _backend.CopyToAsync(_client, 16 * 1024, cancellationToken);
                await Task.WhenAny(up, down).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var connection in _connections.Keys) connection.Dispose();
            Backend?.Dispose();
            try { Task.WaitAll(new[] { _accepting, _polling }.Where(t => t != null).ToArray()!, TimeSpan.FromSeconds(2)); }
            catch (AggregateException) { }
            _stop.Dispose();
        }

        public override string ToString() => $"{Profile} at {Endpoint} (backend redis-server {Backend?.Endpoint})";
    }
}

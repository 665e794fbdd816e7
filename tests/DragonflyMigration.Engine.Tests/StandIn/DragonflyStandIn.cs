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
    /// what a Dragonfly version shows from outside, as captured from real Dragonfly v1.35.1 and v1.40.1
    /// (every command the tool sends, as primary and as replica of Redis, in RESP2 and RESP3:
    /// tests/DragonflyMigration.Engine.Tests/Samples/tool-commands, which CaptureReplayTests replays
    /// against it) and as the project's notes describe v1.21.4 (docs/architecture.md#flavor-capabilities).
    /// It proves that the tool follows those observations, not that Dragonfly has no other ways.
    /// Reproduced, in the replies' shapes:
    /// INFO server and replication of the profile (dragonfly_version, role:replica or role:slave, the
    /// replica's own offset absent, 0 or real, no offset or run id as a primary); ROLE; HELLO
    /// (dragonfly_version, no modules); CONFIG GET with Dragonfly's names (replica_priority, dbnum,
    /// maxmemory, human-readable before v1.40, announce_port and cluster_announce_ip from v1.40) and
    /// nothing for Redis's own, CONFIG SET under either spelling; COMMAND INFO's 7-element entries and
    /// its nil for a missing command; MODULE LIST's ReJSON and search; FUNCTION LIST, OBJECT, PSYNC and
    /// SYNC refused (WAIT too before v1.40, and as a replica after), so no Redis node can replicate it;
    /// ACL DRYRUN without arguments and CLIENT LIST without filters before v1.40; ACL WHOAMI's sentence;
    /// REPLCONF refused as a replica and unanswered ACK as a primary; CLIENT KILL TYPE (and CONFIG
    /// REWRITE before v1.32) failing at EXEC of Sentinel's promotion transaction while SLAVEOF NO ONE
    /// takes effect; -LOADING to PING and data commands during a full sync; and Sentinel and clients
    /// reaching it through the address it announces (the backend announces the proxy's port).
    /// Not reproduced: values beyond shapes (INFO's other sections and counters, COMMAND INFO's flags,
    /// MEMORY USAGE's sizes), settings and commands the tool never sends, the replication stream's
    /// handling (dropped commands, batching, once-a-second acknowledgements beyond Redis's own), RDB
    /// loading limits, memory behaviour.
    /// </summary>
    internal sealed class DragonflyStandIn : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<TcpClient, bool> _connections = new ConcurrentDictionary<TcpClient, bool>();
        private readonly string? _password;
        private volatile bool _syncing;
        private Task? _accepting;
        private Task? _polling;

        private DragonflyStandIn(DragonflyProfile profile, TcpListener listener, string? password, int? announcedPort)
        {
            Profile = profile;
            _listener = listener;
            _password = password;
            Endpoint = new NodeEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
            AnnouncedPort = announcedPort ?? Endpoint.Port;
        }

        /// <summary>The port it announces: its own, or that of a proxy in front of it (Dragonfly's --announce_port).</summary>
        public int AnnouncedPort { get; }

        public DragonflyProfile Profile { get; }

        /// <summary>Where clients, Sentinels and the tool reach it (the address it announces).</summary>
        public NodeEndpoint Endpoint { get; }

        /// <summary>The redis-server behind the proxy (for signals in fault tests).</summary>
        public ServerProcess Backend { get; private set; } = null!;

        /// <summary>Connections the proxy served so far (a test can check traffic really went through it).</summary>
        public int ConnectionsServed => _served;

        private int _served;

        public static async Task<DragonflyStandIn> StartAsync(DragonflyProfile profile, string directory, string? password = null, int? announcedPort = null)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var standIn = new DragonflyStandIn(profile, listener, password, announcedPort);
            try
            {
                standIn.Backend = await ServerProcess.StartAsync("dragonfly-standin-backend", SandboxServerKind.Redis, directory, (port, dir) =>
                {
                    var args = new List<string>
                    {
                        "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--logfile", Path.Combine(dir, "server.log"),
                        "--save", "", "--appendonly", "no", "--daemonize", "no",
                        "--replica-announce-ip", "127.0.0.1", "--replica-announce-port", standIn.AnnouncedPort.ToString(CultureInfo.InvariantCulture),
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
            private bool _resp3;

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
                    var refusal = DragonflyRefusals.For(Profile, words, _owner._syncing);

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
                    var reply = await AnswerAsync(name, words, command, cancellationToken).ConfigureAwait(false);
                    if (reply == null) continue;
                    Send(reply);
                    if (name == "SUBSCRIBE" || name == "PSUBSCRIBE" || name == "SSUBSCRIBE" || name == "MONITOR")
                    {
                        await PipeAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    }
                }
            }

            /// <summary>Dragonfly's reply to a command it runs: the backend's, in Dragonfly's shape where it differs; null when it sends none.</summary>
            private async Task<Resp?> AnswerAsync(string name, IReadOnlyList<string> words, Resp command, CancellationToken cancellationToken)
            {
                bool Sub(string subcommand) => words.Count > 1 && words[1].Equals(subcommand, StringComparison.OrdinalIgnoreCase);
                switch (name)
                {
                    case "ROLE":
                        return InfoRewriter.Role((await ForwardAsync(Command("INFO", "replication"), cancellationToken).ConfigureAwait(false)).AsText(), Profile);
                    case "CONFIG" when Sub("GET") && words.Count > 2:
                        return await ConfigRewriter.GetAsync(words.Skip(2), Profile, _resp3, async setting =>
                        {
                            var values = await ForwardAsync(Command("CONFIG", "GET", setting), cancellationToken).ConfigureAwait(false);
                            return values.Items?.Count == 2 ? values.Items[1].AsText() : string.Empty;
                        }, _owner.AnnouncedPort == _owner.Endpoint.Port ? (int?)null : _owner.AnnouncedPort).ConfigureAwait(false);
                    case "CONFIG" when Sub("SET") && words.Count > 3 && ConfigRewriter.RedisName(words[2], Profile) != words[2]:
                        command = Command(new[] { words[0], words[1], ConfigRewriter.RedisName(words[2], Profile) }.Concat(words.Skip(3)).ToArray());
                        break;
                    case "MODULE" when Sub("LIST"):
                        return DragonflyReplies.ModuleList(_resp3);
                    case "REPLCONF":
                        var replication = await ForwardAsync(Command("INFO", "replication"), cancellationToken).ConfigureAwait(false);
                        if (replication.AsText().Contains("role:slave")) return DragonflyReplies.ReplconfOnReplica;
                        // A primary answers a client's ACK with nothing, as Redis does: forwarded, it would leave the session waiting for a reply.
                        if (Sub("ACK")) return null;
                        break;
                }

                var reply = await ForwardAsync(command, cancellationToken).ConfigureAwait(false);
                switch (name)
                {
                    case "MULTI":
                        _inMulti = reply.Kind == Resp.Type.Simple;
                        _queued.Clear();
                        return reply;
                    case "DISCARD":
                        _inMulti = false;
                        return reply;
                    case "EXEC":
                        _inMulti = false;
                        return Splice(reply);
                    case "HELLO":
                        // The protocol it agreed on decides the shape of the replies the stand-in builds itself.
                        if (reply.Kind != Resp.Type.Error && words.Count > 1 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var protocol)) _resp3 = protocol == 3;
                        return HelloRewriter.Rewrite(reply, Profile);
                    case "INFO":
                        return reply.Kind == Resp.Type.Bulk ? reply.WithText(InfoRewriter.Rewrite(reply.AsText(), Profile, _owner.AnnouncedPort)) : reply;
                    case "COMMAND" when Sub("INFO") && words.Count > 2:
                        return CommandInfoRewriter.Rewrite(words.Skip(2).ToList(), reply, Profile, _resp3, c => DragonflyRefusals.Lacks(Profile, c));
                    case "ACL" when Sub("WHOAMI"):
                        return DragonflyReplies.WhoAmI(reply);
                    case "WAIT":
                        return DragonflyReplies.Wait(reply);
                    default:
                        return reply;
                }
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

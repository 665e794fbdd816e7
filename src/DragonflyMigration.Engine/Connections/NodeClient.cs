using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using StackExchange.Redis;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// An open connection to one server (data node or Sentinel). Every server conversation of the
    /// engine goes through <see cref="ExecuteAsync"/> so that errors are translated in one place and
    /// no client-library type leaks out.
    /// </summary>
    public sealed class NodeClient : IDisposable
    {
        private readonly ConnectionMultiplexer _multiplexer;
        private readonly IServer _server;

        internal NodeClient(NodeEndpoint endpoint, ConnectionSettings settings, ConnectionMultiplexer multiplexer, IServer server, NodeAddresses addresses)
        {
            Endpoint = endpoint;
            Addresses = addresses;
            Settings = settings;
            _multiplexer = multiplexer;
            _server = server;
        }

        public NodeEndpoint Endpoint { get; }

        public ConnectionSettings Settings { get; }

        /// <summary>Every address the node answers to: as given, as resolved, and as it announces itself.</summary>
        public NodeAddresses Addresses { get; private set; }

        public ServerIdentity Identity { get; private set; } = null!;

        public FlavorCapabilities Capabilities => FlavorCapabilities.For(Identity.Flavor, Identity.Version);

        public bool IsConnected => _multiplexer.IsConnected;

        /// <summary>Closed by <see cref="Dispose"/>: unlike a lost connection, it never comes back.</summary>
        public bool IsClosed { get; private set; }

        /// <summary>Round-trip time of the PING sent while connecting.</summary>
        public TimeSpan RoundTrip { get; private set; }

        /// <summary>
        /// The same node on a new connection, known as this one is: its identity, addresses and credentials
        /// were established when this one connected, so nothing is asked again.
        /// </summary>
        internal NodeClient Reopened(ConnectionMultiplexer multiplexer) =>
            new NodeClient(Endpoint, Settings, multiplexer, multiplexer.GetServers()[0], Addresses) { Identity = Identity, RoundTrip = RoundTrip };

        internal async Task InitializeAsync(CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            try
            {
                await ExecuteAsync("PING", Array.Empty<object>(), cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.Is(Connections.ServerError.Loading))
            {
                // A node loading its dataset (Dragonfly during a full sync) answers LOADING to PING: it is
                // there and answers INFO, which is all a connection needs.
            }
            RoundTrip = DateTime.UtcNow - started;
            var info = await InfoAsync(null, cancellationToken).ConfigureAwait(false);
            Identity = ServerIdentity.FromInfo(info);
            if (!Settings.IsSentinel) Addresses = await WithAnnouncedAsync(Addresses, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Adds the address a replica announces to its primary (Redis's replica-announce-ip/-port,
        /// Dragonfly's replica_announce_ip and announce_port), under which the primary and Sentinel list it.
        /// </summary>
        private async Task<NodeAddresses> WithAnnouncedAsync(NodeAddresses addresses, CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, string> settings;
            try
            {
                settings = (await ExecuteAsync("CONFIG", new object[] { "GET", "*announce*" }, cancellationToken).ConfigureAwait(false)).AsFields();
            }
            catch (MigrationException ex) when (ex.IsServerRefusal || ex.Kind == MigrationErrorKind.UnexpectedReply)
            {
                // Not allowed or not understood: the node is known by its other addresses.
                return addresses;
            }
            string? Setting(params string[] names) => names.Select(n => settings.TryGetValue(n, out var v) ? v : null).FirstOrDefault(v => !string.IsNullOrEmpty(v) && v != "0");
            var announcedIp = Setting("replica-announce-ip", "replica_announce_ip", "slave-announce-ip");
            var announcedPort = int.TryParse(Setting("replica-announce-port", "announce_port", "slave-announce-port"), out var port) && port > 0 && port <= 65535 ? port : (int?)null;
            if (announcedIp == null && announcedPort == null) return addresses;
            var hosts = announcedIp != null ? new[] { announcedIp } : addresses.All.Select(a => a.Host).Distinct().ToArray();
            foreach (var host in hosts) addresses = addresses.With(new NodeEndpoint(host, announcedPort ?? Endpoint.Port));
            return addresses;
        }

        /// <summary>
        /// Confirms the credentials with an explicit AUTH: the client library carries on as the
        /// default user when its own AUTH is refused, which would hide a wrong password.
        /// </summary>
        internal async Task VerifyCredentialsAsync(CancellationToken cancellationToken)
        {
            var args = Settings.EffectiveUser == null ? new object[] { Settings.Password! } : new object[] { Settings.EffectiveUser, Settings.Password! };
            try
            {
                await ExecuteAsync("AUTH", args, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.Is(Connections.ServerError.NoPasswordConfigured))
            {
                // The server needs no password; the one given is harmless.
            }
        }

        /// <summary>Sends one command; the reply comes back as plain .NET values (see <see cref="ReplyValue"/>).</summary>
        public Task<ReplyValue> ExecuteAsync(string command, object[] args, CancellationToken cancellationToken) =>
            ExecuteAsync(null, command, args, cancellationToken);

        /// <summary>Sends one command against a given database (SELECT is handled by the client library).</summary>
        public Task<ReplyValue> ExecuteAsync(int? database, string command, object[] args, CancellationToken cancellationToken) =>
            TranslatedAsync(command, async () =>
            {
                var task = database.HasValue ? _server.ExecuteAsync(database, command, args) : _server.ExecuteAsync(command, args);
                return ReplyValue.From(await WithCancellation(task, cancellationToken).ConfigureAwait(false), $"{Endpoint} {command}");
            }, cancellationToken);

        /// <summary>
        /// Sends commands as one MULTI/EXEC transaction on database 0: the server runs them together,
        /// with nothing in between. Their replies come back in order.
        /// </summary>
        public Task<IReadOnlyList<ReplyValue>> ExecuteTransactionAsync(IReadOnlyList<(string Command, object[] Args)> commands, CancellationToken cancellationToken)
        {
            var what = "MULTI/EXEC of " + string.Join(", ", commands.Select(c => c.Command));
            return TranslatedAsync(what, async () =>
            {
                var transaction = _multiplexer.GetDatabase(0).CreateTransaction();
                var replies = commands.Select(c => transaction.ExecuteAsync(c.Command, c.Args)).ToList();
                if (!await WithCancellation(transaction.ExecuteAsync(), cancellationToken).ConfigureAwait(false))
                    throw new MigrationException(MigrationErrorKind.CommandFailed, $"{Endpoint} did not commit the {what}.", Endpoint.ToString());
                var results = new List<ReplyValue>();
                for (var i = 0; i < replies.Count; i++) results.Add(ReplyValue.From(await replies[i].ConfigureAwait(false), $"{Endpoint} {commands[i].Command}"));
                return (IReadOnlyList<ReplyValue>)results;
            }, cancellationToken);
        }

        /// <summary>Runs a conversation with the server; every client-library failure becomes the engine's own exception, here only.</summary>
        private async Task<T> TranslatedAsync<T>(string command, Func<Task<T>> conversation, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                try
                {
                    return await conversation().ConfigureAwait(false);
                }
                catch (RedisCommandException ex) when (IsStaleReplicaRefusal(ex))
                {
                    // The client library refuses a write to a node it last saw as a replica, without
                    // asking it. A node promoted since (the cutover's target) must be written to: the
                    // library re-reads the node's role, then the command goes once more.
                    await WithCancellation(_multiplexer.ConfigureAsync(), cancellationToken).ConfigureAwait(false);
                    return await conversation().ConfigureAwait(false);
                }
            }
            catch (RedisServerException ex)
            {
                throw ServerError(command, ex.Message, ex);
            }
            catch (RedisTimeoutException ex)
            {
                throw new MigrationException(MigrationErrorKind.CommandFailed,
                    $"{Endpoint} did not answer {command} in time.", Endpoint.ToString(), ex);
            }
            catch (RedisConnectionException ex)
            {
                throw new MigrationException(MigrationErrorKind.CommandFailed,
                    $"The connection to {Endpoint} failed while sending {command} ({ex.FailureType}).", Endpoint.ToString(), ex);
            }
            catch (RedisCommandException ex)
            {
                // The client library refuses some commands itself, such as a write to a node it knows is a replica.
                throw new MigrationException(MigrationErrorKind.CommandFailed,
                    $"{command} was not sent to {Endpoint}: {ex.Message}", Endpoint.ToString(), ex);
            }
            catch (ObjectDisposedException ex)
            {
                throw new MigrationException(MigrationErrorKind.NodeDisconnected,
                    $"The connection to {Endpoint} was closed (Disconnect-RedisNode) before {command} could be sent.", Endpoint.ToString(), ex)
                { Remedy = "Connect the node again with Connect-RedisNode and pass the new node object." };
            }
        }

        private static bool IsStaleReplicaRefusal(RedisCommandException ex) =>
            ex.Message.StartsWith("Command cannot be issued to a replica", StringComparison.Ordinal);

        public async Task<InfoDocument> InfoAsync(string? section, CancellationToken cancellationToken)
        {
            var reply = await ExecuteAsync("INFO", section == null ? Array.Empty<object>() : new object[] { section }, cancellationToken).ConfigureAwait(false);
            return InfoDocument.Parse(reply.AsText());
        }

        private MigrationException ServerError(string command, string message, Exception inner)
        {
            var error = ServerErrors.Classify(message);
            var kind = error == Connections.ServerError.AuthenticationRequired || error == Connections.ServerError.WrongCredentials
                ? MigrationErrorKind.AuthenticationFailed
                : MigrationErrorKind.CommandFailed;
            // Server error texts never echo AUTH arguments, so they are safe to show.
            return new MigrationException(kind, $"{Endpoint} refused {command}: {message}", Endpoint.ToString(), inner) { ServerError = error };
        }

        private static async Task<T> WithCancellation<T>(Task<T> task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            return await task.ConfigureAwait(false);
        }

        public void Dispose()
        {
            IsClosed = true;
            _multiplexer.Dispose();
        }

        public override string ToString() => Endpoint.ToString();
    }
}

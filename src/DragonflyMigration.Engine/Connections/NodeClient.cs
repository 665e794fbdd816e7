using System;
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

        internal NodeClient(NodeEndpoint endpoint, ConnectionSettings settings, ConnectionMultiplexer multiplexer, IServer server)
        {
            Endpoint = endpoint;
            Settings = settings;
            _multiplexer = multiplexer;
            _server = server;
        }

        public NodeEndpoint Endpoint { get; }

        public ConnectionSettings Settings { get; }

        public ServerIdentity Identity { get; private set; } = null!;

        public FlavorCapabilities Capabilities => FlavorCapabilities.For(Identity.Flavor, Identity.Version);

        public bool IsConnected => _multiplexer.IsConnected;

        /// <summary>Round-trip time of the PING sent while connecting.</summary>
        public TimeSpan RoundTrip { get; private set; }

        internal async Task InitializeAsync(CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            await ExecuteAsync("PING", Array.Empty<object>(), cancellationToken).ConfigureAwait(false);
            RoundTrip = DateTime.UtcNow - started;
            var info = await InfoAsync(null, cancellationToken).ConfigureAwait(false);
            Identity = ServerIdentity.FromInfo(info);
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
        public async Task<ReplyValue> ExecuteAsync(int? database, string command, object[] args, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var task = database.HasValue ? _server.ExecuteAsync(database, command, args) : _server.ExecuteAsync(command, args);
                var result = await WithCancellation(task, cancellationToken).ConfigureAwait(false);
                return ReplyValue.From(result, $"{Endpoint} {command}");
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
        }

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
            _multiplexer.Dispose();
        }

        public override string ToString() => Endpoint.ToString();
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using StackExchange.Redis;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Opens a <see cref="NodeClient"/> and, when that fails, works out why in terms an operator can
    /// act on. Everything happens within the connect timeout.
    /// </summary>
    public static class NodeConnector
    {
        public static async Task<NodeClient> ConnectAsync(NodeEndpoint endpoint, ConnectionSettings settings, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var target = endpoint.ToString();

            var (reach, resolved) = await TcpProbe.ConnectAsync(endpoint, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            switch (reach)
            {
                case TcpProbe.Reach.HostNotFound:
                    throw new MigrationException(MigrationErrorKind.HostNotFound,
                        $"The host name '{endpoint.Host}' could not be resolved.", target)
                    { Remedy = "Check the spelling of the host name and the DNS settings of this machine." };
                case TcpProbe.Reach.Refused:
                    throw new MigrationException(MigrationErrorKind.ConnectionRefused,
                        $"{target} refused the connection: nothing listens on port {endpoint.Port}.", target)
                    { Remedy = "Check the port and that the server is running." };
                case TcpProbe.Reach.Unreachable:
                    throw new MigrationException(MigrationErrorKind.HostUnreachable,
                        $"{target} did not answer within {Format(settings.ConnectTimeout)}.", target)
                    { Remedy = "Check the address, firewalls and routing, or raise -ConnectTimeout." };
            }

            var certificateCheck = new CertificateCheck(settings.CaCertificatePath, settings.SkipCertificateCheck);
            var options = BuildOptions(endpoint, settings, Remaining(settings.ConnectTimeout, clock), certificateCheck);
            ConnectionMultiplexer? multiplexer = null;
            try
            {
                multiplexer = await UnlessCancelledAsync(settings.IsSentinel
                    ? ConnectionMultiplexer.SentinelConnectAsync(options)
                    : ConnectionMultiplexer.ConnectAsync(options), cancellationToken).ConfigureAwait(false);
                var client = new NodeClient(endpoint, settings, multiplexer, multiplexer.GetServers()[0], NodeAddresses.Resolved(endpoint, resolved));
                await client.InitializeAsync(cancellationToken).ConfigureAwait(false);
                if (settings.HasPassword) await client.VerifyCredentialsAsync(cancellationToken).ConfigureAwait(false);
                if (settings.IsSentinel && client.Identity.Role != NodeRole.Sentinel)
                {
                    throw new MigrationException(MigrationErrorKind.NotASentinel,
                        $"{target} is a {client.Identity.Flavor} {client.Identity.Role}, not a Sentinel.", target)
                    { Remedy = "Leave out -Sentinel for data nodes, or give the Sentinel's port (usually 26379)." };
                }
                return client;
            }
            catch (OperationCanceledException)
            {
                multiplexer?.Dispose();
                throw;
            }
            catch (Exception ex) when (ex is RedisConnectionException || ex is RedisServerException || ex is RedisTimeoutException || ex is MigrationException)
            {
                multiplexer?.Dispose();
                if (ex is MigrationException known && known.Kind != MigrationErrorKind.CommandFailed && known.Kind != MigrationErrorKind.AuthenticationFailed) throw;
                // A Sentinel refuses the data-node handshake; recognise it rather than fail.
                if (!settings.IsSentinel && ex is RedisConnectionException && clock.Elapsed < settings.ConnectTimeout)
                {
                    var asSentinel = await TryAsSentinelAsync(endpoint, settings, cancellationToken).ConfigureAwait(false);
                    if (asSentinel != null) return asSentinel;
                }
                throw await ExplainAsync(endpoint, settings, ex, certificateCheck, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// A new connection to a node already connected and checked, for a probe whose connection was cut
        /// (Sentinel's CLIENT KILL in a cutover, inside the write pause): no reachability probe, no identity
        /// or credential check, only the client library's handshake: about half the round trips of a full connect.
        /// </summary>
        internal static async Task<NodeClient> ReopenAsync(NodeClient original, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var options = BuildOptions(original.Endpoint, original.Settings, timeout, new CertificateCheck(original.Settings.CaCertificatePath, original.Settings.SkipCertificateCheck));
            try
            {
                var multiplexer = await UnlessCancelledAsync(original.Settings.IsSentinel
                    ? ConnectionMultiplexer.SentinelConnectAsync(options)
                    : ConnectionMultiplexer.ConnectAsync(options), cancellationToken).ConfigureAwait(false);
                return original.Reopened(multiplexer);
            }
            catch (Exception ex) when (ex is RedisConnectionException || ex is RedisServerException || ex is RedisTimeoutException)
            {
                throw new MigrationException(MigrationErrorKind.CommandFailed, $"{original.Endpoint} could not be connected again: {Describe(ex)}", original.Endpoint.ToString(), ex);
            }
        }

        /// <summary>
        /// StackExchange.Redis cannot cancel a connect, which waited out its whole timeout after Ctrl+C; this
        /// returns on cancellation at once and closes the multiplexer if it connects afterwards.
        /// </summary>
        private static async Task<ConnectionMultiplexer> UnlessCancelledAsync(Task<ConnectionMultiplexer> connecting, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(connecting, cancelled.Task).ConfigureAwait(false) != connecting)
                {
                    _ = connecting.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            return await connecting.ConfigureAwait(false);
        }

        private static async Task<NodeClient?> TryAsSentinelAsync(NodeEndpoint endpoint, ConnectionSettings settings, CancellationToken cancellationToken)
        {
            if (await TcpProbe.SpeaksPlainRedisAsync(endpoint, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false) != TcpProbe.Speech.PlainRedis && !settings.UseTls)
                return null;
            var sentinelSettings = settings.AsSentinel();
            try
            {
                return await ConnectAsync(endpoint, sentinelSettings, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException)
            {
                return null;
            }
        }

        private static ConfigurationOptions BuildOptions(NodeEndpoint endpoint, ConnectionSettings settings, TimeSpan connectTimeout, CertificateCheck certificateCheck)
        {
            var options = new ConfigurationOptions
            {
                AbortOnConnectFail = true,
                ConnectRetry = 1,
                ConnectTimeout = (int)Math.Max(100, connectTimeout.TotalMilliseconds),
                SyncTimeout = (int)Math.Max(5000, settings.ConnectTimeout.TotalMilliseconds),
                AsyncTimeout = (int)Math.Max(5000, settings.ConnectTimeout.TotalMilliseconds),
                AllowAdmin = true,
                ClientName = "DragonflyMigration",
                // No tie-breaker key and no config-change broadcast: the tool writes nothing it was not asked to.
                TieBreaker = string.Empty,
                ConfigurationChannel = string.Empty,
                User = settings.EffectiveUser,
                Password = string.IsNullOrEmpty(settings.Password) ? null : settings.Password,
                Ssl = settings.UseTls,
                SslHost = settings.UseTls ? settings.TlsHost ?? endpoint.Host : null,
            };
            options.EndPoints.Add(endpoint.Host, endpoint.Port);
            if (settings.IsSentinel) options.CommandMap = CommandMap.Sentinel;
            if (settings.UseTls) options.CertificateValidation += (_, certificate, chain, errors) => certificateCheck.Validate(certificate, chain, errors);
            if (settings.UseTls && settings.ClientCertificate != null) options.CertificateSelection += (_, _, _, _, _) => settings.ClientCertificate;
            return options;
        }

        private static async Task<MigrationException> ExplainAsync(NodeEndpoint endpoint, ConnectionSettings settings, Exception failure, CertificateCheck certificateCheck, CancellationToken cancellationToken)
        {
            var target = endpoint.ToString();
            var text = Describe(failure);

            // Checked first: the client library reports a failed TLS handshake as an authentication failure too.
            if (certificateCheck.Rejected is SslPolicyErrors errors)
            {
                return new MigrationException(MigrationErrorKind.TlsHandshakeFailed,
                    $"The TLS certificate of {target} was rejected ({errors}).", target, failure)
                { Remedy = "Pass -CaCertificatePath with the issuing CA, -TlsHost with the name in the certificate, or -SkipCertificateCheck for a rehearsal." };
            }

            if (IsAuthenticationRefusal(text) || (!settings.UseTls && failure is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }))
            {
                var who = settings.EffectiveUser == null ? "the default user" : $"user '{settings.EffectiveUser}'";
                return new MigrationException(MigrationErrorKind.AuthenticationFailed,
                    settings.HasPassword
                        ? $"{target} rejected the credentials for {who}."
                        : $"{target} requires authentication and no credential was given.", target, failure)
                { Remedy = "Pass -Credential with the right user name and password (user name 'default' or empty for password-only servers)." };
            }

            var probeTimeout = TimeSpan.FromMilliseconds(Math.Min(2000, Math.Max(500, settings.ConnectTimeout.TotalMilliseconds)));
            var speech = await TcpProbe.SpeaksPlainRedisAsync(endpoint, probeTimeout, cancellationToken).ConfigureAwait(false);
            if (speech == TcpProbe.Speech.Silent)
            {
                return new MigrationException(MigrationErrorKind.ConnectTimeout,
                    $"{target} accepted the connection but did not answer within {Format(settings.ConnectTimeout)}.", target, failure)
                { Remedy = "Check that the endpoint is a Redis port and the server is not blocked or overloaded, or raise -ConnectTimeout." };
            }
            if (!settings.UseTls && speech == TcpProbe.Speech.Hangup)
            {
                return new MigrationException(MigrationErrorKind.TlsRequired,
                    $"{target} accepted the connection but did not answer in plain text; it probably requires TLS.", target, failure)
                { Remedy = "Add -UseTls (with -CaCertificatePath or -TlsHost as needed), or check that the port is a Redis port." };
            }
            if (settings.UseTls && speech == TcpProbe.Speech.PlainRedis)
            {
                return new MigrationException(MigrationErrorKind.TlsNotSupported,
                    $"{target} answers in plain text; it does not use TLS on this port.", target, failure)
                { Remedy = "Leave out -UseTls, or give the server's TLS port." };
            }
            if (settings.UseTls)
            {
                return new MigrationException(MigrationErrorKind.TlsHandshakeFailed,
                    $"The TLS handshake with {target} failed.", target, failure)
                { Remedy = "Check the server's TLS port and certificate, -TlsHost and -CaCertificatePath." };
            }
            return new MigrationException(MigrationErrorKind.ConnectFailed,
                $"Could not open a Redis connection to {target} ({text}).", target, failure)
            { Remedy = "Check that the endpoint is a Redis, Valkey, KeyDB or Dragonfly server, or a Sentinel with -Sentinel." };
        }

        private static bool IsAuthenticationRefusal(string text) =>
            text.IndexOf("WRONGPASS", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("NOAUTH", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("invalid password", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("invalid username-password", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>All messages of an exception chain, for classification only; never shown.</summary>
        private static string Describe(Exception ex)
        {
            var text = string.Empty;
            for (var e = ex; e != null; e = e.InnerException) text += " " + e.GetType().Name + ": " + e.Message;
            if (ex is RedisConnectionException rce) text += " " + rce.FailureType;
            return text;
        }

        private static TimeSpan Remaining(TimeSpan total, Stopwatch clock)
        {
            var left = total - clock.Elapsed;
            return left < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : left;
        }

        private static string Format(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMilliseconds:0} ms";
    }
}

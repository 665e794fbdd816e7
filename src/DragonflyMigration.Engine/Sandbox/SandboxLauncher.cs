using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>
    /// Starts real servers on free loopback ports in a temporary folder. The one launcher used by the
    /// xunit and Pester suites, the demo and <c>Start-MigrationSandbox</c>.
    /// </summary>
    public static class SandboxLauncher
    {
        private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

        public static async Task<SandboxTopology> StartAsync(SandboxOptions options, IOperationObserver observer, CancellationToken cancellationToken)
        {
            Validate(options);
            SandboxJanitor.SweepOrphans();
            var directory = Path.Combine(SandboxJanitor.Root, SandboxJanitor.FolderPrefix + Guid.NewGuid().ToString("N").Substring(0, 12));
            System.IO.Directory.CreateDirectory(directory);
            var sandbox = new SandboxTopology(directory, options);
            SandboxJanitor.Register(sandbox);
            try
            {
                var source = await StartRedisAsync(sandbox, "source", null, cancellationToken).ConfigureAwait(false);
                observer.Log($"Source primary {source.Endpoint} started.");
                if (options.SampleKeyCount > 0)
                {
                    using var client = await ConnectAsync(source.Endpoint, options.Password, false, cancellationToken).ConfigureAwait(false);
                    await SampleData.WriteAsync(client, options.SampleKeyCount, cancellationToken).ConfigureAwait(false);
                    observer.Log($"Wrote {options.SampleKeyCount} sample keys to the source.");
                }

                for (var i = 1; i <= options.ReplicaCount; i++)
                {
                    var replica = await StartRedisAsync(sandbox, "replica" + i.ToString(CultureInfo.InvariantCulture), source.Endpoint, cancellationToken).ConfigureAwait(false);
                    observer.Log($"Replica {replica.Endpoint} started.");
                }

                for (var i = 1; i <= options.SentinelCount; i++)
                {
                    var sentinel = await StartSentinelAsync(sandbox, "sentinel" + i.ToString(CultureInfo.InvariantCulture), source.Endpoint, cancellationToken).ConfigureAwait(false);
                    observer.Log($"Sentinel {sentinel.Endpoint} started.");
                }

                if (!options.WithoutTarget)
                {
                    var dragonfly = options.RedisTarget ? null : ServerBinaries.Dragonfly();
                    var target = dragonfly != null
                        ? await StartDragonflyAsync(sandbox, cancellationToken).ConfigureAwait(false)
                        : await StartRedisAsync(sandbox, "target", null, cancellationToken).ConfigureAwait(false);
                    observer.Log($"Target {target.Endpoint} ({target.Kind}) started.");
                }

                await SettleAsync(sandbox, cancellationToken).ConfigureAwait(false);
                if (options.WriteRate > 0)
                {
                    sandbox.Writer = await SandboxWriter.StartAsync(source.Endpoint, sandbox.SentinelEndpoints.ToList(), options.MasterName, options.Password, options.WriteRate).ConfigureAwait(false);
                    observer.Log($"A client writes {options.WriteRate} keys a second to the primary" + (options.SentinelCount > 0 ? ", found through Sentinel." : "."));
                }
                observer.Log("Sandbox ready.");
                return sandbox;
            }
            catch
            {
                sandbox.Dispose();
                throw;
            }
        }

        private static void Validate(SandboxOptions options)
        {
            string? problem = null;
            if (options.SentinelCount < 0) problem = "SentinelCount cannot be negative.";
            else if (options.ReplicaCount < 0) problem = "ReplicaCount cannot be negative.";
            else if (options.SentinelCount > 0 && (options.EffectiveQuorum < 1 || options.EffectiveQuorum > options.SentinelCount)) problem = $"Quorum must be between 1 and the number of Sentinels ({options.SentinelCount}).";
            else if (string.IsNullOrWhiteSpace(options.MasterName) || options.MasterName.Any(char.IsWhiteSpace)) problem = "MasterName must be a single word.";
            else if (options.SampleKeyCount < 0) problem = "SampleKeyCount cannot be negative.";
            else if (options.WriteRate < 0 || options.WriteRate > 100000) problem = "WriteRate must be between 0 and 100000 writes a second.";
            if (problem != null) throw new MigrationException(MigrationErrorKind.SandboxStartFailed, problem);
        }

        private static Task<ServerProcess> StartRedisAsync(SandboxTopology sandbox, string name, NodeEndpoint? primary, CancellationToken cancellationToken)
        {
            var password = sandbox.Options.Password;
            return StartAsync(sandbox, name, SandboxServerKind.Redis, (port, dir) =>
            {
                var args = new List<string>
                {
                    "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "-::1",
                    "--dir", dir, "--logfile", Path.Combine(dir, "server.log"),
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    // Rehearsals and benchmarks fill the source quickly with DEBUG POPULATE.
                    "--enable-debug-command", "local",
                };
                if (!string.IsNullOrEmpty(password)) args.AddRange(new[] { "--requirepass", password!, "--masterauth", password! });
                if (primary != null) args.AddRange(new[] { "--replicaof", primary.Host, primary.Port.ToString(CultureInfo.InvariantCulture) });
                return args;
            }, null, cancellationToken);
        }

        private static Task<ServerProcess> StartDragonflyAsync(SandboxTopology sandbox, CancellationToken cancellationToken)
        {
            var password = sandbox.Options.Password;
            return StartAsync(sandbox, "target", SandboxServerKind.Dragonfly, (port, dir) =>
            {
                var args = new List<string>
                {
                    "--port=" + port.ToString(CultureInfo.InvariantCulture), "--bind=127.0.0.1",
                    "--dir=" + dir, "--dbfilename=", "--log_dir=" + dir, "--proactor_threads=2",
                    // Otherwise Dragonfly checks for a newer release over the network once a day.
                    "--version_check=false",
                };
                if (!string.IsNullOrEmpty(password)) args.AddRange(new[] { "--requirepass=" + password, "--masterauth=" + password });
                return args;
            }, null, cancellationToken);
        }

        private static Task<ServerProcess> StartSentinelAsync(SandboxTopology sandbox, string name, NodeEndpoint source, CancellationToken cancellationToken)
        {
            var o = sandbox.Options;
            return StartAsync(sandbox, name, SandboxServerKind.Sentinel, (_, _) => Array.Empty<string>(), (port, dir) =>
            {
                var lines = new List<string>
                {
                    "port " + port.ToString(CultureInfo.InvariantCulture),
                    "bind 127.0.0.1 -::1",
                    "daemonize no",
                    "dir " + dir,
                    "logfile " + Path.Combine(dir, "server.log"),
                    $"sentinel monitor {o.MasterName} {source.Host} {source.Port} {o.EffectiveQuorum}",
                    $"sentinel down-after-milliseconds {o.MasterName} {o.DownAfterMilliseconds}",
                    $"sentinel failover-timeout {o.MasterName} {o.FailoverTimeoutMilliseconds}",
                };
                if (!string.IsNullOrEmpty(o.Password)) lines.Add($"sentinel auth-pass {o.MasterName} {o.Password}");
                return string.Join("\n", lines) + "\n";
            }, cancellationToken);
        }

        private static async Task<ServerProcess> StartAsync(SandboxTopology sandbox, string name, SandboxServerKind kind,
            Func<int, string, IReadOnlyList<string>> arguments, Func<int, string, string?>? config, CancellationToken cancellationToken)
        {
            var server = await ServerProcess.StartAsync(name, kind, sandbox.Directory, arguments, config, cancellationToken).ConfigureAwait(false);
            sandbox.Add(server);
            return server;
        }

        /// <summary>
        /// Waits until replicas are linked and every Sentinel knows every replica and the other
        /// Sentinels, so a rehearsal starts from the state a production topology is in.
        /// </summary>
        private static async Task SettleAsync(SandboxTopology sandbox, CancellationToken cancellationToken)
        {
            var o = sandbox.Options;
            var clock = Stopwatch.StartNew();
            foreach (var replica in sandbox.Replicas)
            {
                using var client = await ConnectAsync(replica.Endpoint, o.Password, false, cancellationToken).ConfigureAwait(false);
                await WaitAsync(async () => (await client.InfoAsync("replication", cancellationToken).ConfigureAwait(false)).Get("master_link_status") == "up",
                    $"replica {replica.Endpoint} to link to the source", clock, cancellationToken).ConfigureAwait(false);
            }

            foreach (var sentinel in sandbox.Sentinels)
            {
                using var client = await ConnectAsync(sentinel.Endpoint, null, true, cancellationToken).ConfigureAwait(false);
                if (o.FastSentinelTimers)
                {
                    await client.ExecuteAsync("SENTINEL", new object[] { "DEBUG", "info-period", 500, "ping-period", 500, "publish-period", 500 }, cancellationToken).ConfigureAwait(false);
                }
                await WaitAsync(async () =>
                {
                    var master = await client.ExecuteAsync("SENTINEL", new object[] { "MASTER", o.MasterName }, cancellationToken).ConfigureAwait(false);
                    var fields = SentinelReply.FromPairs(master);
                    return fields.GetInt64("num-slaves") == o.ReplicaCount && fields.GetInt64("num-other-sentinels") == o.SentinelCount - 1;
                }, $"Sentinel {sentinel.Endpoint} to discover the replicas and the other Sentinels", clock, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task WaitAsync(Func<Task<bool>> condition, string what, Stopwatch clock, CancellationToken cancellationToken)
        {
            while (!await condition().ConfigureAwait(false))
            {
                if (clock.Elapsed > SettleTimeout)
                    throw new MigrationException(MigrationErrorKind.SandboxStartFailed, $"Timed out waiting for {what}.");
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        private static Task<NodeClient> ConnectAsync(NodeEndpoint endpoint, string? password, bool sentinel, CancellationToken cancellationToken) =>
            NodeConnector.ConnectAsync(endpoint, new ConnectionSettings { Password = sentinel ? null : password, IsSentinel = sentinel }, cancellationToken);
    }
}

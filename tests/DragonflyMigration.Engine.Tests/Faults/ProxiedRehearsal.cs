using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Engine.Tests.Integration;
using DragonflyMigration.Engine.Tests.StandIn;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// A source, a target (Redis, or the Dragonfly stand-in of a given profile) and Sentinels with a
    /// <see cref="FaultProxy"/> on every path between them.
    /// Proxied: the tool to every node and Sentinel (a Tool proxy each); the target's replication of the
    /// source (the Replication proxy: the target is REPLICAOF it); Sentinels, their peers and the
    /// application writer to every server through that server's Front proxy, the address it announces
    /// (the Sentinels' monitor line names the source's Front; the target announces its Front with
    /// replica-announce-ip/-port, and so does the source, which the tool also reads to know the source
    /// by the Sentinels' address; each Sentinel announces its Front with sentinel announce-ip/-port).
    /// Not separable: Sentinels and the writer share each node's Front, because Sentinel learns one
    /// address per node. Not proxied: the test's own setup and check connections, and whatever the
    /// tool opens by an address a server reports (after the fence the old primary replicates the
    /// target through the tool's Tool proxy, which is the address the tool gives it).
    /// </summary>
    internal sealed class ProxiedRehearsal : IDisposable
    {
        public const string MasterName = "mymaster";

        /// <summary>Sentinel's down-after: the write pause may last half of it.</summary>
        public const int DownAfterMilliseconds = 10000;

        /// <summary>
        /// Sentinel points a replica that follows another address than the primary's back at the primary
        /// after failover-timeout (+fix-slave-config); a minute keeps the replication on its own proxy
        /// for the length of a test.
        /// </summary>
        public const int FailoverTimeoutMilliseconds = 60000;

        private readonly List<FaultProxy> _proxies = new List<FaultProxy>();
        private DragonflyStandIn? _standIn;

        private ProxiedRehearsal(SandboxTopology sandbox) => Sandbox = sandbox;

        /// <summary>The servers (the sandbox stops them and removes their folder).</summary>
        public SandboxTopology Sandbox { get; }

        /// <summary>The target itself, behind its proxies: the redis-server, or the stand-in.</summary>
        public NodeEndpoint TargetServer { get; private set; } = null!;

        public FaultProxy ToolSource { get; private set; } = null!;

        public FaultProxy ToolTarget { get; private set; } = null!;

        public IReadOnlyList<FaultProxy> ToolSentinels { get; private set; } = Array.Empty<FaultProxy>();

        public FaultProxy SourceFront { get; private set; } = null!;

        public FaultProxy TargetFront { get; private set; } = null!;

        public IReadOnlyList<FaultProxy> SentinelFronts { get; private set; } = Array.Empty<FaultProxy>();

        /// <summary>The target's replication link to the source.</summary>
        public FaultProxy Replication { get; private set; } = null!;

        public IReadOnlyList<FaultProxy> Proxies => _proxies;

        /// <summary>The tool's connections, each through its Tool proxy.</summary>
        public NodeClient Source { get; private set; } = null!;

        public NodeClient Target { get; private set; } = null!;

        public NodeClient[] Sentinels { get; private set; } = Array.Empty<NodeClient>();

        /// <param name="standIn">The target's Dragonfly profile; a second redis-server when null.</param>
        public static async Task<ProxiedRehearsal> StartAsync(int sentinels, TimeSpan roundTrip, int sampleKeys = 1000, DragonflyProfile? standIn = null)
        {
            var options = new SandboxOptions { SentinelCount = sentinels, Quorum = sentinels / 2 + 1, DownAfterMilliseconds = DownAfterMilliseconds, FailoverTimeoutMilliseconds = FailoverTimeoutMilliseconds };
            var directory = Path.Combine(SandboxJanitor.Root, SandboxJanitor.FolderPrefix + "faults-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(directory);
            var sandbox = new SandboxTopology(directory, options);
            SandboxJanitor.Register(sandbox);
            var r = new ProxiedRehearsal(sandbox);
            try
            {
                await r.StartServersAsync(sentinels, sampleKeys, standIn);
                r.SetRoundTrip(roundTrip);
                var settings = new ConnectionSettings();
                r.Source = await NodeConnector.ConnectAsync(r.ToolSource.Endpoint, settings, CancellationToken.None);
                r.Target = await NodeConnector.ConnectAsync(r.ToolTarget.Endpoint, settings, CancellationToken.None);
                r.Sentinels = await Task.WhenAll(r.ToolSentinels.Select(p => NodeConnector.ConnectAsync(p.Endpoint, settings.AsSentinel(), CancellationToken.None)));
                return r;
            }
            catch
            {
                r.Dispose();
                throw;
            }
        }

        private FaultProxy Proxy(string name)
        {
            var proxy = FaultProxy.Listen(name);
            _proxies.Add(proxy);
            return proxy;
        }

        private async Task StartServersAsync(int sentinels, int sampleKeys, DragonflyProfile? standIn)
        {
            SourceFront = Proxy("Sentinels and clients -> source");
            TargetFront = Proxy("Sentinels and clients -> target");
            Replication = Proxy("target -> source (replication)");
            var source = await StartRedisAsync("source", SourceFront);
            NodeEndpoint target;
            if (standIn == null)
            {
                target = (await StartRedisAsync("target", TargetFront)).Endpoint;
            }
            else
            {
                // Announcing its front proxy, as a Dragonfly behind one would with --announce_port.
                _standIn = await DragonflyStandIn.StartAsync(standIn, Sandbox.Directory, null, TargetFront.Endpoint.Port);
                target = _standIn.Endpoint;
            }
            TargetServer = target;
            SourceFront.ForwardTo(source.Endpoint);
            TargetFront.ForwardTo(target);
            Replication.ForwardTo(source.Endpoint);
            ToolSource = Proxy("tool -> source").ForwardTo(source.Endpoint);
            ToolTarget = Proxy("tool -> target").ForwardTo(target);
            if (sampleKeys > 0)
            {
                using var setup = await Servers.Connect(source.Endpoint);
                await SampleData.WriteAsync(setup, sampleKeys, CancellationToken.None);
            }

            var fronts = new List<FaultProxy>();
            var tools = new List<FaultProxy>();
            for (var i = 1; i <= sentinels; i++)
            {
                var front = Proxy($"Sentinels and clients -> sentinel{i}");
                var sentinel = await StartSentinelAsync("sentinel" + i.ToString(CultureInfo.InvariantCulture), front);
                fronts.Add(front.ForwardTo(sentinel.Endpoint));
                tools.Add(Proxy($"tool -> sentinel{i}").ForwardTo(sentinel.Endpoint));
                using var setup = await NodeConnector.ConnectAsync(sentinel.Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
                await setup.ExecuteAsync("SENTINEL", new object[] { "DEBUG", "info-period", 500, "ping-period", 500, "publish-period", 500 }, CancellationToken.None);
            }
            SentinelFronts = fronts;
            ToolSentinels = tools;
        }

        private async Task<ServerProcess> StartRedisAsync(string name, FaultProxy front)
        {
            var server = await ServerProcess.StartAsync(name, SandboxServerKind.Redis, Sandbox.Directory, (port, dir) => new[]
            {
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", dir, "--logfile", Path.Combine(dir, "server.log"), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--enable-debug-command", "local",
                // A full sync starts at once instead of waiting 5 s for more replicas: shorter tests.
                "--repl-diskless-sync-delay", "0",
                "--replica-announce-ip", "127.0.0.1", "--replica-announce-port", front.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            }, null, CancellationToken.None);
            Sandbox.Add(server);
            return server;
        }

        private async Task<ServerProcess> StartSentinelAsync(string name, FaultProxy front)
        {
            var quorum = Sandbox.Options.EffectiveQuorum;
            var server = await ServerProcess.StartAsync(name, SandboxServerKind.Sentinel, Sandbox.Directory, (_, _) => Array.Empty<string>(), (port, dir) => string.Join("\n", new[]
            {
                "port " + port.ToString(CultureInfo.InvariantCulture), "bind 127.0.0.1", "daemonize no", "dir " + dir, "logfile " + Path.Combine(dir, "server.log"),
                "sentinel announce-ip 127.0.0.1", "sentinel announce-port " + front.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
                $"sentinel monitor {MasterName} 127.0.0.1 {SourceFront.Endpoint.Port} {quorum}",
                $"sentinel down-after-milliseconds {MasterName} {DownAfterMilliseconds}",
                $"sentinel failover-timeout {MasterName} {FailoverTimeoutMilliseconds}",
            }) + "\n", CancellationToken.None);
            Sandbox.Add(server);
            return server;
        }

        public void SetRoundTrip(TimeSpan roundTrip)
        {
            foreach (var proxy in _proxies) proxy.SetRoundTrip(roundTrip);
        }

        /// <summary>
        /// The target replicates the source through the Replication proxy (set by hand, as a target
        /// started with --replicaof would be); Start-DragonflyReplication then only shields it with
        /// replica-priority 0; every Sentinel lists it; Wait-ReplicationSteady.
        /// </summary>
        public async Task ReplicateAsync(IOperationObserver observer, SteadyCriteria? criteria = null)
        {
            await Target.ExecuteAsync("REPLICAOF", new object[] { Replication.Endpoint.Host, Replication.Endpoint.Port.ToString(CultureInfo.InvariantCulture) }, CancellationToken.None);
            // Through a delayed proxy the source lists the target a few round trips later; until then the
            // tool rightly sees a target replicating an address it does not know.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while ((await Source.InfoAsync("replication", bound.Token)).GetInt64("connected_slaves") == 0) await Task.Delay(50, bound.Token);
            var plan = await ReplicationStarter.PlanAsync(Source, Target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(Source, Target, plan, observer, CancellationToken.None);
            await SteadyWaiter.WaitAsync(Source, Target, criteria ?? new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMinutes(1) }, observer, CancellationToken.None);
            await SettledAsync();
        }

        /// <summary>Every Sentinel lists the target and knows the others, as in a topology that has run a while.</summary>
        private async Task SettledAsync()
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            foreach (var sentinel in Sentinels)
            {
                while (true)
                {
                    var state = await SentinelInspector.ReadAsync(sentinel, MasterName, bound.Token);
                    if (state.OtherSentinels == Sentinels.Length - 1 && state.Replicas.Any(c => Target.Addresses.Matches(c.Endpoint))) break;
                    await Task.Delay(200, bound.Token);
                }
            }
        }

        /// <summary>
        /// A connection, not proxied, to the node the first answering Sentinel names as primary: where every
        /// acknowledged write must be, whatever the faults did to the proxies.
        /// </summary>
        public async Task<NodeClient> ConnectPrimaryAsync()
        {
            foreach (var sentinel in Sandbox.Sentinels.Where(s => !s.HasExited))
            {
                using var direct = await NodeConnector.ConnectAsync(sentinel.Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
                var primary = await SentinelInspector.ReadPrimaryAsync(direct, MasterName, CancellationToken.None);
                if (SourceFront.Endpoint.Equals(primary)) return await Servers.Connect(Sandbox.Source.Endpoint);
                if (TargetFront.Endpoint.Equals(primary)) return await Servers.Connect(TargetServer);
                throw new InvalidOperationException($"The Sentinel {sentinel.Endpoint} names {primary?.ToString() ?? "no primary"}.");
            }
            throw new InvalidOperationException("No Sentinel is running.");
        }

        /// <summary>An application that finds the primary through the first Sentinel's Front, as clients do.</summary>
        public SentinelAwareWriter StartWriter() => new SentinelAwareWriter(SentinelFronts[0].Endpoint, MasterName);

        public void Dispose()
        {
            foreach (var s in Sentinels) s.Dispose();
            Source?.Dispose();
            Target?.Dispose();
            foreach (var proxy in _proxies) proxy.Dispose();
            _standIn?.Dispose();
            Sandbox.Dispose();
        }
    }
}

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>A sandbox whose target is one of the matrix's kinds, with the tool's connections to every node.</summary>
    internal sealed class TargetRehearsal : IDisposable
    {
        public SandboxTopology Sandbox { get; private set; } = null!;

        public DragonflyStandIn? StandIn { get; private set; }

        public NodeEndpoint TargetEndpoint { get; private set; } = null!;

        public NodeClient Source { get; private set; } = null!;

        public NodeClient Target { get; private set; } = null!;

        public NodeClient[] Sentinels { get; private set; } = Array.Empty<NodeClient>();

        public static async Task<TargetRehearsal> StartAsync(TargetKind kind, SandboxOptions options)
        {
            var r = new TargetRehearsal();
            try
            {
                var profile = TargetKinds.Profile(kind);
                r.Sandbox = await SandboxLauncher.StartAsync(new SandboxOptions
                {
                    SentinelCount = options.SentinelCount, Quorum = options.Quorum, ReplicaCount = options.ReplicaCount, SampleKeyCount = options.SampleKeyCount,
                    FastSentinelTimers = options.FastSentinelTimers, DownAfterMilliseconds = options.DownAfterMilliseconds, FailoverTimeoutMilliseconds = options.FailoverTimeoutMilliseconds,
                    RedisTarget = kind == TargetKind.Redis, WithoutTarget = profile != null, Password = options.Password,
                }, NullObserver.Instance, CancellationToken.None);
                if (profile != null)
                {
                    r.StandIn = await DragonflyStandIn.StartAsync(profile, r.Sandbox.Directory, options.Password);
                    r.TargetEndpoint = r.StandIn.Endpoint;
                }
                else
                {
                    r.TargetEndpoint = r.Sandbox.Target!.Endpoint;
                }
                var data = new ConnectionSettings { Password = options.Password };
                r.Source = await NodeConnector.ConnectAsync(r.Sandbox.Source.Endpoint, data, CancellationToken.None);
                r.Target = await NodeConnector.ConnectAsync(r.TargetEndpoint, data, CancellationToken.None);
                r.Sentinels = await Task.WhenAll(r.Sandbox.Sentinels.Select(s => NodeConnector.ConnectAsync(s.Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None)));
                return r;
            }
            catch
            {
                r.Dispose();
                throw;
            }
        }

        /// <summary>Start-DragonflyReplication, then Wait-ReplicationSteady, as the runbook does.</summary>
        public async Task ReplicateAsync(IOperationObserver observer)
        {
            var plan = await ReplicationStarter.PlanAsync(Source, Target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(Source, Target, plan, observer, CancellationToken.None);
            await SteadyWaiter.WaitAsync(Source, Target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMinutes(2) }, observer, CancellationToken.None);
        }

        public void Dispose()
        {
            foreach (var s in Sentinels) s.Dispose();
            Source?.Dispose();
            Target?.Dispose();
            StandIn?.Dispose();
            Sandbox?.Dispose();
        }
    }
}

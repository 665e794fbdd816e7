using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Tests.StandIn;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>A node is matched by the addresses it answers to, not by the text the operator typed.</summary>
    public class NodeIdentityTests
    {
        private static Task<NodeClient> ConnectAs(string endpoint, bool sentinel = false) =>
            NodeConnector.ConnectAsync(NodeEndpoint.Parse(endpoint), new ConnectionSettings { IsSentinel = sentinel }, CancellationToken.None);

        [Fact]
        public async Task NodesGivenByHostNameAreFoundUnderTheAddressesSentinelAndTheSourceUse()
        {
            using var sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 1, RedisTarget = true, SampleKeyCount = 100, FastSentinelTimers = true, DownAfterMilliseconds = 10000 },
                NullObserver.Instance, CancellationToken.None);
            using var source = await ConnectAs($"localhost:{sandbox.Source.Endpoint.Port}");
            using var target = await ConnectAs($"localhost:{sandbox.Target!.Endpoint.Port}");
            using var sentinel = await ConnectAs($"localhost:{sandbox.Sentinels[0].Endpoint.Port}", sentinel: true);

            var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
            var steady = await SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) }, NullObserver.Instance, CancellationToken.None);
            Assert.True(steady.ListedBySource);

            // Sentinel lists both by IP (127.0.0.1); the tool was given "localhost".
            var result = await new SentinelCutover(source, target, new[] { sentinel }, new CutoverOptions { MasterName = sandbox.MasterName }, NullObserver.Instance).RunAsync(CancellationToken.None);
            Assert.Equal($"localhost:{sandbox.Target.Endpoint.Port}", result.NewPrimary);
            Assert.Single(result.ConfirmingSentinels);
        }

        [Fact]
        public async Task AReplicaAnnouncingAnotherPortIsFoundUnderItForTheSteadyWait()
        {
            // The stand-in's backend announces the proxy's port; the tool connects to the backend's own port.
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_40, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 100 });
            using var direct = await NodeConnector.ConnectAsync(r.StandIn!.Backend.Endpoint, new ConnectionSettings(), CancellationToken.None);
            Assert.True(direct.Addresses.Matches(r.StandIn.Endpoint));

            var plan = await ReplicationStarter.PlanAsync(r.Source, direct, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(r.Source, direct, plan, NullObserver.Instance, CancellationToken.None);
            var steady = await SteadyWaiter.WaitAsync(r.Source, direct, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) }, NullObserver.Instance, CancellationToken.None);
            Assert.Equal(ReplicationState.Streaming, steady.State);
            Assert.True(steady.ListedBySource);
        }
    }
}

using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class ReplicationTests
    {
        private static readonly SteadyCriteria Quick = new SteadyCriteria { StableFor = TimeSpan.FromSeconds(3), Timeout = TimeSpan.FromMinutes(2) };

        private static async Task<ReplicationSnapshot> StartAsync(NodeClient source, NodeClient target, bool force = false)
        {
            var plan = await ReplicationStarter.PlanAsync(source, target, force, CancellationToken.None);
            return await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
        }

        [Fact]
        public async Task FullSyncUnderWritesEndsSteadyWithEqualKeyCounts()
        {
            using var sandbox = await StartPair(sampleKeys: 20000);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            using var stop = new CancellationTokenSource();
            var writer = WriteUntil(sandbox.Source.Endpoint, stop.Token);

            await StartAsync(source, target);
            var steady = await SteadyWaiter.WaitAsync(source, target, Quick, NullObserver.Instance, CancellationToken.None);
            Assert.Equal(ReplicationState.Streaming, steady.State);

            stop.Cancel();
            var written = await writer;
            Assert.True(written > 0);
            await SteadyWaiter.WaitAsync(source, target, Quick, NullObserver.Instance, CancellationToken.None);
            Assert.Equal(await DbSize(source), await DbSize(target));
            Assert.Equal(20000 + written, await DbSize(target));

            var info = await target.InfoAsync("replication", CancellationToken.None);
            Assert.Equal(0, info.GetInt64("slave_priority"));
        }

        [Fact]
        public async Task RunningAgainChangesNothing()
        {
            using var sandbox = await StartPair(sampleKeys: 100);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await StartAsync(source, target);
            await SteadyWaiter.WaitAsync(source, target, Quick, NullObserver.Instance, CancellationToken.None);
            var syncsBefore = (await source.InfoAsync("stats", CancellationToken.None)).GetInt64("sync_full");

            var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
            Assert.True(plan.AlreadyReplicating);
            Assert.Empty(plan.Steps);
            var again = await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
            Assert.Equal(ReplicationState.Streaming, again.State);
            Assert.Equal(syncsBefore, (await source.InfoAsync("stats", CancellationToken.None)).GetInt64("sync_full"));
        }

        [Fact]
        public async Task PreconditionsAreDistinctErrors()
        {
            using var sandbox = await SandboxLauncherFor.ReplicaAndTarget();
            using var source = await Connect(sandbox.Source.Endpoint);
            using var replica = await Connect(sandbox.Replicas[0].Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);

            var notPrimary = await Assert.ThrowsAsync<MigrationException>(() => ReplicationStarter.PlanAsync(replica, target, false, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.SourceNotPrimary, notPrimary.Kind);

            var self = await Assert.ThrowsAsync<MigrationException>(() => ReplicationStarter.PlanAsync(source, source, false, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.TargetIsSource, self.Kind);

            await Run(target, "SET", "k1", "v");
            await Run(target, "SELECT", "0");
            await Run(target, "MSET", "k2", "v", "k3", "v");
            var nonEmpty = await Assert.ThrowsAsync<MigrationException>(() => ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.TargetNotEmpty, nonEmpty.Kind);
            Assert.Contains("db0: 3", nonEmpty.Message);
            Assert.Equal(3, await DbSize(target));

            var forced = await ReplicationStarter.PlanAsync(source, target, true, CancellationToken.None);
            Assert.Contains(forced.Steps, s => s.Contains("discard"));

            // The replica replicates the source; as a target for another primary (the target) it is refused.
            var other = await Assert.ThrowsAsync<MigrationException>(() => ReplicationStarter.PlanAsync(target, replica, false, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.TargetReplicatesOther, other.Kind);
        }

        [Fact]
        public async Task ForceReplacesTheTargetsData()
        {
            using var sandbox = await StartPair(sampleKeys: 50);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await Run(target, "SET", "stale", "x");
            await StartAsync(source, target, force: true);
            await SteadyWaiter.WaitAsync(source, target, Quick, NullObserver.Instance, CancellationToken.None);
            Assert.Equal(50, await DbSize(target));
        }

        [Fact]
        public async Task StopEndsReplicationAndRestoresThePriority()
        {
            using var sandbox = await StartPair(sampleKeys: 10);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await StartAsync(source, target);
            await ReplicationStopper.StopAsync(target, 100, NullObserver.Instance, CancellationToken.None);
            var info = await target.InfoAsync("replication", CancellationToken.None);
            Assert.Equal("master", info.Get("role"));
            Assert.Equal(100, await ServerConfig.ReadReplicaPriorityAsync(target, CancellationToken.None));
            await ReplicationStopper.StopAsync(target, 100, NullObserver.Instance, CancellationToken.None);
        }

        [Fact]
        public async Task SourceKilledDuringTheSyncFailsTheWaitBeforeItsTimeout()
        {
            using var sandbox = await StartPair(sampleKeys: 5000);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await StartAsync(source, target);
            var criteria = new SteadyCriteria { Timeout = TimeSpan.FromMinutes(5), UnreachableGrace = TimeSpan.FromSeconds(3) };
            var clock = Stopwatch.StartNew();
            var wait = SteadyWaiter.WaitAsync(source, target, criteria, NullObserver.Instance, CancellationToken.None);
            sandbox.Source.Kill();
            var ex = await Assert.ThrowsAsync<MigrationException>(() => wait);
            Assert.True(ex.Kind == MigrationErrorKind.SourceUnreachable || ex.Kind == MigrationErrorKind.ReplicationBroken, ex.Kind.ToString());
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1));
        }

        [Fact]
        public async Task TargetRestartedWhileStreamingIsReported()
        {
            using var sandbox = await StartPair(sampleKeys: 100);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await StartAsync(source, target);
            await SteadyWaiter.WaitAsync(source, target, Quick, NullObserver.Instance, CancellationToken.None);
            // Let the first sample see a few seconds of uptime, then restart the target underneath the wait.
            await Task.Delay(1500);
            var wait = SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromMinutes(2) }, NullObserver.Instance, CancellationToken.None);
            await Task.Delay(1500);
            await sandbox.Target!.RestartAsync(CancellationToken.None);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => wait);
            Assert.True(ex.Kind == MigrationErrorKind.TargetRestarted || ex.Kind == MigrationErrorKind.NotReplicating, ex.Kind + ": " + ex.Message);
        }

        [Fact]
        public async Task ATinyOutputBufferUnderWritesIsDetectedAsASyncLoop()
        {
            using var sandbox = await StartPair();
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await Run(source, "DEBUG", "POPULATE", 100000, "big", 200);
            await Run(source, "CONFIG", "SET", "client-output-buffer-limit", "replica 64kb 32kb 1");
            await Run(source, "CONFIG", "SET", "repl-diskless-sync-delay", "0");
            using var stop = new CancellationTokenSource();
            // 4 KB writes overflow a 64 KB replica buffer within any full sync.
            var writer = WriteUntil(sandbox.Source.Endpoint, stop.Token, valueSize: 4096);
            try
            {
                await StartAsync(source, target);
                var ex = await Assert.ThrowsAsync<MigrationException>(() => SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { Timeout = TimeSpan.FromMinutes(2) }, NullObserver.Instance, CancellationToken.None));
                Assert.Equal(MigrationErrorKind.SyncLoop, ex.Kind);
            }
            finally
            {
                stop.Cancel();
                await writer;
            }
        }

        [Fact]
        public async Task CancellingTheWaitReturnsPromptly()
        {
            using var sandbox = await StartPair(sampleKeys: 10);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await StartAsync(source, target);
            using var cancel = new CancellationTokenSource();
            var wait = SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromMinutes(5) }, NullObserver.Instance, cancel.Token);
            await Task.Delay(1200);
            var clock = Stopwatch.StartNew();
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), clock.Elapsed.ToString());
        }

        [Fact]
        public async Task ATargetAlreadyReplicatingTheSourceStillGetsPriorityZero()
        {
            using var sandbox = await StartPair(sampleKeys: 10);
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            // Pointed at the source by hand (or started with --replicaof): still promotable at priority 100.
            await Run(target, "REPLICAOF", sandbox.Source.Endpoint.Host, sandbox.Source.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) }, NullObserver.Instance, CancellationToken.None);

            var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
            Assert.True(plan.AlreadyReplicating);
            Assert.Contains(plan.Steps, s => s.Contains("replica-priority 0"));
            await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
            Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(target, CancellationToken.None));
            Assert.Equal(100, plan.TargetPriorityBefore);
        }
    }
}

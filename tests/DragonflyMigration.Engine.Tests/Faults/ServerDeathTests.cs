using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>Servers that die at a chosen moment, in the proxied topology, under a Sentinel-aware writer.</summary>
    [Collection(FaultsCollection.Name)]
    public sealed class ServerDeathTests
    {
        private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(2);
        private readonly ITestOutputHelper _output;

        public ServerDeathTests(ITestOutputHelper output) => _output = output;

        private static void Kill9(int pid) => System.Diagnostics.Process.Start("kill", $"-9 {pid}")!.WaitForExit();

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public async Task SentinelsStoppedDuringThePromotionLoseNothing(int stopped)
        {
            using var r = await ProxiedRehearsal.StartAsync(3, RoundTrip);
            await r.ReplicateAsync(new TestObserver(_output));
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            // The first Sentinel leads the failover; the last ones die once it has accepted it.
            var fault = new OnMilestoneOnce(CutoverMilestoneKind.FailoverRequested, () => { foreach (var s in r.Sandbox.Sentinels.Skip(3 - stopped)) Kill9(s.ProcessId); });
            var cutover = new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = ProxiedRehearsal.MasterName, ConfirmTimeout = TimeSpan.FromSeconds(8) }, new TestObserver(_output, onMilestone: fault.Observe));
            var ex = await Assert.ThrowsAsync<MigrationException>(() => cutover.RunAsync(CancellationToken.None));
            _output.WriteLine($"{stopped} of 3 Sentinels stopped: {ex.Kind}: {ex.Message}");
            await Task.Delay(1500);
            writer.Stop();

            // A forced failover needs no quorum: the leader promotes the target whether or not the others live.
            using var primary = await r.ConnectPrimaryAsync();
            Assert.Equal(r.Sandbox.Target!.Endpoint, primary.Endpoint);
            var (acknowledged, lost) = await LostWrites.CountAsync(writer, primary);
            _output.WriteLine($"acknowledged {acknowledged}, failed {writer.Failed}, lost {lost}");
            Assert.Equal(0, lost);
            Assert.Equal(MigrationErrorKind.ConfirmTimeout, ex.Kind);
            Assert.Contains($"{3 - stopped} of 3 Sentinel(s)", ex.Message);
        }

        [Fact]
        public async Task TheSourceKilledDuringTheFullSyncIsNamed()
        {
            using var r = await ProxiedRehearsal.StartAsync(1, RoundTrip, sampleKeys: 0);
            using (var setup = await Servers.Connect(r.Sandbox.Source.Endpoint))
                await setup.ExecuteAsync("DEBUG", new object[] { "POPULATE", 300000, "key", 200 }, CancellationToken.None);
            // A slow replication link stretches the full sync of about 60 MB, so the kill lands inside it.
            r.Replication.SetDelays(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
            var fault = new OnLogOnce(m => m.Contains(": FullSync", StringComparison.Ordinal), () => Kill9(r.Sandbox.Source.ProcessId));
            var criteria = new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(40), UnreachableGrace = TimeSpan.FromSeconds(3) };
            var ex = await Assert.ThrowsAsync<MigrationException>(() => r.ReplicateAsync(new TestObserver(_output, fault.Observe), criteria));
            _output.WriteLine($"{ex.Kind}: {ex.Message}");
            Assert.True(fault.Fired);
            Assert.Equal(MigrationErrorKind.SourceUnreachable, ex.Kind);
        }

        [Fact]
        public async Task TheSourceKilledOnceTheTargetCaughtUpLeavesEveryAcknowledgedWriteOnTheTarget()
        {
            using var r = await ProxiedRehearsal.StartAsync(1, RoundTrip);
            await r.ReplicateAsync(new TestObserver(_output));
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            // The marker arrived: the target holds every acknowledged write when the source dies.
            var fault = new OnMilestoneOnce(CutoverMilestoneKind.CaughtUp, () => Kill9(r.Sandbox.Source.ProcessId));
            var cutover = new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = ProxiedRehearsal.MasterName }, new TestObserver(_output, onMilestone: fault.Observe));
            var ex = await Assert.ThrowsAsync<MigrationException>(() => cutover.RunAsync(CancellationToken.None));
            _output.WriteLine($"{ex.Kind}: {ex.Message}");
            await Task.Delay(1500);
            writer.Stop();

            // Either the target notices its link is down before SENTINEL FAILOVER, and the run stops with the target
            // unpromotable again; or it does not yet, and Sentinel's forced failover (which needs no live primary)
            // promotes it and the dead source cannot be fenced. Either way the target holds every acknowledged write.
            Assert.Contains(ex.Kind, new[] { MigrationErrorKind.TargetNotReadyToPromote, MigrationErrorKind.FenceFailed });
            using var target = await Servers.Connect(r.Sandbox.Target!.Endpoint);
            if (ex.Kind == MigrationErrorKind.TargetNotReadyToPromote)
            {
                Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(target, CancellationToken.None));
            }
            else
            {
                using var primary = await r.ConnectPrimaryAsync();
                Assert.Equal(r.Sandbox.Target!.Endpoint, primary.Endpoint);
            }
            var (acknowledged, lost) = await LostWrites.CountAsync(writer, target);
            _output.WriteLine($"acknowledged {acknowledged}, failed {writer.Failed}, lost {lost}");
            Assert.Equal(0, lost);
        }

        [Fact]
        public async Task TheTargetRestartedRightAfterItsPromotionLosesNothing()
        {
            using var r = await ProxiedRehearsal.StartAsync(1, RoundTrip);
            await r.ReplicateAsync(new TestObserver(_output));
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            // SHUTDOWN SAVE keeps its data across the restart (the sandbox runs without persistence otherwise);
            // the cutover goes on while the new primary is down and comes back.
            var fault = new OnMilestoneOnce(CutoverMilestoneKind.Promoted, () =>
            {
                using (var admin = Servers.Connect(r.Sandbox.Target!.Endpoint).GetAwaiter().GetResult())
                {
                    try { admin.ExecuteAsync("SHUTDOWN", new object[] { "SAVE" }, CancellationToken.None).GetAwaiter().GetResult(); }
                    catch (MigrationException) { }
                }
                r.Sandbox.Target!.RestartAsync(CancellationToken.None).GetAwaiter().GetResult();
            });
            var cutover = new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = ProxiedRehearsal.MasterName }, new TestObserver(_output, onMilestone: fault.Observe));
            var result = await cutover.RunAsync(CancellationToken.None);
            _output.WriteLine($"pause {result.WritePause.TotalMilliseconds:0} ms; warnings: {string.Join("; ", result.Warnings)}");
            await Task.Delay(3000);
            writer.Stop();

            Assert.True(fault.Fired);
            using var primary = await r.ConnectPrimaryAsync();
            Assert.Equal(r.Sandbox.Target!.Endpoint, primary.Endpoint);
            var (acknowledged, lost) = await LostWrites.CountAsync(writer, primary);
            _output.WriteLine($"acknowledged {acknowledged}, failed {writer.Failed}, lost {lost}");
            Assert.Equal(0, lost);
        }
    }
}

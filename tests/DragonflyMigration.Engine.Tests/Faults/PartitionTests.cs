using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// Partitions between two parties at a chosen moment of the cutover or of the wait for steady, each
    /// under a Sentinel-aware writer: no acknowledged write is lost, and the tool names what happened.
    /// </summary>
    [Collection(FaultsCollection.Name)]
    public sealed class PartitionTests
    {
        private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(2);
        private readonly ITestOutputHelper _output;

        public PartitionTests(ITestOutputHelper output) => _output = output;

        private async Task<ProxiedRehearsal> ReplicatingAsync()
        {
            var r = await ProxiedRehearsal.StartAsync(1, RoundTrip);
            try
            {
                await r.ReplicateAsync(new TestObserver(_output));
                return r;
            }
            catch
            {
                r.Dispose();
                throw;
            }
        }

        private SentinelCutover Cutover(ProxiedRehearsal r, OnMilestoneOnce fault, CutoverOptions? options = null) =>
            new SentinelCutover(r.Source, r.Target, r.Sentinels, options ?? new CutoverOptions { MasterName = ProxiedRehearsal.MasterName }, new TestObserver(_output, onMilestone: fault.Observe));

        /// <summary>Stops the writer and checks every write it had acknowledged on the node Sentinel names as primary.</summary>
        private async Task<NodeClient> NothingLostAsync(ProxiedRehearsal r, SentinelAwareWriter writer)
        {
            await Task.Delay(1500);
            writer.Stop();
            var primary = await r.ConnectPrimaryAsync();
            var (acknowledged, lost) = await LostWrites.CountAsync(writer, primary);
            _output.WriteLine($"primary {primary.Endpoint}: acknowledged {acknowledged}, failed {writer.Failed}, lost {lost}, longest gap {writer.LongestGap.TotalMilliseconds:0} ms");
            Assert.True(acknowledged > 100, $"only {acknowledged} writes");
            Assert.Equal(0, lost);
            return primary;
        }

        /// <summary>The source is primary again, takes writes within the pause's own expiry, and the target is unpromotable again.</summary>
        private static async Task AssertRestoredAsync(ProxiedRehearsal r, NodeClient primary)
        {
            await AssertSourceRestoredAsync(r, primary);
            Assert.Equal(0, await TargetPriorityAsync(r));
        }

        private static async Task AssertSourceRestoredAsync(ProxiedRehearsal r, NodeClient primary)
        {
            Assert.Equal(r.Sandbox.Source.Endpoint, primary.Endpoint);
            Assert.Equal("master", (await primary.InfoAsync("replication", CancellationToken.None)).Get("role"));
            using var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(ProxiedRehearsal.DownAfterMilliseconds / 2 + 2000));
            await primary.ExecuteAsync("SET", new object[] { "writable-after-abort", "1" }, bound.Token);
        }

        private static async Task<long?> TargetPriorityAsync(ProxiedRehearsal r)
        {
            using var target = await Servers.Connect(r.Sandbox.Target!.Endpoint);
            return await ServerConfig.ReadReplicaPriorityAsync(target, CancellationToken.None);
        }

        [Fact]
        public async Task ToolCutOffFromTheSourceDuringTheFreeze()
        {
            using var r = await ReplicatingAsync();
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            var fault = new OnMilestoneOnce(CutoverMilestoneKind.WritesPaused, () => r.ToolSource.Set(ProxyMode.Blackhole));
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, fault).RunAsync(CancellationToken.None));
            _output.WriteLine($"after {clock.ElapsedMilliseconds} ms: {ex.Kind}: {ex.Message}");
            r.ToolSource.Set(ProxyMode.Pass);

            Assert.True(fault.Fired);
            // The marker arrived, so the source is named as what stopped answering, before any promotion.
            Assert.Equal(MigrationErrorKind.SourceUnreachable, ex.Kind);
            Assert.Contains("NOT restored: writes on the source", ex.Message);
            Assert.Contains("Run Invoke-SentinelFailover again", ex.Remedy);
            // Each undo has its own bound: the unreachable source does not keep the target from being disarmed.
            Assert.Equal(0, await TargetPriorityAsync(r));

            // Once the source answers, the same command puts back what is left (from the journal) and cuts over.
            var result = await Cutover(r, new OnMilestoneOnce(m => false, () => { })).RunAsync(CancellationToken.None);
            _output.WriteLine("recovered: " + string.Join("; ", result.Recovered));
            Assert.Contains("restored: min-replicas-to-write 0, min-replicas-max-lag 10 on the source", result.Recovered);
            using var primary = await NothingLostAsync(r, writer);
            Assert.Equal(r.Sandbox.Target!.Endpoint, primary.Endpoint);
        }

        [Fact]
        public async Task ToolCutOffFromTheSentinelsWhenThePromotionStarts()
        {
            using var r = await ReplicatingAsync();
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            // A partition of 3 s: SENTINEL FAILOVER is lost on the way, then the Sentinels answer again.
            var fault = new OnMilestoneOnce(CutoverPhase.Promote, () =>
            {
                foreach (var p in r.ToolSentinels) p.Set(ProxyMode.Blackhole);
                _ = Task.Delay(3000).ContinueWith(_ => { foreach (var p in r.ToolSentinels) p.Set(ProxyMode.Pass); }, TaskScheduler.Default);
            });
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, fault).RunAsync(CancellationToken.None));
            _output.WriteLine($"{ex.Kind}: {ex.Message}");

            // Without an answer the request may have been carried out, so the run waited for the promotion,
            // then for Sentinel's decision, and put everything back once Sentinel was seen not to fail over.
            Assert.Equal(MigrationErrorKind.PromotionTimeout, ex.Kind);
            Assert.Contains("as it was", ex.Message);
            using var primary = await NothingLostAsync(r, writer);
            await AssertRestoredAsync(r, primary);
        }

        [Fact]
        public async Task TheFailoversAnswerLostOnTheWayBackFromSentinel()
        {
            using var r = await ReplicatingAsync();
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            // SENTINEL FAILOVER reaches Sentinel, which promotes the target; its answer comes 8 s later, after
            // the run stopped waiting for it. The link heals after 6 s, so the Confirm phase can ask again.
            var fault = new OnMilestoneOnce(CutoverPhase.Promote, () =>
            {
                r.ToolSentinels[0].SetDelays(TimeSpan.Zero, TimeSpan.FromSeconds(8));
                _ = Task.Delay(6000).ContinueWith(_ => r.ToolSentinels[0].SetRoundTrip(RoundTrip), TaskScheduler.Default);
            });
            var result = await Cutover(r, fault).RunAsync(CancellationToken.None);
            _output.WriteLine($"pause {result.WritePause.TotalMilliseconds:0} ms");

            // The unanswered request is watched for, not taken as never sent: the run sees the promotion and fences.
            Assert.Equal(r.Target.Endpoint.ToString(), result.NewPrimary);
            using var primary = await NothingLostAsync(r, writer);
            Assert.Equal(r.Sandbox.Target!.Endpoint, primary.Endpoint);
        }

        [Fact]
        public async Task ReplicationPartitionedDuringTheWaitForSteadyIsNamed()
        {
            using var r = await ProxiedRehearsal.StartAsync(1, RoundTrip);
            // Reset keeps the target from reconnecting: a partition, not a blip.
            var fault = new OnLogOnce(m => m.Contains(": Streaming,", StringComparison.Ordinal), () => r.Replication.Set(ProxyMode.Reset));
            var criteria = new SteadyCriteria { StableFor = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(40), UnreachableGrace = TimeSpan.FromSeconds(3) };
            var ex = await Assert.ThrowsAsync<MigrationException>(() => r.ReplicateAsync(new TestObserver(_output, fault.Observe), criteria));
            _output.WriteLine($"{ex.Kind}: {ex.Message}");
            Assert.True(fault.Fired);
            Assert.Equal(MigrationErrorKind.ReplicationBroken, ex.Kind);
        }

        [Fact]
        public async Task ReplicationCutOnceDuringTheWaitForSteadyResumesWithoutAFullSync()
        {
            using var r = await ProxiedRehearsal.StartAsync(1, RoundTrip);
            var fault = new OnLogOnce(m => m.Contains(": Streaming,", StringComparison.Ordinal), () => r.Replication.Set(ProxyMode.Cut));
            await r.ReplicateAsync(new TestObserver(_output, fault.Observe));
            Assert.True(fault.Fired);
            Assert.Equal(2, r.Replication.Accepted);
            Assert.Equal(1, (await r.Source.InfoAsync("stats", CancellationToken.None)).GetInt64("sync_full"));
        }

        [Fact]
        public async Task ReplicationCutDuringTheFreezeAbortsAndRestores()
        {
            using var r = await ReplicatingAsync();
            using var writer = r.StartWriter();
            await Task.Delay(1000);
            // Before the pause, so the marker written with it cannot arrive.
            var fault = new OnMilestoneOnce(CutoverPhase.Freeze, () => r.Replication.Set(ProxyMode.Blackhole));
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, fault).RunAsync(CancellationToken.None));
            _output.WriteLine($"{ex.Kind}: {ex.Message}");
            r.Replication.Set(ProxyMode.Pass);

            using var primary = await NothingLostAsync(r, writer);
            await AssertRestoredAsync(r, primary);
            Assert.Equal(MigrationErrorKind.CatchUpTimeout, ex.Kind);
            Assert.Contains("restored: writes on the source", ex.Message);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Sentinel;
using Xunit;
using Xunit.Abstractions;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class CutoverTests
    {
        private readonly ITestOutputHelper _output;

        public CutoverTests(ITestOutputHelper output) => _output = output;

        private sealed class Rehearsal : IDisposable
        {
            public SandboxTopology Sandbox = null!;
            public NodeClient Source = null!;
            public NodeClient Target = null!;
            public NodeClient[] Sentinels = null!;

            public void Dispose()
            {
                foreach (var s in Sentinels ?? Array.Empty<NodeClient>()) s.Dispose();
                Source?.Dispose();
                Target?.Dispose();
                Sandbox?.Dispose();
            }
        }

        private static async Task<Rehearsal> ReplicatingAsync(int sentinels, int replicas = 0, bool sentinelDefaults = false)
        {
            var r = new Rehearsal();
            r.Sandbox = await SandboxLauncher.StartAsync(sentinelDefaults
                ? new SandboxOptions { SentinelCount = sentinels, RedisTarget = true, SampleKeyCount = 1000 }
                : new SandboxOptions
                {
                    SentinelCount = sentinels, Quorum = sentinels / 2 + 1, ReplicaCount = replicas, RedisTarget = true, SampleKeyCount = 1000, FastSentinelTimers = true,
                    DownAfterMilliseconds = 10000, FailoverTimeoutMilliseconds = 20000,
                }, NullObserver.Instance, CancellationToken.None);
            r.Source = await Connect(r.Sandbox.Source.Endpoint);
            r.Target = await Connect(r.Sandbox.Target!.Endpoint);
            r.Sentinels = await Task.WhenAll(r.Sandbox.Sentinels.Select(s => NodeConnector.ConnectAsync(s.Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None)));
            var plan = await ReplicationStarter.PlanAsync(r.Source, r.Target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(r.Source, r.Target, plan, NullObserver.Instance, CancellationToken.None);
            await SteadyWaiter.WaitAsync(r.Source, r.Target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMinutes(2) }, NullObserver.Instance, CancellationToken.None);
            return r;
        }

        private SentinelCutover Cutover(Rehearsal r, CutoverOptions? options = null, Action<CutoverMilestone>? onMilestone = null) =>
            new SentinelCutover(r.Source, r.Target, r.Sentinels, options ?? new CutoverOptions { MasterName = "mymaster" }, new TestObserver(_output, onMilestone: onMilestone));

        /// <summary>Gives the only extra replica a priority that beats the armed target's (1), as Sentinel sees it.</summary>
        private static async Task MakeReplicaCompetitive(Rehearsal r)
        {
            using var replica = await Connect(r.Sandbox.Replicas[0].Endpoint);
            await Run(replica, "CONFIG", "SET", "replica-priority", "1");
            for (var i = 0; i < 100; i++)
            {
                var state = await SentinelInspector.ReadAsync(r.Sentinels[0], "mymaster", CancellationToken.None);
                if (state.Replicas.Any(x => x.Endpoint.Equals(r.Sandbox.Replicas[0].Endpoint) && x.Priority == 1)) return;
                await Task.Delay(200);
            }
            throw new TimeoutException("Sentinel never saw the replica's new priority.");
        }

        /// <summary>The write fence's settings on a node: the cutover arms them in the freeze, and both a rollback and the fence put them back.</summary>
        private static async Task<string?> MinReplicasToWriteAsync(NodeClient node) =>
            (await node.ExecuteAsync("CONFIG", new object[] { "GET", "min-replicas-to-write" }, CancellationToken.None)).AsFields()["min-replicas-to-write"];

        /// <summary>Whether the cutover's journal is on a node: a rollback and a completed cutover both delete it.</summary>
        private static async Task<bool> HasJournalAsync(NodeClient node) =>
            (await node.ExecuteAsync("EXISTS", new object[] { CutoverJournal.Key("mymaster") }, CancellationToken.None)).AsInt64() == 1;

        /// <summary>Catch-up markers left on a node: a rollback and a completed cutover both leave none.</summary>
        private static async Task<IReadOnlyList<ReplyValue>> MarkersAsync(NodeClient node) =>
            (await node.ExecuteAsync("KEYS", new object[] { "dragonfly-migration:cutover-marker:*" }, CancellationToken.None)).AsArray();

        private static void Signal(int pid, string signal) => System.Diagnostics.Process.Start("kill", $"-{signal} {pid}")!.WaitForExit();

        [Theory]
        [InlineData(1, false)]
        [InlineData(3, false)]
        [InlineData(1, true)]
        public async Task NoAcknowledgedWriteIsLost(int sentinels, bool sentinelDefaults)
        {
            using var r = await ReplicatingAsync(sentinels, sentinelDefaults: sentinelDefaults);
            using var writer = new SentinelAwareWriter(r.Sandbox.Sentinels[0].Endpoint, "mymaster");
            await Task.Delay(1500);

            var result = await Cutover(r).RunAsync(CancellationToken.None);
            await Task.Delay(2000);
            writer.Stop();

            Assert.Equal(r.Target.Endpoint.ToString(), result.NewPrimary);
            Assert.Equal(sentinels, result.ConfirmingSentinels.Count);
            Assert.True(result.WritePause < TimeSpan.FromSeconds(2), result.WritePause.ToString());
            var acknowledged = writer.Acknowledged.ToArray();
            Assert.True(acknowledged.Length > 100, $"only {acknowledged.Length} writes");
            var missing = 0;
            foreach (var batch in acknowledged.Chunk(500))
            {
                var exists = await Task.WhenAll(batch.Select(k => r.Target.ExecuteAsync("EXISTS", new object[] { k }, CancellationToken.None)));
                missing += exists.Count(e => e.AsInt64() == 0);
            }
            _output.WriteLine($"acknowledged {acknowledged.Length}, failed {writer.Failed}, lost {missing}, longest gap {writer.LongestGap.TotalMilliseconds:0} ms, pause {result.WritePause.TotalMilliseconds:0} ms");
            Assert.Equal(0, missing);
            Assert.Equal("slave", (await r.Source.InfoAsync("replication", CancellationToken.None)).Get("role"));
            Assert.Empty(await MarkersAsync(r.Target));
            Assert.Equal("0", await MinReplicasToWriteAsync(r.Source));
            Assert.False(await HasJournalAsync(r.Target));

            var again = await Cutover(r).RunAsync(CancellationToken.None);
            Assert.True(again.AlreadyCompleted);
        }

        [Fact]
        public async Task AnotherReplicaThatWouldWinIsRefusedAndNothingChanges()
        {
            using var r = await ReplicatingAsync(1, replicas: 1);
            await MakeReplicaCompetitive(r);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, new CutoverOptions { MasterName = "mymaster" }).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.OtherReplicaWouldWin, ex.Kind);
            Assert.Contains(r.Sandbox.Replicas[0].Endpoint.ToString(), ex.Message);
            Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(r.Target, CancellationToken.None));
        }

        [Fact]
        public async Task ExcludingOtherReplicasLetsTheTargetWin()
        {
            using var r = await ReplicatingAsync(1, replicas: 1);
            await MakeReplicaCompetitive(r);
            var result = await Cutover(r, new CutoverOptions { MasterName = "mymaster", ExcludeOtherReplicas = true }).RunAsync(CancellationToken.None);
            Assert.Equal(r.Target.Endpoint.ToString(), result.NewPrimary);
            Assert.Contains(r.Sandbox.Replicas[0].Endpoint.ToString(), result.ExcludedReplicas);
        }

        [Fact]
        public async Task AWrongMasterNameStopsThePreflight()
        {
            using var r = await ReplicatingAsync(1);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, new CutoverOptions { MasterName = "not-mymaster" }).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.MasterNameUnknown, ex.Kind);
        }

        [Fact]
        public async Task CatchUpNotReachedInThePauseRestoresEverything()
        {
            using var r = await ReplicatingAsync(1);
            var pid = r.Sandbox.Target!.ProcessId;
            // The target freezes the moment writes are paused: it stands for one too slow to catch up.
            void FreezeTarget(CutoverMilestone milestone)
            {
                if (milestone.Kind == CutoverMilestoneKind.WritesPaused) Signal(pid, "STOP");
            }
            MigrationException ex;
            try
            {
                ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, new CutoverOptions { MasterName = "mymaster", MaxWritePause = TimeSpan.FromMilliseconds(800) }, FreezeTarget).RunAsync(CancellationToken.None));
            }
            finally
            {
                Signal(pid, "CONT");
            }
            _output.WriteLine(ex.Message);
            Assert.Equal(MigrationErrorKind.CatchUpTimeout, ex.Kind);
            Assert.Contains("restored: writes on the source", ex.Message);
            Assert.Equal("master", (await r.Source.InfoAsync("replication", CancellationToken.None)).Get("role"));
            await Run(r.Source, "SET", "writable-after-abort", "1");
            Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(r.Target, CancellationToken.None));
            Assert.Empty(await MarkersAsync(r.Source));
            Assert.Equal("0", await MinReplicasToWriteAsync(r.Source));
            // The target is stopped while the rollback runs, so its undo may get no answer: the journal then
            // stays for the next run, and goes only when every undo was answered.
            Assert.Equal(ex.Message.Contains("NOT restored"), await HasJournalAsync(r.Source));
            var sentinel = await SentinelInspector.ReadAsync(r.Sentinels[0], "mymaster", CancellationToken.None);
            Assert.Equal(r.Source.Endpoint.ToString(), sentinel.Primary?.ToString());
        }

        [Fact]
        public async Task NoGoodReplicaAtFailoverTimeRestoresEverything()
        {
            using var r = await ReplicatingAsync(1);
            // Once writes are paused, make the target unpromotable behind the tool's back and let Sentinel see it.
            async Task Sabotage()
            {
                using var side = await Connect(r.Sandbox.Target!.Endpoint);
                await Run(side, "CONFIG", "SET", "replica-priority", "0");
                for (var i = 0; i < 40; i++)
                {
                    var state = await SentinelInspector.ReadAsync(r.Sentinels[0], "mymaster", CancellationToken.None);
                    if (state.PredictedPromotion == null) return;
                    await Task.Delay(100);
                }
            }
            void OnCaughtUp(CutoverMilestone milestone)
            {
                if (milestone.Kind == CutoverMilestoneKind.CaughtUp) Sabotage().GetAwaiter().GetResult();
            }
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, null, OnCaughtUp).RunAsync(CancellationToken.None));
            _output.WriteLine(ex.Message);
            Assert.Equal(MigrationErrorKind.FailoverRefused, ex.Kind);
            Assert.Contains("no replica it could promote", ex.Message);
            Assert.Contains("restored: writes on the source", ex.Message);
            Assert.Equal("master", (await r.Source.InfoAsync("replication", CancellationToken.None)).Get("role"));
            await Run(r.Source, "SET", "writable-after-abort", "1");
        }

        [Fact]
        public async Task AnUnreachableSentinelStopsThePreflight()
        {
            using var r = await ReplicatingAsync(3);
            r.Sandbox.Sentinels[2].Kill();
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.SentinelUnreachable, ex.Kind);
            Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(r.Target, CancellationToken.None));
        }
    }
}

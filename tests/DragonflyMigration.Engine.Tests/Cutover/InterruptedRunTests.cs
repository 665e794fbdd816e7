using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>A run that finds the journal of one that died: put back and start over, finish, or refuse while it may be alive.</summary>
    public class InterruptedRunTests
    {
        private static readonly NodeEndpoint Rival = new NodeEndpoint("10.0.0.3", 6379);

        private static CutoverOptions Options() => new CutoverOptions
        {
            MasterName = "mymaster",
            Steadiness = new SteadyCriteria { StableFor = TimeSpan.Zero, MinimumSamples = 1, SampleInterval = TimeSpan.FromMilliseconds(1) },
        };

        private sealed class Recorder : IOperationObserver
        {
            public List<string> Lines { get; } = new List<string>();

            public List<CutoverMilestone> Milestones { get; } = new List<CutoverMilestone>();

            public void Log(string message) => Lines.Add(message);

            public void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null) { }

            public void Milestone(CutoverMilestone milestone)
            {
                Milestones.Add(milestone);
                Lines.Add(milestone.Message);
            }
        }

        /// <summary>What a run that died in the Freeze leaves: the target armed, a rival excluded, the fence armed, the journal.</summary>
        private static FakeCutoverNodes DiedInTheFreeze(long owner = 3)
        {
            var nodes = new FakeCutoverNodes();
            nodes.Others[Rival] = 100;
            var journal = new CutoverJournal(nodes.TargetEndpoint, owner, DateTimeOffset.UtcNow,
                new Dictionary<NodeEndpoint, long> { [nodes.TargetEndpoint] = 0, [Rival] = 100 }, new MinReplicas(0, 10));
            nodes.Journal = journal;
            nodes.JournalOnTarget = true;
            nodes.SetPriorityAsync(nodes.TargetEndpoint, 1, CancellationToken.None).Wait();
            nodes.SetPriorityAsync(Rival, 0, CancellationToken.None).Wait();
            nodes.SetMinReplicasAsync(MinReplicas.Fence(1), CancellationToken.None).Wait();
            nodes.Changes.Clear();
            return nodes;
        }

        [Fact]
        public async Task AFailoverTimeoutADeadRunLoweredIsPutBack()
        {
            var nodes = DiedInTheFreeze();
            var sentinel = nodes.Sentinels[0];
            nodes.Journal = new CutoverJournal(nodes.TargetEndpoint, 3, DateTimeOffset.UtcNow, nodes.Journal!.Priorities, nodes.Journal.MinReplicas,
                new Dictionary<NodeEndpoint, long> { [sentinel] = 180000 });
            await nodes.SetFailoverTimeoutAsync(sentinel, "mymaster", 1, CancellationToken.None);
            nodes.Changes.Clear();
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.Contains($"restored: failover-timeout 180000 on the Sentinel {sentinel}", result.Recovered);
            Assert.Equal(180000, nodes.FailoverTimeouts[sentinel]);
        }

        [Fact]
        public void AJournalKeepsItsFailoverTimeoutsThroughTheHash()
        {
            var sentinel = new NodeEndpoint("10.0.0.21", 26379);
            var journal = new CutoverJournal(new NodeEndpoint("10.0.0.9", 6380), 3, DateTimeOffset.UtcNow, new Dictionary<NodeEndpoint, long>(), new MinReplicas(0, 10),
                new Dictionary<NodeEndpoint, long> { [sentinel] = 180000 });
            var fields = journal.ToFields();
            var map = new Dictionary<string, string>();
            for (var i = 0; i + 1 < fields.Count; i += 2) map[fields[i]] = fields[i + 1];
            Assert.Equal(180000, CutoverJournal.FromFields(map)!.FailoverTimeouts[sentinel]);
        }

        [Fact]
        public async Task AJournalPastThePointOfNoReturnIsNeverPutBackWhileTheSourceIsPrimary()
        {
            var nodes = DiedInTheFreeze();
            nodes.Journal = new CutoverJournal(nodes.TargetEndpoint, 3, DateTimeOffset.UtcNow, nodes.Journal!.Priorities, nodes.Journal.MinReplicas, state: CutoverState.Fenced);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.CutoverInProgress, ex.Kind);
            Assert.Contains("Fenced", ex.Message);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task TheRunThatPutsBackSaysWhereTheDeadRunStopped()
        {
            var nodes = DiedInTheFreeze();
            nodes.Journal = new CutoverJournal(nodes.TargetEndpoint, 3, DateTimeOffset.UtcNow, nodes.Journal!.Priorities, nodes.Journal.MinReplicas, state: CutoverState.Frozen);
            var recorder = new Recorder();
            await new SentinelCutover(nodes, Options(), recorder).RunAsync(CancellationToken.None);
            Assert.Contains(recorder.Lines, l => l.Contains("last recorded state Frozen"));
        }

        [Fact]
        public async Task BeforeThePromotionEverythingIsPutBackThenTheCutoverRunsAgain()
        {
            var nodes = DiedInTheFreeze();
            var cutover = new SentinelCutover(nodes, Options(), new Recorder());
            var plan = await cutover.PlanAsync(CancellationToken.None);
            Assert.Same(nodes.Journal, plan.Interrupted);
            Assert.Contains("put back what an interrupted run changed", plan.Steps[0]);
            Assert.Empty(nodes.Changes);

            var result = await cutover.RunAsync(plan, CancellationToken.None);
            Assert.Equal(new[] { $"priority {nodes.Target} 0", $"priority {Rival} 100", "min-replicas 0 10", "unpause", $"unjournal {nodes.Source}" }, nodes.Changes.Take(5));
            Assert.Equal("failover", nodes.Changes.Single(c => c == "failover"));
            Assert.Contains(result.Recovered, r => r == $"restored: replica-priority 100 on {Rival}");
            Assert.Equal(nodes.Target.ToString(), result.NewPrimary);
            Assert.Equal(new MinReplicas(0, 10), nodes.MinReplicas);
            Assert.Null(nodes.Journal);
        }

        [Fact]
        public async Task AnUndoOfADeadRunThatFailsStopsWithTheRestDoneAndTheJournalKept()
        {
            // The same rollback as a live run's: every other undo is still made, the journal stays for the next run.
            var nodes = DiedInTheFreeze();
            nodes.UnpauseFails = true;
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Contains("NOT restored: writes on the source", ex.Message);
            Assert.Contains("Run Invoke-SentinelFailover again", ex.Remedy);
            Assert.Equal(new[] { $"priority {nodes.Target} 0", $"priority {Rival} 100", "min-replicas 0 10" }, nodes.Changes);
            Assert.NotNull(nodes.Journal);
            Assert.DoesNotContain("failover", nodes.Changes);
        }

        [Fact]
        public async Task AfterThePromotionTheFenceIsFinishedAndTheJournalGoes()
        {
            var nodes = DiedInTheFreeze();
            nodes.AlreadyDone = true;
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.True(result.AlreadyCompleted);
            Assert.Equal(new[] { "fence", $"unjournal {nodes.Target}" }, nodes.Changes);
            Assert.Equal(new MinReplicas(0, 10), nodes.MinReplicas);
            Assert.Contains(result.Recovered, r => r.StartsWith("fenced: the old primary"));
        }

        [Fact]
        public async Task AfterThePromotionAFailoverTimeoutADeadRunLoweredIsPutBackBeforeTheJournalGoes()
        {
            var nodes = DiedInTheFreeze();
            var sentinel = nodes.Sentinels[0];
            nodes.Journal = new CutoverJournal(nodes.TargetEndpoint, 3, DateTimeOffset.UtcNow, nodes.Journal!.Priorities, nodes.Journal.MinReplicas,
                new Dictionary<NodeEndpoint, long> { [sentinel] = 180000 });
            nodes.AlreadyDone = true;
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.Equal(new[] { "fence", $"failover-timeout {sentinel} 180000", $"unjournal {nodes.Target}" }, nodes.Changes);
            Assert.Contains($"failover-timeout 180000 on the Sentinel {sentinel}", result.Recovered);
        }

        [Fact]
        public async Task AfterThePromotionToADragonflyTheOtherReplicasAreMadeUnpromotable()
        {
            var nodes = DiedInTheFreeze();
            nodes.AlreadyDone = true;
            nodes.ServesReplicas = false;
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.Equal(new[] { "fence", $"priority {Rival} 0", $"unjournal {nodes.Target}" }, nodes.Changes);
        }

        [Fact]
        public async Task AnOldPrimaryThatCannotBeReachedIsReportedNotFatal()
        {
            var nodes = DiedInTheFreeze();
            nodes.AlreadyDone = true;
            nodes.FenceFailure = new MigrationException(MigrationErrorKind.FenceFailed, "no answer", nodes.Source.ToString());
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.Contains(result.Recovered, r => r.StartsWith("NOT fenced"));
            Assert.Equal(new[] { $"unjournal {nodes.Target}" }, nodes.Changes);
        }

        [Fact]
        public async Task ACompletedCutoverWithoutAJournalChangesNothing()
        {
            var nodes = new FakeCutoverNodes { AlreadyDone = true };
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.True(result.AlreadyCompleted);
            Assert.Empty(result.Recovered);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task ARunStillConnectedIsNotDisturbed()
        {
            var nodes = DiedInTheFreeze(owner: 3);
            nodes.OtherClients.Add(3);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.CutoverInProgress, ex.Kind);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task AJournalOfThisSessionsOwnConnectionIsAnEndedRun()
        {
            var nodes = DiedInTheFreeze(owner: 7);
            var result = await new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None);
            Assert.NotEmpty(result.Recovered);
            Assert.Equal(nodes.Target.ToString(), result.NewPrimary);
        }

        [Fact]
        public async Task AFailoverStillInProgressIsWaitedForNotUndone()
        {
            var nodes = DiedInTheFreeze();
            nodes.InFailover = true;
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.FailoverInProgress, ex.Kind);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task ASentinelAlreadyNamingTheTargetMeansThePromotionIsUnderWay()
        {
            var nodes = DiedInTheFreeze();
            nodes.NamedPrimary = nodes.TargetEndpoint;
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.FailoverInProgress, ex.Kind);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task AJournalWrittenAfterThePlanIsNeverOverwritten()
        {
            var nodes = new FakeCutoverNodes();
            var cutover = new SentinelCutover(nodes, Options(), new Recorder());
            var plan = await cutover.PlanAsync(CancellationToken.None);
            var theirs = new CutoverJournal(nodes.TargetEndpoint, 9, DateTimeOffset.UtcNow, new Dictionary<NodeEndpoint, long> { [nodes.TargetEndpoint] = 0 }, new MinReplicas(0, 10));
            nodes.Journal = theirs;
            var ex = await Assert.ThrowsAsync<MigrationException>(() => cutover.RunAsync(plan, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.CutoverInProgress, ex.Kind);
            Assert.Same(theirs, nodes.Journal);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task NoAcknowledgingReplicaMeansNoFenceAndNoPause()
        {
            var nodes = new FakeCutoverNodes { Acknowledging = 0 };
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.TargetNotAcknowledging, ex.Kind);
            Assert.DoesNotContain(nodes.Changes, c => c.StartsWith("pause"));
            Assert.Equal($"unjournal {nodes.Source}", nodes.Changes.Last());
        }

        [Fact]
        public async Task AnUndoThatFailsKeepsTheJournalForTheNextRun()
        {
            var nodes = new FakeCutoverNodes { CatchesUp = false, UnpauseFails = true };
            var ex = await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.CatchUpTimeout, ex.Kind);
            Assert.Contains("NOT restored: writes on the source", ex.Message);
            Assert.Contains("Run Invoke-SentinelFailover again", ex.Remedy);
            Assert.NotNull(nodes.Journal);
            Assert.DoesNotContain(nodes.Changes, c => c.StartsWith("unjournal"));
            Assert.Equal(0, nodes.PriorityOf(nodes.TargetEndpoint));
        }

        [Fact]
        public async Task AFailureAfterTheFailoverRequestLeavesTheFenceArmed()
        {
            var nodes = new FakeCutoverNodes { FenceFailure = new MigrationException(MigrationErrorKind.FenceFailed, "no answer", "10.0.0.1:6379") };
            await Assert.ThrowsAsync<MigrationException>(() => new SentinelCutover(nodes, Options(), new Recorder()).RunAsync(CancellationToken.None));
            Assert.Equal(MinReplicas.Fence(1), nodes.MinReplicas);
            Assert.NotNull(nodes.Journal);
        }
    }
}

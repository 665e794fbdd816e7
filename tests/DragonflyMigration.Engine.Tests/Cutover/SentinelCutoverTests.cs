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
    /// <summary>The phase runner on a scripted deployment: every phase's success, timeout and abort path, no servers.</summary>
    public partial class SentinelCutoverTests
    {
        private static readonly NodeEndpoint Rival = new NodeEndpoint("10.0.0.3", 6379);

        // Generous bounds, so a busy machine never decides a test; a test of a timeout shortens its own.
        private static CutoverOptions Options(bool exclude = false, int preflightMs = 10000, int armMs = 10000, int confirmMs = 10000) => new CutoverOptions
        {
            MasterName = "mymaster",
            ExcludeOtherReplicas = exclude,
            PreflightTimeout = TimeSpan.FromMilliseconds(preflightMs),
            ArmTimeout = TimeSpan.FromMilliseconds(armMs),
            ConfirmTimeout = TimeSpan.FromMilliseconds(confirmMs),
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

        private static Task<CutoverResult> Run(FakeCutoverNodes nodes, CutoverOptions? options = null, CancellationToken cancellationToken = default) =>
            new SentinelCutover(nodes, options ?? Options(), new Recorder()).RunAsync(cancellationToken);

        private static async Task<MigrationException> Fails(FakeCutoverNodes nodes, CutoverOptions? options = null) =>
            await Assert.ThrowsAsync<MigrationException>(() => Run(nodes, options));

        // ---- Success and re-run ----------------------------------------------------------------------

        [Fact]
        public async Task ASuccessfulRunGoesThroughEveryPhaseInOrderAndUnpausesOnlyByTheFence()
        {
            var nodes = new FakeCutoverNodes(sentinels: 3);
            var result = await Run(nodes);
            Assert.Equal(new[] { CutoverPhase.Preflight, CutoverPhase.Arm, CutoverPhase.Freeze, CutoverPhase.Promote, CutoverPhase.Fence, CutoverPhase.Confirm },
                result.Phases.Select(p => p.Phase));
            Assert.All(result.Phases, p => Assert.True(p.Succeeded));
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "failover", "fence", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" }, nodes.Changes);
            Assert.Equal(nodes.Target.ToString(), result.NewPrimary);
            Assert.Equal(3, result.ConfirmingSentinels.Count);
            Assert.Equal(5000, result.SourceOffsetAtFreeze);
            Assert.False(nodes.Paused);
            Assert.True(nodes.Closed > 0);
        }

        [Fact]
        public async Task TheRunFollowsThePlanComputedOnce()
        {
            var nodes = new FakeCutoverNodes();
            nodes.Others[Rival] = 100;
            var cutover = new SentinelCutover(nodes, Options(exclude: true), new Recorder());
            var plan = await cutover.PlanAsync(CancellationToken.None);
            Assert.Contains(plan.Steps, s => s.Contains($"replica-priority 0 on {Rival}"));
            Assert.Empty(nodes.Changes);
            var result = await cutover.RunAsync(plan, CancellationToken.None);
            Assert.Equal(new[] { Rival.ToString() }, result.ExcludedReplicas);
            Assert.Equal(CutoverPhase.Preflight, result.Phases[0].Phase);
            Assert.Equal(0, nodes.PriorityOf(Rival));
        }

        [Fact]
        public async Task ACompletedCutoverIsReportedAndNothingChanges()
        {
            var nodes = new FakeCutoverNodes { AlreadyDone = true };
            var cutover = new SentinelCutover(nodes, Options(), new Recorder());
            var plan = await cutover.PlanAsync(CancellationToken.None);
            Assert.True(plan.AlreadyCompleted);
            var result = await cutover.RunAsync(plan, CancellationToken.None);
            Assert.True(result.AlreadyCompleted);
            Assert.Empty(nodes.Changes);
        }

        // ---- Preflight: refusals change nothing ------------------------------------------------------

        [Fact]
        public async Task AReplicaThatCouldWinIsRefusedUnlessExcluded()
        {
            var nodes = new FakeCutoverNodes();
            nodes.Others[Rival] = 1;
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.OtherReplicaWouldWin, ex.Kind);
            Assert.Contains(Rival.ToString(), ex.Message);
            Assert.Empty(nodes.Changes);

            var result = await Run(nodes, Options(exclude: true));
            Assert.Equal(new[] { Rival.ToString() }, result.ExcludedReplicas);
            Assert.Equal($"priority {Rival} 0", nodes.Changes[1]);
        }

        // ---- Arm and Freeze: a failure restores everything, newest first -----------------------------

        [Fact]
        public async Task AnArmTimeoutRestoresEveryPriority()
        {
            var nodes = new FakeCutoverNodes { SentinelsBlind = true };
            nodes.Others[Rival] = 100;
            var ex = await Fails(nodes, Options(exclude: true, armMs: 300));
            Assert.Equal(MigrationErrorKind.ArmTimeout, ex.Kind);
            Assert.Equal(new[] { "journal", $"priority {Rival} 0", $"priority {nodes.Target} 1", $"priority {nodes.Target} 0", $"priority {Rival} 100", $"unjournal {nodes.Source}" }, nodes.Changes);
            Assert.Contains("stopped before the promotion", ex.Message);
        }

        [Fact]
        public async Task ACatchUpTimeoutUnpausesAndRestores()
        {
            var nodes = new FakeCutoverNodes { CatchesUp = false };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.CatchUpTimeout, ex.Kind);
            Assert.Contains("marker", ex.Message);
            Assert.Contains("restored: writes on the source", ex.Message);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "min-replicas 0 10", "unpause", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
            Assert.False(nodes.Paused);
        }

        [Fact]
        public async Task CancellingInsideThePauseUnpausesAndRestores()
        {
            using var cancel = new CancellationTokenSource();
            var nodes = new FakeCutoverNodes { CatchesUp = false, OnPause = cancel.Cancel };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(nodes, null, cancel.Token));
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "min-replicas 0 10", "unpause", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
        }

        // ---- Promote: before the request everything is undone; after it, only a timeout unpauses -------

        [Fact]
        public async Task ARefusedFailoverRestoresEverything()
        {
            var nodes = new FakeCutoverNodes { FailoverRefusal = new MigrationException(MigrationErrorKind.FailoverRefused, "The Sentinel refused the failover: it found no replica it could promote.") };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.FailoverRefused, ex.Kind);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "min-replicas 0 10", "unpause", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
        }

        [Fact]
        public async Task AnUnexpectedPromotionUndoesNothing()
        {
            var nodes = new FakeCutoverNodes { PromotesInstead = Rival };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.UnexpectedPromotion, ex.Kind);
            Assert.Contains(Rival.ToString(), ex.Message);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "failover" }, nodes.Changes);
            Assert.True(nodes.Paused);
        }

        [Fact]
        public async Task APromotionThatNeverComesReleasesThePauseThenRestoresEveryPriorityOnceSentinelGivesUp()
        {
            // down-after 4 s: the pause expires after 2 s, so the promotion deadline is 1.6 s.
            var nodes = new FakeCutoverNodes { Promotes = false, DownAfterMilliseconds = 4000 };
            nodes.Others[Rival] = 1;
            var ex = await Fails(nodes, Options(exclude: true));
            Assert.Equal(MigrationErrorKind.PromotionTimeout, ex.Kind);
            // The pause goes first, at once, behind writes closed on the source; the rest only once Sentinel has given the failover up.
            Assert.Equal(new[] { "journal", $"priority {Rival} 0", $"priority {nodes.Target} 1", "pause 2000 fence 1", "failover", "min-replicas 2147483647 3", "unpause", "min-replicas 0 10", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"priority {Rival} 1", $"unjournal {nodes.Source}" }, nodes.Changes);
            Assert.Contains("restored: writes on the source", ex.Message);
            Assert.Contains("as it was", ex.Message);
        }

        [Fact]
        public async Task AFailoverWhoseAnswerIsLostIsStillWatchedForAndCompletes()
        {
            var nodes = new FakeCutoverNodes { AnswerLost = true };
            var result = await Run(nodes);
            Assert.Equal(nodes.Target.ToString(), result.NewPrimary);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "failover", "fence", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" }, nodes.Changes);
        }

        [Fact]
        public async Task AFailoverRequestThatNeverArrivedEndsAsAPromotionTimeoutWithEverythingPutBack()
        {
            var nodes = new FakeCutoverNodes { RequestLost = true, DownAfterMilliseconds = 4000 };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.PromotionTimeout, ex.Kind);
            // Writes stay closed until Sentinel is seen not to carry a failover out; only then is everything put back.
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 2000 fence 1", "min-replicas 2147483647 3", "unpause", "min-replicas 0 10", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
        }

        [Fact]
        public async Task ASentinelInTiltAtThePromotionIsNotAskedAndEverythingIsPutBack()
        {
            var nodes = new FakeCutoverNodes { TiltsBeforeFailover = true };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.SentinelInTilt, ex.Kind);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "min-replicas 0 10", "unpause", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
        }

        [Fact]
        public async Task ASourceThatStopsAnsweringAfterTheCatchUpIsNamedAndTheRunStopsBeforeThePromotion()
        {
            var nodes = new FakeCutoverNodes { SourceSilentAfterPause = true };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.SourceUnreachable, ex.Kind);
            Assert.DoesNotContain("failover", nodes.Changes);
        }

        [Fact]
        public async Task APromotionThatComesAfterTheDeadlineFencesTheOldPrimaryThen()
        {
            var nodes = new FakeCutoverNodes { Promotes = false, PromotesLate = true, DownAfterMilliseconds = 4000 };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.PromotionTimeout, ex.Kind);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 2000 fence 1", "failover", "min-replicas 2147483647 3", "unpause", "fence", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" }, nodes.Changes);
            Assert.Contains("promoted the target", ex.Message);
        }

        [Fact]
        public async Task ATargetThatFellIntoAFullSyncInsideThePauseIsNeverPromoted()
        {
            var nodes = new FakeCutoverNodes { ResyncsInThePause = true };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.TargetNotReadyToPromote, ex.Kind);
            Assert.Contains("full sync", ex.Message);
            Assert.DoesNotContain("failover", nodes.Changes);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "min-replicas 0 10", "unpause", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
        }

        [Fact]
        public async Task ACommandDroppedFromTheStreamSinceThePreflightStopsTheCutoverBeforeThePromotion()
        {
            var nodes = new FakeCutoverNodes { DropsACommand = true };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.CommandsDropped, ex.Kind);
            Assert.Contains("SWAPDB ×1", ex.Message);
            Assert.DoesNotContain("failover", nodes.Changes);
            Assert.False(nodes.Paused);
        }

        [Fact]
        public async Task ANewPrimaryShortOfKeysIsAWarningNotASilence()
        {
            var fine = await Run(new FakeCutoverNodes { KeysAfterPromotion = 990 });
            Assert.Empty(fine.Warnings);
            var shortOfKeys = await Run(new FakeCutoverNodes { KeysAfterPromotion = 400 });
            Assert.Contains("400 keys", Assert.Single(shortOfKeys.Warnings));
            Assert.Equal(1000, shortOfKeys.SourceKeysAtFreeze);
        }

        // ---- Fence and Confirm ----------------------------------------------------------------------

        [Fact]
        public async Task ReplicasATargetCannotServeAreMadeUnpromotableAfterTheUnpause()
        {
            var other = new NodeEndpoint("10.0.0.4", 6379);
            var nodes = new FakeCutoverNodes { ServesReplicas = false };
            nodes.Others[Rival] = 100;
            nodes.Others[other] = 100;
            var result = await Run(nodes);
            // Both follow the fence (which ends the pause), so they do not lengthen it.
            var fence = nodes.Changes.IndexOf("fence");
            Assert.Equal(new[] { $"priority {Rival} 0", $"priority {other} 0" }, nodes.Changes.Skip(fence + 1).Take(2));
            Assert.Equal(new[] { Rival.ToString(), other.ToString() }, result.UnpromotableReplicas);
        }

        [Fact]
        public async Task AnExcludedReplicaIsNotSetAgainAfterTheFence()
        {
            var nodes = new FakeCutoverNodes { ServesReplicas = false };
            nodes.Others[Rival] = 1;
            var result = await Run(nodes, Options(exclude: true));
            Assert.Equal(new[] { Rival.ToString() }, result.ExcludedReplicas);
            Assert.Empty(result.UnpromotableReplicas);
            Assert.Single(nodes.Changes, c => c == $"priority {Rival} 0");
        }

        [Fact]
        public async Task ReplicasOfATargetThatServesThemAreLeftAlone()
        {
            var nodes = new FakeCutoverNodes();
            nodes.Others[Rival] = 100;
            var result = await Run(nodes);
            Assert.Empty(result.UnpromotableReplicas);
            Assert.DoesNotContain(nodes.Changes, c => c.StartsWith($"priority {Rival}"));
        }

        [Fact]
        public async Task ASentinelWaitingOnReplicasThatCannotFollowIsMadeToEndItsFailoverAndItsTimeoutPutBack()
        {
            var nodes = new FakeCutoverNodes(sentinels: 3) { ServesReplicas = false, LeaderWaitsForReplicas = true };
            nodes.Others[Rival] = 100;
            var result = await Run(nodes);
            Assert.Equal(3, result.ConfirmingSentinels.Count);
            var leader = nodes.Sentinels[0];
            // Lowered only after the promotion and the fence, put back before the journal goes.
            Assert.Equal(new[] { $"failover-timeout {leader} 1", $"failover-timeout {leader} 180000", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" },
                nodes.Changes.SkipWhile(c => !c.StartsWith("failover-timeout", StringComparison.Ordinal)));
            Assert.True(nodes.Changes.IndexOf("fence") < nodes.Changes.IndexOf($"failover-timeout {leader} 1"));
        }

        [Fact]
        public async Task ASentinelRefusingTheLowerTimeoutLeavesTheCutoverDoneAndSaysWhyClientsWait()
        {
            var nodes = new FakeCutoverNodes(sentinels: 3) { ServesReplicas = false, LeaderWaitsForReplicas = true, RefusesLowFailoverTimeout = true };
            nodes.Others[Rival] = 100;
            var ex = await Fails(nodes, Options(confirmMs: 600));
            Assert.Equal(MigrationErrorKind.ConfirmTimeout, ex.Kind);
            Assert.Contains("only 2 of 3", ex.Message);
            // The value is put back all the same (a refusal might hide an applied change); the new primary is cleaned.
            Assert.Equal(new[] { $"failover-timeout {nodes.Sentinels[0]} 180000", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" }, nodes.Changes.TakeLast(3));
        }

        [Fact]
        public async Task TheJournalRecordsTheFailoverTimeoutTheRunMayLower()
        {
            var nodes = new FakeCutoverNodes { ServesReplicas = false, LeaderWaitsForReplicas = true, FenceFailure = new MigrationException(MigrationErrorKind.FenceFailed, "The old primary did not answer.") };
            nodes.Others[Rival] = 100;
            await Fails(nodes);
            Assert.Equal(180000, nodes.Journal!.FailoverTimeouts[nodes.Sentinels[0]]);
        }

        [Fact]
        public async Task ATargetThatServesTheReplicasLeavesTheFailoverTimeoutAlone()
        {
            var nodes = new FakeCutoverNodes { LeaderWaitsForReplicas = false };
            nodes.Others[Rival] = 100;
            await Run(nodes);
            Assert.DoesNotContain(nodes.Changes, c => c.StartsWith("failover-timeout", StringComparison.Ordinal));
        }

        [Fact]
        public async Task AConfirmTimeoutStillPutsTheFailoverTimeoutBackAndCleansTheNewPrimary()
        {
            var nodes = new FakeCutoverNodes(sentinels: 3) { ServesReplicas = false, LeaderWaitsForReplicas = true, SentinelsFollowing = 2 };
            nodes.Others[Rival] = 100;
            var ex = await Fails(nodes, Options(confirmMs: 600));
            Assert.Equal(MigrationErrorKind.ConfirmTimeout, ex.Kind);
            var leader = nodes.Sentinels[0];
            Assert.Equal(new[] { $"failover-timeout {leader} 180000", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" }, nodes.Changes.TakeLast(3));
        }

        [Fact]
        public async Task AFailedFenceNeverUnpausesByRollback()
        {
            var nodes = new FakeCutoverNodes { FenceFailure = new MigrationException(MigrationErrorKind.FenceFailed, "The old primary did not answer.") };
            var ex = await Fails(nodes);
            Assert.Equal(MigrationErrorKind.FenceFailed, ex.Kind);
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "failover" }, nodes.Changes);
            Assert.True(nodes.Paused);
        }

        [Fact]
        public async Task ASentinelThatNeverFollowsIsAConfirmTimeout()
        {
            var nodes = new FakeCutoverNodes(sentinels: 3) { SentinelsFollowing = 2 };
            var ex = await Fails(nodes, Options(confirmMs: 600));
            Assert.Equal(MigrationErrorKind.ConfirmTimeout, ex.Kind);
            Assert.Contains("only 2 of 3", ex.Message);
            // The target is primary all the same: the marker and the journal are removed from it.
            Assert.Equal(new[] { "fence", $"unmark {nodes.Target}", $"unjournal {nodes.Target}" }, nodes.Changes.TakeLast(3));
        }
    }
}

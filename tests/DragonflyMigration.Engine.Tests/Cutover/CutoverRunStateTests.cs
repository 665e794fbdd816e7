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
    /// <summary>
    /// The runner's state machine on a scripted deployment: the milestones each path reports, the states
    /// the journal records, and each abort's undo, no servers.
    /// </summary>
    public class CutoverRunStateTests
    {
        private static readonly NodeEndpoint Rival = new NodeEndpoint("10.0.0.3", 6379);

        private static CutoverOptions Options(bool exclude = false) => new CutoverOptions
        {
            MasterName = "mymaster",
            ExcludeOtherReplicas = exclude,
            PreflightTimeout = TimeSpan.FromSeconds(10),
            ArmTimeout = TimeSpan.FromSeconds(10),
            ConfirmTimeout = TimeSpan.FromSeconds(10),
            Steadiness = new SteadyCriteria { StableFor = TimeSpan.Zero, MinimumSamples = 1, SampleInterval = TimeSpan.FromMilliseconds(1) },
        };

        private sealed class Milestones : IOperationObserver
        {
            public List<CutoverMilestone> Seen { get; } = new List<CutoverMilestone>();

            public void Log(string message) { }

            public void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null) { }

            public void Milestone(CutoverMilestone milestone) => Seen.Add(milestone);

            public IReadOnlyList<CutoverMilestoneKind> Kinds => Seen.Select(m => m.Kind).ToList();
        }

        private static async Task<(Milestones Seen, MigrationException? Failure)> Run(FakeCutoverNodes nodes, CutoverOptions? options = null)
        {
            var seen = new Milestones();
            try
            {
                await new SentinelCutover(nodes, options ?? Options(), seen).RunAsync(CancellationToken.None);
                return (seen, null);
            }
            catch (MigrationException ex)
            {
                return (seen, ex);
            }
        }

        [Fact]
        public async Task ACompletedRunReportsEveryMilestoneInOrderWithItsState()
        {
            var nodes = new FakeCutoverNodes();
            var (seen, failure) = await Run(nodes);
            Assert.Null(failure);
            Assert.Equal(new[]
            {
                (CutoverMilestoneKind.PhaseStarted, CutoverPhase.Preflight, CutoverState.Planned),
                (CutoverMilestoneKind.PhaseStarted, CutoverPhase.Arm, CutoverState.Planned),
                (CutoverMilestoneKind.TargetArmed, CutoverPhase.Arm, CutoverState.Armed),
                (CutoverMilestoneKind.PhaseStarted, CutoverPhase.Freeze, CutoverState.Armed),
                (CutoverMilestoneKind.WritesPaused, CutoverPhase.Freeze, CutoverState.Frozen),
                (CutoverMilestoneKind.CaughtUp, CutoverPhase.Freeze, CutoverState.Frozen),
                (CutoverMilestoneKind.PhaseStarted, CutoverPhase.Promote, CutoverState.Frozen),
                (CutoverMilestoneKind.FailoverRequested, CutoverPhase.Promote, CutoverState.FailoverRequested),
                (CutoverMilestoneKind.Promoted, CutoverPhase.Promote, CutoverState.Promoted),
                (CutoverMilestoneKind.PhaseStarted, CutoverPhase.Fence, CutoverState.Promoted),
                (CutoverMilestoneKind.WritesResumed, CutoverPhase.Fence, CutoverState.Fenced),
                (CutoverMilestoneKind.PhaseStarted, CutoverPhase.Confirm, CutoverState.Fenced),
                (CutoverMilestoneKind.Confirmed, CutoverPhase.Confirm, CutoverState.Confirmed),
            }, seen.Seen.Select(m => (m.Kind, m.Phase, m.State)));
        }

        [Fact]
        public async Task ASentinelSilentOnceTheCutoverIsConfirmedCostsTheNoteNotTheResult()
        {
            var nodes = new FakeCutoverNodes { SentinelsSilentAfterFailover = true };
            var seen = new Milestones();
            var result = await new SentinelCutover(nodes, Options(), seen).RunAsync(CancellationToken.None);
            Assert.Equal(nodes.Target.ToString(), result.NewPrimary);
            Assert.Null(result.SentinelFailoverNote);
            Assert.Equal(CutoverMilestoneKind.Confirmed, seen.Kinds.Last());
        }

        [Fact]
        public async Task TheJournalRecordsFrozenWithThePauseAndFencedOnTheNewPrimary()
        {
            var nodes = new FakeCutoverNodes();
            await Run(nodes);
            Assert.Equal(new[] { (nodes.SourceEndpoint, CutoverState.Frozen), (nodes.TargetEndpoint, CutoverState.Fenced) }, nodes.RecordedStates);
        }

        [Fact]
        public async Task APauseWhoseAnswerIsLostIsStillUndone()
        {
            // The transaction paused writes and armed the fence; only its answer is lost.
            var nodes = new FakeCutoverNodes { PauseAnswerLost = true };
            var (seen, failure) = await Run(nodes);
            Assert.NotNull(failure);
            Assert.False(nodes.Paused);
            Assert.Equal(new MinReplicas(0, 10).ToString(), nodes.MinReplicas.ToString());
            Assert.Equal(new[] { "journal", $"priority {nodes.Target} 1", "pause 15000 fence 1", "min-replicas 0 10", "unpause", $"unmark {nodes.Source}", $"priority {nodes.Target} 0", $"unjournal {nodes.Source}" }, nodes.Changes);
            Assert.DoesNotContain(CutoverMilestoneKind.WritesPaused, seen.Kinds);
            Assert.Equal(5, seen.Kinds.Count(k => k == CutoverMilestoneKind.Undone));
        }

        [Fact]
        public async Task AnAbortBeforeTheRequestReportsEachUndoAsAMilestone()
        {
            var nodes = new FakeCutoverNodes { CatchesUp = false, DownAfterMilliseconds = 4000 };
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.CatchUpTimeout, failure!.Kind);
            var undone = seen.Seen.Where(m => m.Kind == CutoverMilestoneKind.Undone).ToList();
            Assert.Equal(5, undone.Count);
            Assert.All(undone, m => Assert.Equal(CutoverState.Frozen, m.State));
            Assert.DoesNotContain(CutoverMilestoneKind.FailoverRequested, seen.Kinds);
        }

        [Fact]
        public async Task AnUndoThatFailsIsANotUndoneMilestoneAndTheJournalStays()
        {
            var nodes = new FakeCutoverNodes { CatchesUp = false, DownAfterMilliseconds = 4000, UnpauseFails = true };
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.CatchUpTimeout, failure!.Kind);
            Assert.Single(seen.Seen, m => m.Kind == CutoverMilestoneKind.NotUndone);
            Assert.NotNull(nodes.Journal);
        }

        [Fact]
        public async Task ARefusedRequestIsNotPastThePointOfNoReturnAndEverythingIsPutBack()
        {
            var nodes = new FakeCutoverNodes { FailoverRefusal = new MigrationException(MigrationErrorKind.FailoverRefused, "The Sentinel refused the failover.") };
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.FailoverRefused, failure!.Kind);
            Assert.DoesNotContain(CutoverMilestoneKind.FailoverRequested, seen.Kinds);
            Assert.All(seen.Seen.Where(m => m.Kind == CutoverMilestoneKind.Undone), m => Assert.Equal(CutoverState.Frozen, m.State));
            Assert.Equal($"unjournal {nodes.Source}", nodes.Changes.Last());
        }

        [Fact]
        public async Task AFailureAfterTheRequestUndoesNothing()
        {
            var nodes = new FakeCutoverNodes { PromotesInstead = Rival };
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.UnexpectedPromotion, failure!.Kind);
            Assert.DoesNotContain(seen.Kinds, k => k == CutoverMilestoneKind.Undone || k == CutoverMilestoneKind.NotUndone);
            Assert.True(nodes.Paused);
            Assert.NotNull(nodes.Journal);
        }

        [Fact]
        public async Task APromotionTimeoutReleasesOnlyThePauseThenUndoesTheRestOnceSentinelGaveUp()
        {
            var nodes = new FakeCutoverNodes { Promotes = false, DownAfterMilliseconds = 4000 };
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.PromotionTimeout, failure!.Kind);
            var undone = seen.Seen.Where(m => m.Kind == CutoverMilestoneKind.Undone).ToList();
            Assert.Equal(CutoverState.PromotionTimedOut, undone[0].State);
            Assert.Contains("CLIENT UNPAUSE", undone[0].Message);
            Assert.All(undone.Skip(1), m => Assert.Equal(CutoverState.FailoverAbandoned, m.State));
            Assert.Null(nodes.Journal);
        }

        [Fact]
        public async Task ALatePromotionFinishesTheFenceLikeTheFencePhase()
        {
            var nodes = new FakeCutoverNodes { Promotes = false, PromotesLate = true, DownAfterMilliseconds = 4000, ServesReplicas = false };
            nodes.Others[Rival] = 100;
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.PromotionTimeout, failure!.Kind);
            Assert.Equal(new[] { CutoverMilestoneKind.Promoted, CutoverMilestoneKind.WritesResumed }, seen.Kinds.SkipWhile(k => k != CutoverMilestoneKind.Promoted).Take(2));
            Assert.Contains($"priority {Rival} 0", nodes.Changes);
            Assert.Contains((nodes.TargetEndpoint, CutoverState.Fenced), nodes.RecordedStates);
        }

        [Fact]
        public async Task AFenceThatFailsStillStrandsTheReplicasTheNewPrimaryCannotServe()
        {
            var nodes = new FakeCutoverNodes { ServesReplicas = false, FenceFailure = new MigrationException(MigrationErrorKind.FenceFailed, "The old primary did not answer.") };
            nodes.Others[Rival] = 100;
            var (seen, failure) = await Run(nodes);
            Assert.Equal(MigrationErrorKind.FenceFailed, failure!.Kind);
            Assert.Equal(0, nodes.PriorityOf(Rival));
            Assert.DoesNotContain(CutoverMilestoneKind.WritesResumed, seen.Kinds);
            Assert.DoesNotContain(seen.Kinds, k => k == CutoverMilestoneKind.Undone);
        }
    }
}

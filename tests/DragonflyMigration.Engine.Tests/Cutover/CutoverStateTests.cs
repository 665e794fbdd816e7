using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>The cutover's states: the legal moves, the abort policy in each state, and the point of no return.</summary>
    public class CutoverStateTests
    {
        private static readonly CutoverState[] States = Enum.GetValues(typeof(CutoverState)).Cast<CutoverState>().ToArray();
        private static readonly RollbackStep[] Steps = Enum.GetValues(typeof(RollbackStep)).Cast<RollbackStep>().ToArray();

        public static IEnumerable<object[]> EveryPair() =>
            from a in States from b in States select new object[] { a, b };

        [Theory]
        [MemberData(nameof(EveryPair))]
        public void OnlyTheListedMovesAreLegal(CutoverState from, CutoverState to)
        {
            var legal = (from, to) switch
            {
                (CutoverState.Planned, CutoverState.Armed) => true,
                (CutoverState.Armed, CutoverState.Frozen) => true,
                (CutoverState.Frozen, CutoverState.FailoverRequested) => true,
                (CutoverState.FailoverRequested, CutoverState.Frozen) => true,
                (CutoverState.FailoverRequested, CutoverState.Promoted) => true,
                (CutoverState.FailoverRequested, CutoverState.PromotionTimedOut) => true,
                (CutoverState.PromotionTimedOut, CutoverState.Promoted) => true,
                (CutoverState.PromotionTimedOut, CutoverState.FailoverAbandoned) => true,
                (CutoverState.Promoted, CutoverState.Fenced) => true,
                (CutoverState.Fenced, CutoverState.Confirmed) => true,
                (CutoverState.Planned or CutoverState.Armed or CutoverState.Frozen or CutoverState.FailoverAbandoned, CutoverState.RolledBack) => true,
                _ => false,
            };
            if (legal) Assert.Equal(to, CutoverStates.Check(from, to));
            else Assert.Throws<InvalidOperationException>(() => CutoverStates.Check(from, to));
        }

        [Fact]
        public void ConfirmedAndRolledBackAreFinal()
        {
            Assert.Empty(CutoverStates.Transitions[CutoverState.Confirmed]);
            Assert.Empty(CutoverStates.Transitions[CutoverState.RolledBack]);
            Assert.Equal(States.OrderBy(s => s), CutoverStates.Transitions.Keys.OrderBy(s => s));
        }

        [Theory]
        [InlineData(CutoverState.Planned)]
        [InlineData(CutoverState.Armed)]
        [InlineData(CutoverState.Frozen)]
        [InlineData(CutoverState.FailoverAbandoned)]
        public void BeforeTheRequestAndOnceSentinelGaveItUpEverythingIsUndone(CutoverState state)
        {
            Assert.False(CutoverStates.PastPointOfNoReturn(state));
            Assert.All(Steps, s => Assert.True(CutoverDecisions.ToUndo(state)(s)));
        }

        [Fact]
        public void AfterAPromotionTimeoutOnlyThePauseIsReleased()
        {
            Assert.Equal(new[] { RollbackStep.WritePause }, Steps.Where(CutoverDecisions.ToUndo(CutoverState.PromotionTimedOut)));
        }

        [Theory]
        [InlineData(CutoverState.FailoverRequested)]
        [InlineData(CutoverState.Promoted)]
        [InlineData(CutoverState.Fenced)]
        [InlineData(CutoverState.Confirmed)]
        [InlineData(CutoverState.RolledBack)]
        public void OtherwiseNothingIsUndone(CutoverState state)
        {
            Assert.DoesNotContain(Steps, s => CutoverDecisions.ToUndo(state)(s));
        }

        [Theory]
        [InlineData(CutoverState.FailoverRequested)]
        [InlineData(CutoverState.PromotionTimedOut)]
        [InlineData(CutoverState.Promoted)]
        [InlineData(CutoverState.Fenced)]
        [InlineData(CutoverState.Confirmed)]
        public void PastThePointOfNoReturnTheCheckRefusesEveryUndoButThePause(CutoverState state)
        {
            Assert.True(CutoverStates.PastPointOfNoReturn(state));
            foreach (var step in Steps.Where(s => s != RollbackStep.WritePause))
                Assert.Throws<InvalidOperationException>(() => CutoverStates.CheckUndo(state, step));
            CutoverStates.CheckUndo(state, RollbackStep.WritePause);
        }

        [Fact]
        public async Task ARollbackPastThePointOfNoReturnUndoesNothingAndKeepsItsSteps()
        {
            var undone = new List<RollbackStep>();
            var rollback = new Rollback();
            foreach (var step in Steps) rollback.Add(step, step.ToString(), _ => { undone.Add(step); return Task.CompletedTask; });
            Assert.Empty(await rollback.RunAsync(CutoverState.Promoted));
            Assert.Empty(undone);
            Assert.False(rollback.IsEmpty);
            Assert.Single(await rollback.RunAsync(CutoverState.PromotionTimedOut));
            Assert.Equal(new[] { RollbackStep.WritePause }, undone);
        }

        [Fact]
        public async Task ARollbackBeforeTheRequestUndoesNewestFirstAndTheJournalLast()
        {
            var undone = new List<RollbackStep>();
            var rollback = new Rollback();
            foreach (var step in new[] { RollbackStep.Journal, RollbackStep.TargetPriority, RollbackStep.Marker, RollbackStep.WritePause, RollbackStep.WriteFence })
                rollback.Add(step, step.ToString(), _ => { undone.Add(step); return Task.CompletedTask; });
            await rollback.RunAsync(CutoverState.Frozen);
            Assert.Equal(new[] { RollbackStep.WriteFence, RollbackStep.WritePause, RollbackStep.Marker, RollbackStep.TargetPriority, RollbackStep.Journal }, undone);
            Assert.True(rollback.IsEmpty);
        }

        [Fact]
        public void AJournalKeepsItsStateThroughTheHash()
        {
            var journal = new CutoverJournal(new NodeEndpoint("10.0.0.9", 6380), 3, DateTimeOffset.UtcNow, new Dictionary<NodeEndpoint, long>(), new MinReplicas(0, 10), state: CutoverState.Fenced);
            var fields = journal.ToFields();
            var map = Enumerable.Range(0, fields.Count / 2).ToDictionary(i => fields[2 * i], i => fields[2 * i + 1]);
            Assert.Equal(CutoverState.Fenced, CutoverJournal.FromFields(map)!.State);
            map.Remove(CutoverJournal.StateField);
            Assert.Equal(CutoverState.Armed, CutoverJournal.FromFields(map)!.State);
            map[CutoverJournal.StateField] = "Sideways";
            Assert.Null(CutoverJournal.FromFields(map));
        }
    }
}

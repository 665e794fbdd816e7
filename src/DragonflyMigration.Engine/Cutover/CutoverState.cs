using System;
using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// Where one cutover stands: the value <see cref="CutoverRun"/> dispatches on, the abort policy
    /// (<see cref="CutoverDecisions.ToUndo"/>) reads and the journal records. Sentinel's own
    /// failover_state is the model: one explicit state, moved forward only along
    /// <see cref="CutoverStates.Transitions"/>.
    /// </summary>
    public enum CutoverState
    {
        /// <summary>Nothing is changed yet.</summary>
        Planned,

        /// <summary>The journal is on the source; replica-priorities are being changed.</summary>
        Armed,

        /// <summary>Writes are paused on the source, or the request to pause them may have reached it.</summary>
        Frozen,

        /// <summary>SENTINEL FAILOVER was sent (its answer may be lost): the point of no return.</summary>
        FailoverRequested,

        /// <summary>Requested, but the target was not primary by the fence deadline: writes closed on the source, the pause released.</summary>
        PromotionTimedOut,

        /// <summary>After a promotion timeout, every Sentinel names the source with no failover in progress: the request is void.</summary>
        FailoverAbandoned,

        /// <summary>The target answers as primary.</summary>
        Promoted,

        /// <summary>The old primary replicates the target, is unpromotable and lost its clients; writes flow to the new primary.</summary>
        Fenced,

        /// <summary>Every Sentinel names the target where clients read it. Final.</summary>
        Confirmed,

        /// <summary>Everything the run changed is put back. Final.</summary>
        RolledBack,
    }

    /// <summary>The legal moves between <see cref="CutoverState"/>s and the point of no return.</summary>
    public static class CutoverStates
    {
        /// <summary>Every legal move; anything else is a bug in the runner, refused by <see cref="Check"/>.</summary>
        public static readonly IReadOnlyDictionary<CutoverState, IReadOnlyList<CutoverState>> Transitions = new Dictionary<CutoverState, IReadOnlyList<CutoverState>>
        {
            [CutoverState.Planned] = new[] { CutoverState.Armed, CutoverState.RolledBack },
            [CutoverState.Armed] = new[] { CutoverState.Frozen, CutoverState.RolledBack },
            [CutoverState.Frozen] = new[] { CutoverState.FailoverRequested, CutoverState.RolledBack },
            // Back to Frozen only when Sentinel refused the request: a refusal proves it was not carried out.
            [CutoverState.FailoverRequested] = new[] { CutoverState.Promoted, CutoverState.PromotionTimedOut, CutoverState.Frozen },
            [CutoverState.PromotionTimedOut] = new[] { CutoverState.Promoted, CutoverState.FailoverAbandoned },
            [CutoverState.FailoverAbandoned] = new[] { CutoverState.RolledBack },
            [CutoverState.Promoted] = new[] { CutoverState.Fenced },
            [CutoverState.Fenced] = new[] { CutoverState.Confirmed },
            [CutoverState.Confirmed] = Array.Empty<CutoverState>(),
            [CutoverState.RolledBack] = Array.Empty<CutoverState>(),
        };

        /// <summary>
        /// From the SENTINEL FAILOVER request until Sentinel is seen to give it up, Sentinel may promote the
        /// target at any moment: nothing that makes the target unpromotable or the source writable again may be undone.
        /// </summary>
        public static bool PastPointOfNoReturn(CutoverState state) =>
            state == CutoverState.FailoverRequested || state == CutoverState.PromotionTimedOut
            || state == CutoverState.Promoted || state == CutoverState.Fenced || state == CutoverState.Confirmed;

        /// <summary>The state after a legal move; throws <see cref="InvalidOperationException"/> on any other.</summary>
        public static CutoverState Check(CutoverState from, CutoverState to) =>
            Transitions[from].Contains(to) ? to : throw new InvalidOperationException($"A cutover cannot move from {from} to {to}.");

        /// <summary>
        /// The explicit check behind every undo: past the point of no return only the write pause may be
        /// released (after a promotion timeout, once writes are closed another way). Throws otherwise.
        /// </summary>
        public static void CheckUndo(CutoverState state, RollbackStep step)
        {
            if (PastPointOfNoReturn(state) && step != RollbackStep.WritePause)
                throw new InvalidOperationException($"{step} cannot be undone in {state}: SENTINEL FAILOVER was requested, and Sentinel may promote the target at any moment.");
        }
    }
}

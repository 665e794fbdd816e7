using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>What a cutover changes that a rollback can undo.</summary>
    public enum RollbackStep
    {
        /// <summary>The source's CLIENT PAUSE WRITE (undone by CLIENT UNPAUSE).</summary>
        WritePause,

        /// <summary>The source's min-replicas settings, armed with the pause (undone by setting them back).</summary>
        WriteFence,

        /// <summary>The journal written on the source before the first change (undone by DEL, last).</summary>
        Journal,

        /// <summary>The catch-up marker written on the source with the pause (undone by DEL, once writes flow again).</summary>
        Marker,

        /// <summary>The target's replica-priority, raised to arm it.</summary>
        TargetPriority,

        /// <summary>Another replica's replica-priority, lowered to 0 by -ExcludeOtherReplicas.</summary>
        ReplicaPriority,

        /// <summary>The failover-timeout of the Sentinel asked for the failover, lowered to end its failover (only an interrupted run's journal holds it).</summary>
        FailoverTimeout,
    }

    /// <summary>
    /// Everything the cutover changed so far, each step with how to undo it. It is the only code that
    /// undoes anything before the promotion (docs/architecture.md#cutover-phases): a live run's changes as
    /// it made them, and a dead run's rebuilt from its journal (<see cref="InterruptedRun"/>); every step
    /// is undone, newest first, as far as <see cref="CutoverDecisions.ToUndo"/> allows in the run's state, and
    /// never past the point of no return (<see cref="CutoverStates.CheckUndo"/>).
    /// </summary>
    internal sealed class Rollback
    {
        /// <summary>How a line of an undo that failed starts.</summary>
        public const string NotRestored = "NOT restored";

        private readonly List<Entry> _entries = new List<Entry>();

        public void Add(RollbackStep step, string what, Func<CancellationToken, Task> undo) =>
            _entries.Add(new Entry(step, what, undo));

        /// <summary>Whether every change is undone (the journal included).</summary>
        public bool IsEmpty => _entries.Count == 0;

        /// <summary>
        /// Undoes the steps the policy selects for <paramref name="state"/>, newest first. One line per step,
        /// saying whether it worked; a failed undo does not throw. The journal goes only when nothing else is
        /// left to undo and every undo worked: otherwise the next run needs it to put back the rest.
        /// </summary>
        public async Task<IReadOnlyList<string>> RunAsync(CutoverState state)
        {
            var scope = CutoverDecisions.ToUndo(state);
            var report = new List<string>();
            var failed = false;
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                var entry = _entries[i];
                if (!scope(entry.Step)) continue;
                CutoverStates.CheckUndo(state, entry.Step);
                if (entry.Step == RollbackStep.Journal && (failed || _entries.Count > 1)) continue;
                // Restoring must finish even when the caller was cancelled, and a node that does not answer
                // must not use up the time of the undos on the others: a fresh bound for each.
                using var bound = new CancellationTokenSource(CutoverTimings.RollbackStep);
                try
                {
                    await entry.Undo(bound.Token).ConfigureAwait(false);
                    report.Add("restored: " + entry.What);
                    _entries.RemoveAt(i);
                }
                catch (Exception ex)
                {
                    report.Add($"{NotRestored}: {entry.What} ({ex.Message})");
                    failed = true;
                }
            }
            return report;
        }

        private sealed class Entry
        {
            public Entry(RollbackStep step, string what, Func<CancellationToken, Task> undo)
            {
                Step = step;
                What = what;
                Undo = undo;
            }

            public RollbackStep Step { get; }

            public string What { get; }

            public Func<CancellationToken, Task> Undo { get; }
        }
    }
}

using System;
using System.Threading;
using DragonflyMigration.Engine.Cutover;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// Acts once, on the first cutover milestone that matches: how a fault test hits a moment of the cutover
    /// (writes paused, the Promote phase starting) by the milestone's kind, never by the wording of a log line.
    /// The action runs on the cutover's own thread, before its next step, so the fault is in place when that
    /// step starts.
    /// </summary>
    internal sealed class OnMilestoneOnce
    {
        private readonly Func<CutoverMilestone, bool> _matches;
        private readonly Action _action;
        private int _fired;

        public OnMilestoneOnce(CutoverMilestoneKind kind, Action action)
            : this(m => m.Kind == kind, action)
        {
        }

        /// <summary>When <paramref name="phase"/> starts.</summary>
        public OnMilestoneOnce(CutoverPhase phase, Action action)
            : this(m => m.Kind == CutoverMilestoneKind.PhaseStarted && m.Phase == phase, action)
        {
        }

        public OnMilestoneOnce(Func<CutoverMilestone, bool> matches, Action action)
        {
            _matches = matches;
            _action = action;
        }

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public void Observe(CutoverMilestone milestone)
        {
            if (_matches(milestone) && Interlocked.Exchange(ref _fired, 1) == 0) _action();
        }
    }
}

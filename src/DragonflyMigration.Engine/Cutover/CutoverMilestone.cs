using System;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>The moments of a cutover that runbooks, tests and fault injection key on.</summary>
    public enum CutoverMilestoneKind
    {
        /// <summary>A phase starts (<see cref="CutoverMilestone.Phase"/>).</summary>
        PhaseStarted,

        /// <summary>The target's replica-priority is raised: the first change Sentinel sees.</summary>
        TargetArmed,

        /// <summary>Writes are paused on the source, with the catch-up marker and the write fence.</summary>
        WritesPaused,

        /// <summary>The marker written with the pause arrived on the target.</summary>
        CaughtUp,

        /// <summary>SENTINEL FAILOVER was sent: the point of no return.</summary>
        FailoverRequested,

        /// <summary>The target answers as primary.</summary>
        Promoted,

        /// <summary>The old primary is fenced and the pause is over: writes flow to the new primary.</summary>
        WritesResumed,

        /// <summary>One change is put back (<see cref="CutoverMilestone.Message"/> says which).</summary>
        Undone,

        /// <summary>One change could not be put back; the journal stays for the next run.</summary>
        NotUndone,

        /// <summary>Every Sentinel names the target.</summary>
        Confirmed,
    }

    /// <summary>
    /// One typed cutover event. The verbose stream shows <see cref="Message"/>; the cmdlets also write the
    /// object to the information stream (tag <c>DragonflyMigration.Milestone</c>), where code keys on
    /// <see cref="Kind"/> rather than on the wording.
    /// </summary>
    public sealed class CutoverMilestone
    {
        public CutoverMilestone(CutoverMilestoneKind kind, CutoverPhase phase, CutoverState state, string message)
        {
            Kind = kind;
            Phase = phase;
            State = state;
            Message = message;
            At = DateTimeOffset.UtcNow;
        }

        public CutoverMilestoneKind Kind { get; }

        public CutoverPhase Phase { get; }

        /// <summary>The run's state when it happened.</summary>
        public CutoverState State { get; }

        /// <summary>The verbose line.</summary>
        public string Message { get; }

        public DateTimeOffset At { get; }

        public override string ToString() => Message;
    }
}

using System;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>The named phases of a cutover, in order (Sentinel's own failover is the model).</summary>
    public enum CutoverPhase
    {
        Preflight,
        Arm,
        Freeze,
        Promote,
        Fence,
        Confirm,
    }

    /// <summary>How long a phase took and how it ended.</summary>
    public sealed class PhaseRecord
    {
        public CutoverPhase Phase { get; init; }

        public TimeSpan Duration { get; init; }

        public bool Succeeded { get; init; }

        public string Detail { get; init; } = string.Empty;
    }
}

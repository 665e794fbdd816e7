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

    /// <summary>
    /// What each phase does, in one sentence: the one description of the phases. The verbose line that
    /// starts a phase says it; the help of Invoke-SentinelFailover, about_DragonflyMigration_Cutover and the
    /// README state it word for word (a test holds them to it); -WhatIf lists the plan's steps under the same names.
    /// </summary>
    public static class CutoverPhases
    {
        public static string Summary(CutoverPhase phase) => phase switch
        {
            CutoverPhase.Preflight => "read-only: every Sentinel reachable, naming the source as primary with the same config epoch, with a quorum and none in TILT; -MaxWritePause at most half of down-after-milliseconds; replication steady; and no other replica Sentinel could promote instead (refused, naming it, unless -ExcludeOtherReplicas).",
            CutoverPhase.Arm => "the journal is written on the source, the target gets replica-priority 1 (other replicas 0 with -ExcludeOtherReplicas), and the cmdlet waits until every Sentinel would promote the target.",
            CutoverPhase.Freeze => "CLIENT PAUSE WRITE on the source, with a write fence (min-replicas-to-write) and a marker key in the same transaction, then a wait until the target has the marker, so it holds every write acknowledged before the pause.",
            CutoverPhase.Promote => "once the target is checked (link up, no sync, no command dropped) and no Sentinel is in TILT, SENTINEL FAILOVER, the point of no return, then a wait until the target is primary.",
            CutoverPhase.Fence => "the old primary replicates the target, gets replica-priority 0 and loses its clients, and only then are writes unpaused, so held writes fail with READONLY instead of vanishing.",
            CutoverPhase.Confirm => "the target answers as primary and every Sentinel names it in SENTINEL MASTER, what clients read.",
            _ => throw new ArgumentOutOfRangeException(nameof(phase)),
        };
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

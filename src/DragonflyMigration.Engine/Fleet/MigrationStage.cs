namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>Where one group's migration stands, as its servers, Sentinels and journal show it.</summary>
    public enum MigrationStage
    {
        /// <summary>The Sentinels name the source and the target does not replicate it.</summary>
        NotStarted,

        /// <summary>The target replicates the source and has not caught up (full sync, connecting, or no acknowledgement within a second).</summary>
        Replicating,

        /// <summary>The target streams from the source and acknowledged within the last second: Wait-ReplicationSteady will confirm it over its window.</summary>
        Steady,

        /// <summary>The target was replicating the source and its link is down.</summary>
        Broken,

        /// <summary>A cutover journal is on the source: a run stopped part way, and the next run finishes or puts back what it did.</summary>
        Interrupted,

        /// <summary>The Sentinels name the target, and Complete-DragonflyMigration has old nodes to retire.</summary>
        CutOver,

        /// <summary>The Sentinels name the target and no old node is left to retire (by Complete-DragonflyMigration's own rule).</summary>
        Completed,

        /// <summary>The Sentinels name neither the source nor the target as the primary.</summary>
        Elsewhere,
    }
}

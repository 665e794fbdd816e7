namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>
    /// How far a plan run takes each group. Each goes from wherever it stands (read by
    /// <see cref="GroupStageReader"/>) up to the stage asked for, so a run stopped at any point is run again
    /// from the top and converges.
    /// </summary>
    public enum FleetStage
    {
        /// <summary>Readiness checks only, on groups not started yet; nothing is changed.</summary>
        Readiness,

        /// <summary>Readiness, replication started, and waited for until steady.</summary>
        Steady,

        /// <summary>As Steady, then the fenced cutover.</summary>
        CutOver,

        /// <summary>As CutOver, then the old nodes retired from the Sentinels (Complete-DragonflyMigration, no shutdown).</summary>
        Completed,
    }
}

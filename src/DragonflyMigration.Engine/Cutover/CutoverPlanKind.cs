namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>What a plan will do: the four cases the preflight tells apart, each carried out its own way.</summary>
    public enum CutoverPlanKind
    {
        /// <summary>Arm, Freeze, Promote, Fence, Confirm.</summary>
        Cutover,

        /// <summary>The Sentinels already name the target and no journal is left: nothing to do.</summary>
        AlreadyCompleted,

        /// <summary>The Sentinels name the target and an earlier run's journal is on it: that run died after SENTINEL FAILOVER, and its fence is finished.</summary>
        FinishInterrupted,

        /// <summary>An earlier run's journal is on the source: it died before SENTINEL FAILOVER; what it changed is put back, then the preflight runs again.</summary>
        RestoreInterrupted,
    }
}

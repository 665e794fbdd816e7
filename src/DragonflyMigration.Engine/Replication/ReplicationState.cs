namespace DragonflyMigration.Engine.Replication
{
    /// <summary>Where a target stands as a replica of the source.</summary>
    public enum ReplicationState
    {
        /// <summary>The target is a primary, or replicates another server.</summary>
        NotReplicating,
        /// <summary>The target was told to replicate the source but no sync has begun.</summary>
        Connecting,
        FullSync,
        /// <summary>The full sync is done and the source streams its writes.</summary>
        Streaming,
        /// <summary>The link was up once and is down now.</summary>
        Broken,
    }

    /// <summary>The step of a full sync.</summary>
    public enum FullSyncPhase
    {
        None,
        /// <summary>The source is producing its snapshot (fork, or the diskless delay).</summary>
        WaitingForSnapshot,
        /// <summary>The snapshot is on its way to the target.</summary>
        Transferring,
        /// <summary>The target is loading what it received.</summary>
        Loading,
    }
}

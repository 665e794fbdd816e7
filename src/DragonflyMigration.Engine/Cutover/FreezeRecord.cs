namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>What the Freeze phase records of the source with writes paused, and of the target once it caught up.</summary>
    public sealed class FreezeRecord
    {
        public long? SourceOffset { get; init; }

        /// <summary>The target's offset, where it reports one worth reading; for the record only.</summary>
        public long? TargetOffset { get; init; }

        /// <summary>Keys the source held with writes paused.</summary>
        public long SourceKeys { get; init; }

        /// <summary>Of those, keys with an expiry: they may be gone by the next reading.</summary>
        public long SourceKeysExpiring { get; init; }
    }
}

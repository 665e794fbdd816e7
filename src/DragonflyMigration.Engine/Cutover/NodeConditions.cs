namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>What the Freeze phase records of the source once the target caught up.</summary>
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

    /// <summary>The target as one INFO shows it, at the edges of the pause.</summary>
    public sealed class TargetCondition
    {
        /// <summary>A replica's link to its primary is up (always true for a primary).</summary>
        public bool LinkUp { get; init; }

        /// <summary>A full sync is in progress.</summary>
        public bool Syncing { get; init; }

        /// <summary>The dataset is loading (INFO persistence <c>loading:1</c>).</summary>
        public bool Loading { get; init; }

        public long Keys { get; init; }

        /// <summary>Dragonfly's counts of commands it did not know; null when not read.</summary>
        public System.Collections.Generic.IReadOnlyDictionary<string, long>? UnknownCommands { get; init; }
    }
}

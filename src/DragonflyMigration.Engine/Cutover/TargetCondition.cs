using System.Collections.Generic;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>The target as one look shows it (GET of the marker, then INFO, pipelined), at the edges of the pause.</summary>
    public sealed class TargetCondition
    {
        /// <summary>The catch-up marker asked for is there; the INFO read after it counts everything before it.</summary>
        public bool HasMarker { get; init; }

        /// <summary>The target's own replication offset, where it reports one worth reading; null otherwise.</summary>
        public long? Offset { get; init; }

        /// <summary>A replica's link to its primary is up (always true for a primary).</summary>
        public bool LinkUp { get; init; }

        /// <summary>A full sync is in progress.</summary>
        public bool Syncing { get; init; }

        /// <summary>The dataset is loading (INFO persistence <c>loading:1</c>).</summary>
        public bool Loading { get; init; }

        public long Keys { get; init; }

        /// <summary>Dragonfly's counts of commands it did not know; null when not read.</summary>
        public IReadOnlyDictionary<string, long>? UnknownCommands { get; init; }
    }
}

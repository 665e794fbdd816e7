using System.Collections.Generic;

namespace DragonflyMigration.Engine.Cutover
{
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
        public IReadOnlyDictionary<string, long>? UnknownCommands { get; init; }
    }
}

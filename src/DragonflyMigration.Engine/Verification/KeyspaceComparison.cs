using System;
using System.Collections.Generic;

namespace DragonflyMigration.Engine.Verification
{
    /// <summary>How to compare two keyspaces.</summary>
    public sealed class KeyspaceComparisonOptions
    {
        /// <summary>Keys drawn at random (RANDOMKEY) over all databases, unless <see cref="Full"/>.</summary>
        public int SampleSize { get; init; } = 1000;

        /// <summary>Walk every key of the source with SCAN instead of sampling.</summary>
        public bool Full { get; init; }

        /// <summary>TTLs read on the two sides a moment apart may differ by this much.</summary>
        public TimeSpan TtlTolerance { get; init; } = Options.OptionRanges.TtlTolerance.Default;

        /// <summary>Collections longer than this are compared by length only, so one big key cannot dominate the cost.</summary>
        public int MaxElements { get; init; } = 10000;

        /// <summary>
        /// When one node replicates the other, how long differences and counts may wait for the replica
        /// to catch up before they count (keys in flight).
        /// </summary>
        public TimeSpan InFlightWait { get; init; } = TimeSpan.FromSeconds(5);
    }

    /// <summary>Key counts of one database on both sides (from INFO keyspace).</summary>
    public sealed class DatabaseCounts
    {
        public int Database { get; init; }

        public long SourceKeys { get; init; }

        public long TargetKeys { get; init; }

        /// <summary>Keys without an expiry: the count that should match exactly (TTL keys may legitimately expire).</summary>
        public long SourcePersistentKeys { get; init; }

        public long TargetPersistentKeys { get; init; }
    }

    public enum DifferenceKind
    {
        Missing,
        TypeMismatch,
        ValueMismatch,
        TtlMismatch,

        /// <summary>The key exists on the target only: a DEL the target dropped, or a write that went to it alone.</summary>
        OnlyOnTarget,
    }

    public sealed class KeyDifference
    {
        public int Database { get; init; }

        public string Key { get; init; } = string.Empty;

        public DifferenceKind Kind { get; init; }

        public string Source { get; init; } = string.Empty;

        public string Target { get; init; } = string.Empty;
    }

    public sealed class KeyspaceComparison
    {
        public IReadOnlyList<DatabaseCounts> Databases { get; init; } = Array.Empty<DatabaseCounts>();

        /// <summary>Source keys compared with the target.</summary>
        public long KeysCompared { get; init; }

        /// <summary>Target keys looked for on the source (which finds keys that exist on the target only).</summary>
        public long TargetKeysChecked { get; init; }

        public bool Full { get; init; }

        /// <summary>
        /// Keys without expiry match in every database; on a live pair, the replica's count lies between
        /// its primary's counts just before and just after it (keys in flight).
        /// </summary>
        public bool CountsMatch { get; init; }

        /// <summary>One node replicated the other while they were compared, so keys in flight were waited for.</summary>
        public bool Live { get; init; }

        /// <summary>Keys that differed at first look and matched once the replica had caught up.</summary>
        public long SettledKeys { get; init; }

        /// <summary>Why the comparison may show differences that are not lost data (two independent primaries, say).</summary>
        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        public IReadOnlyList<KeyDifference> Differences { get; init; } = Array.Empty<KeyDifference>();
    }
}

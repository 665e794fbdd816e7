using System.Linq;
using DragonflyMigration.Engine.Verification;

namespace DragonflyMigration
{
    /// <summary>The summary Compare-RedisKeyspace writes first.</summary>
    public sealed class KeyspaceComparisonResult
    {
        internal KeyspaceComparisonResult(RedisNode source, RedisNode target, KeyspaceComparison comparison)
        {
            Source = source.Endpoint;
            Target = target.Endpoint;
            Databases = comparison.Databases.Select(d => new KeyspaceDatabaseCounts(d)).ToArray();
            KeysCompared = comparison.KeysCompared;
            TargetKeysChecked = comparison.TargetKeysChecked;
            Full = comparison.Full;
            DifferenceCount = comparison.Differences.Count;
            CountsMatch = comparison.CountsMatch;
            Live = comparison.Live;
            SettledKeys = comparison.SettledKeys;
            Warnings = comparison.Warnings.ToArray();
        }

        public string Source { get; }

        public string Target { get; }

        public KeyspaceDatabaseCounts[] Databases { get; }

        public long KeysCompared { get; }

        /// <summary>Target keys looked for on the source, to find keys only the target holds.</summary>
        public long TargetKeysChecked { get; }

        /// <summary>Every key was walked (-Full) rather than a sample.</summary>
        public bool Full { get; }

        public int DifferenceCount { get; }

        /// <summary>
        /// Keys without expiry match in every database (keys with a TTL may legitimately expire); on a live
        /// pair, the replica's count lies between its primary's just before and just after it.
        /// </summary>
        public bool CountsMatch { get; }

        /// <summary>One node replicated the other during the comparison: keys in flight were waited for.</summary>
        public bool Live { get; }

        /// <summary>Keys that differed at first look and matched once the replica had caught up.</summary>
        public long SettledKeys { get; }

        /// <summary>Why differences may not be lost data: the two nodes do not feed each other, or replication is not streaming.</summary>
        public string[] Warnings { get; }

        /// <summary>No difference found and the persistent key counts match.</summary>
        public bool IsEqual => CountsMatch && DifferenceCount == 0;

        public override string ToString() => $"{Source} vs {Target}: {DifferenceCount} differences in {KeysCompared} keys";
    }

    public sealed class KeyspaceDatabaseCounts
    {
        internal KeyspaceDatabaseCounts(DatabaseCounts counts)
        {
            Database = counts.Database;
            SourceKeys = counts.SourceKeys;
            TargetKeys = counts.TargetKeys;
            SourcePersistentKeys = counts.SourcePersistentKeys;
            TargetPersistentKeys = counts.TargetPersistentKeys;
        }

        public int Database { get; }

        public long SourceKeys { get; }

        public long TargetKeys { get; }

        public long SourcePersistentKeys { get; }

        public long TargetPersistentKeys { get; }

        public override string ToString() => $"db{Database}: {SourceKeys}/{TargetKeys}";
    }

    /// <summary>One key that differs between source and target.</summary>
    public sealed class KeyspaceDifference
    {
        internal KeyspaceDifference(KeyDifference difference)
        {
            Database = difference.Database;
            Key = difference.Key;
            Kind = difference.Kind.ToString();
            SourceValue = difference.Source;
            TargetValue = difference.Target;
        }

        public int Database { get; }

        public string Key { get; }

        /// <summary>Missing, TypeMismatch, ValueMismatch, TtlMismatch or OnlyOnTarget.</summary>
        public string Kind { get; }

        public string SourceValue { get; }

        public string TargetValue { get; }

        public override string ToString() => $"db{Database} {Key}: {Kind}";
    }
}

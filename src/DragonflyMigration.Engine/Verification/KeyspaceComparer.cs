using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Verification
{
    /// <summary>
    /// Compares source and target: per-database counts from INFO, then keys (sampled with RANDOMKEY, or
    /// all with SCAN) by type, TTL and value, then the same from the target's side for keys only it
    /// holds. Values are read per type with commands both Redis and
    /// Dragonfly answer the same way, never with DUMP, whose format differs.
    /// </summary>
    public static class KeyspaceComparer
    {
        public static async Task<KeyspaceComparison> CompareAsync(NodeClient source, NodeClient target, KeyspaceComparisonOptions options, IOperationObserver observer, CancellationToken cancellationToken)
        {
            // A server compared with itself is always equal: that proves nothing.
            if (SameServer.Is(source, target)) throw SameServer.Refusal(source.Addresses, target.Addresses);
            var pair = await ComparedPair.ReadAsync(source, target, cancellationToken).ConfigureAwait(false);
            var counts = Counts(pair.SourceInfo, pair.TargetInfo);
            var differences = new List<KeyDifference>();
            long compared = 0;
            var total = counts.Sum(c => c.SourceKeys);
            var seenOnSource = new Dictionary<int, HashSet<string>>();
            foreach (var db in counts.Where(c => c.SourceKeys > 0))
            {
                var keys = options.Full
                    ? await ScanAsync(source, db.Database, cancellationToken).ConfigureAwait(false)
                    : await SampleAsync(source, db.Database, db.SourceKeys, (int)Math.Max(1, Math.Ceiling((double)options.SampleSize * db.SourceKeys / Math.Max(1, total))), cancellationToken).ConfigureAwait(false);
                foreach (var key in keys)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var difference = await CompareKeyAsync(source, target, db.Database, key, options, cancellationToken).ConfigureAwait(false);
                    compared++;
                    if (difference != null) differences.Add(difference);
                    if (compared % 1000 == 0) observer.Progress("Comparing", $"{compared} keys compared, {differences.Count} differences", null);
                }
                seenOnSource[db.Database] = new HashSet<string>(keys, StringComparer.Ordinal);
                observer.Log($"db{db.Database}: {keys.Count} keys compared.");
            }
            var checkedOnTarget = await FindTargetOnlyAsync(source, target, counts, seenOnSource, options, differences, cancellationToken).ConfigureAwait(false);
            if (!pair.Live)
                return new KeyspaceComparison { Databases = counts, CountsMatch = counts.All(d => d.SourcePersistentKeys == d.TargetPersistentKeys), KeysCompared = compared,
                    TargetKeysChecked = checkedOnTarget, Full = options.Full, Differences = differences, Warnings = pair.Warnings };

            // One replicates the other: a key written a moment ago may not have reached the replica yet.
            // Such a key is looked at again once the replica has acknowledged what its primary had then.
            var deadline = DateTime.UtcNow + options.InFlightWait;
            var settled = 0L;
            for (var round = 0; round < InFlightRounds && differences.Count > 0; round++)
            {
                await pair.WaitForDownstreamAsync(deadline, cancellationToken).ConfigureAwait(false);
                var still = new List<KeyDifference>();
                foreach (var difference in differences)
                {
                    var again = await RecheckAsync(source, target, difference, options, cancellationToken).ConfigureAwait(false);
                    if (again != null) still.Add(again);
                }
                settled += differences.Count - still.Count;
                differences = still;
            }
            if (settled > 0) observer.Log($"{settled} keys differed while in flight and matched once the target caught up.");
            var live = await pair.LiveCountsAsync(deadline, cancellationToken).ConfigureAwait(false);
            return new KeyspaceComparison { Databases = live.Counts, CountsMatch = live.Match, KeysCompared = compared, TargetKeysChecked = checkedOnTarget,
                Full = options.Full, Differences = differences, Live = true, SettledKeys = settled, Warnings = pair.Warnings };
        }

        /// <summary>A key that settles is usually one look away; one written on every look never will.</summary>
        private const int InFlightRounds = 3;

        /// <summary>Looks at a difference again: null when the two sides now agree.</summary>
        private static async Task<KeyDifference?> RecheckAsync(NodeClient source, NodeClient target, KeyDifference difference, KeyspaceComparisonOptions options, CancellationToken cancellationToken)
        {
            if (difference.Kind != DifferenceKind.OnlyOnTarget)
                return await CompareKeyAsync(source, target, difference.Database, difference.Key, options, cancellationToken).ConfigureAwait(false);
            if ((await source.ExecuteAsync(difference.Database, "EXISTS", new object[] { difference.Key }, cancellationToken).ConfigureAwait(false)).AsInt64() > 0)
                return await CompareKeyAsync(source, target, difference.Database, difference.Key, options, cancellationToken).ConfigureAwait(false);
            var type = (await target.ExecuteAsync(difference.Database, "TYPE", new object[] { difference.Key }, cancellationToken).ConfigureAwait(false)).AsText();
            return type == "none" ? null : difference;
        }

        /// <summary>
        /// Keys drawn from the target (or all of them) that the source lacks: what a dropped DEL leaves
        /// behind. Keys the source pass already compared are not asked about again.
        /// </summary>
        private static async Task<long> FindTargetOnlyAsync(NodeClient source, NodeClient target, IReadOnlyList<DatabaseCounts> counts,
            IReadOnlyDictionary<int, HashSet<string>> seenOnSource, KeyspaceComparisonOptions options, List<KeyDifference> differences, CancellationToken cancellationToken)
        {
            long checkedKeys = 0;
            var total = counts.Sum(c => c.TargetKeys);
            foreach (var db in counts.Where(c => c.TargetKeys > 0))
            {
                var keys = options.Full
                    ? await ScanAsync(target, db.Database, cancellationToken).ConfigureAwait(false)
                    : await SampleAsync(target, db.Database, db.TargetKeys, (int)Math.Max(1, Math.Ceiling((double)options.SampleSize * db.TargetKeys / Math.Max(1, total))), cancellationToken).ConfigureAwait(false);
                seenOnSource.TryGetValue(db.Database, out var seen);
                foreach (var key in keys)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    checkedKeys++;
                    if (seen != null && seen.Contains(key)) continue;
                    if ((await source.ExecuteAsync(db.Database, "EXISTS", new object[] { key }, cancellationToken).ConfigureAwait(false)).AsInt64() > 0) continue;
                    var type = (await target.ExecuteAsync(db.Database, "TYPE", new object[] { key }, cancellationToken).ConfigureAwait(false)).AsText();
                    if (type != "none") differences.Add(new KeyDifference { Database = db.Database, Key = key, Kind = DifferenceKind.OnlyOnTarget, Source = "none", Target = type });
                }
            }
            return checkedKeys;
        }

        internal static IReadOnlyList<DatabaseCounts> Counts(InfoDocument source, InfoDocument target)
        {
            var names = source.Keys.Concat(target.Keys).Where(k => Keyspace.DatabaseNumber(k) != null).Distinct().OrderBy(k => Keyspace.DatabaseNumber(k));
            return names.Select(name =>
            {
                var s = source.GetFields(name);
                var t = target.GetFields(name);
                return new DatabaseCounts
                {
                    Database = Keyspace.DatabaseNumber(name)!.Value,
                    SourceKeys = Field(s, "keys"),
                    TargetKeys = Field(t, "keys"),
                    SourcePersistentKeys = Field(s, "keys") - Field(s, "expires"),
                    TargetPersistentKeys = Field(t, "keys") - Field(t, "expires"),
                };
            }).ToList();
        }

        private static long Field(IReadOnlyDictionary<string, string>? fields, string name) =>
            fields != null && fields.TryGetValue(name, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

        private static async Task<IReadOnlyList<string>> SampleAsync(NodeClient node, int db, long databaseKeys, int count, CancellationToken cancellationToken)
        {
            // A sample as large as the database is the database: read it all rather than draw at random.
            if (count >= databaseKeys) return await ScanAsync(node, db, cancellationToken).ConfigureAwait(false);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            // RANDOMKEY repeats keys in small databases; a bounded number of draws keeps the cost tied to the sample.
            for (var draw = 0; draw < count * 2 && keys.Count < count; draw++)
            {
                var key = await node.ExecuteAsync(db, "RANDOMKEY", Array.Empty<object>(), cancellationToken).ConfigureAwait(false);
                if (key.IsNull) break;
                keys.Add(key.AsText());
            }
            return keys.ToList();
        }

        private static async Task<IReadOnlyList<string>> ScanAsync(NodeClient node, int db, CancellationToken cancellationToken)
        {
            var keys = new List<string>();
            var cursor = KeyScan.Start;
            do
            {
                var page = await KeyScan.PageAsync(node, db, cursor, 1000, cancellationToken).ConfigureAwait(false);
                cursor = page.Cursor;
                keys.AddRange(page.Keys);
            }
            while (cursor != KeyScan.Start);
            return keys;
        }

        private static async Task<KeyDifference?> CompareKeyAsync(NodeClient source, NodeClient target, int db, string key, KeyspaceComparisonOptions options, CancellationToken cancellationToken)
        {
            var sourceType = (await source.ExecuteAsync(db, "TYPE", new object[] { key }, cancellationToken).ConfigureAwait(false)).AsText();
            if (sourceType == "none") return null; // expired or deleted since it was drawn
            var targetType = (await target.ExecuteAsync(db, "TYPE", new object[] { key }, cancellationToken).ConfigureAwait(false)).AsText();
            KeyDifference Diff(DifferenceKind kind, string s, string t) => new KeyDifference { Database = db, Key = key, Kind = kind, Source = s, Target = t };
            if (targetType == "none") return Diff(DifferenceKind.Missing, sourceType, "none");
            if (!string.Equals(sourceType, targetType, StringComparison.OrdinalIgnoreCase)) return Diff(DifferenceKind.TypeMismatch, sourceType, targetType);

            var sourceValue = await ValueAsync(source, db, key, sourceType, options.MaxElements, cancellationToken).ConfigureAwait(false);
            var targetValue = await ValueAsync(target, db, key, targetType, options.MaxElements, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(sourceValue, targetValue, StringComparison.Ordinal)) return Diff(DifferenceKind.ValueMismatch, Shorten(sourceValue), Shorten(targetValue));

            var sourceTtl = (await source.ExecuteAsync(db, "PTTL", new object[] { key }, cancellationToken).ConfigureAwait(false)).AsInt64();
            var targetTtl = (await target.ExecuteAsync(db, "PTTL", new object[] { key }, cancellationToken).ConfigureAwait(false)).AsInt64();
            var ttlDiffers = (sourceTtl < 0) != (targetTtl < 0) || (sourceTtl >= 0 && Math.Abs(sourceTtl - targetTtl) > options.TtlTolerance.TotalMilliseconds);
            return ttlDiffers ? Diff(DifferenceKind.TtlMismatch, Ttl(sourceTtl), Ttl(targetTtl)) : null;
        }

        private static string Ttl(long ms) => ms < 0 ? "no expiry" : $"{ms} ms";

        /// <summary>A canonical text of a value, read per type; order-free types are sorted.</summary>
        private static async Task<string> ValueAsync(NodeClient node, int db, string key, string type, int maxElements, CancellationToken cancellationToken)
        {
            async Task<ReplyValue> Run(string command, params object[] args) => await node.ExecuteAsync(db, command, args, cancellationToken).ConfigureAwait(false);
            string Join(IEnumerable<string> parts) => string.Join("\u001f", parts);
            switch (type.ToLowerInvariant())
            {
                case "string":
                    return (await Run("GET", key).ConfigureAwait(false)).AsText();
                case "list":
                    var llen = (await Run("LLEN", key).ConfigureAwait(false)).AsInt64();
                    if (llen > maxElements) return $"list of {llen}";
                    return Join((await Run("LRANGE", key, 0, -1).ConfigureAwait(false)).AsArray().Select(i => i.AsText()));
                case "set":
                    var scard = (await Run("SCARD", key).ConfigureAwait(false)).AsInt64();
                    if (scard > maxElements) return $"set of {scard}";
                    return Join((await Run("SMEMBERS", key).ConfigureAwait(false)).AsArray().Select(i => i.AsText()).OrderBy(x => x, StringComparer.Ordinal));
                case "hash":
                    var hlen = (await Run("HLEN", key).ConfigureAwait(false)).AsInt64();
                    if (hlen > maxElements) return $"hash of {hlen}";
                    var pairs = (await Run("HGETALL", key).ConfigureAwait(false)).AsArray();
                    return Join(Enumerable.Range(0, pairs.Count / 2).Select(i => pairs[2 * i].AsText() + "=" + pairs[2 * i + 1].AsText()).OrderBy(x => x, StringComparer.Ordinal));
                case "zset":
                    var zcard = (await Run("ZCARD", key).ConfigureAwait(false)).AsInt64();
                    if (zcard > maxElements) return $"zset of {zcard}";
                    return Join((await Run("ZRANGE", key, 0, -1, "WITHSCORES").ConfigureAwait(false)).AsArray().Select(i => i.AsText()));
                case "stream":
                    return Join((await Run("XRANGE", key, "-", "+", "COUNT", maxElements).ConfigureAwait(false)).AsArray().Select(e => e.ToString()));
                default:
                    // Module types cannot be read portably; their presence and type were compared.
                    return type;
            }
        }

        private static string Shorten(string value) => value.Length <= 80 ? value.Replace('\u001f', ',') : value.Substring(0, 77).Replace('\u001f', ',') + "...";
    }
}

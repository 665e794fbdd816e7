using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DragonflyMigration.Engine.Info
{
    /// <summary>Key counts from INFO's keyspace section (<c>db0:keys=…,expires=…</c>).</summary>
    public static class Keyspace
    {
        /// <summary>Non-empty databases and their key counts, by name (db0, db3, …).</summary>
        public static IReadOnlyDictionary<string, long> PerDatabase(InfoDocument info)
        {
            var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var key in info.Keys.Where(k => DatabaseNumber(k) != null))
            {
                var fields = info.GetFields(key)!;
                if (fields.TryGetValue("keys", out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
                    result[key] = n;
            }
            return result;
        }

        public static long Total(InfoDocument info) => PerDatabase(info).Values.Sum();

        /// <summary>Keys with an expiry, over every database: they may vanish between two readings.</summary>
        public static long Expiring(InfoDocument info) =>
            info.Keys.Where(k => DatabaseNumber(k) != null)
                .Select(k => info.GetFields(k)!.TryGetValue("expires", out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)
                .Sum();

        /// <summary>The numbers of the non-empty databases, in order.</summary>
        public static IReadOnlyList<int> NonEmptyDatabases(InfoDocument info) =>
            PerDatabase(info).Keys.Select(name => DatabaseNumber(name)!.Value).OrderBy(n => n).ToList();

        /// <summary>The number in a keyspace line's name (db3 → 3); null for any other INFO field.</summary>
        public static int? DatabaseNumber(string name) =>
            name.StartsWith("db", StringComparison.Ordinal) && name.Length > 2 && name.Skip(2).All(char.IsDigit)
            && int.TryParse(name.Substring(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
    }
}

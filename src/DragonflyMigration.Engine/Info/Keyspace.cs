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
            foreach (var key in info.Keys.Where(k => k.StartsWith("db", StringComparison.Ordinal) && k.Length > 2 && char.IsDigit(k[2])))
            {
                var fields = info.GetFields(key)!;
                if (fields.TryGetValue("keys", out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
                    result[key] = n;
            }
            return result;
        }

        public static long Total(InfoDocument info) => PerDatabase(info).Values.Sum();
    }
}

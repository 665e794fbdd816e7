using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DragonflyMigration.Engine.Info
{
    /// <summary>
    /// Command counts from INFO commandstats: Redis's <c>cmdstat_&lt;name&gt;:calls=N,…</c> (subcommands as
    /// <c>function|load</c>), and Dragonfly's <c>unknown_&lt;NAME&gt;:N</c>, the commands it received and did not
    /// know, those in the replication stream included, which it drops without a word.
    /// </summary>
    public static class CommandStats
    {
        /// <summary>Calls per command, by lower-case name.</summary>
        public static IReadOnlyDictionary<string, long> Calls(InfoDocument info)
        {
            var calls = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in info.Keys.Where(k => k.StartsWith("cmdstat_", StringComparison.Ordinal)))
            {
                var fields = info.GetFields(key);
                if (fields != null && fields.TryGetValue("calls", out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    calls[key.Substring("cmdstat_".Length).ToLowerInvariant()] = n;
            }
            return calls;
        }

        /// <summary>Dragonfly's count of each command it did not know, by upper-case name.</summary>
        public static IReadOnlyDictionary<string, long> Unknown(InfoDocument info)
        {
            var unknown = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in info.Keys.Where(k => k.StartsWith("unknown_", StringComparison.Ordinal)))
            {
                if (info.GetInt64(key) is long n) unknown[key.Substring("unknown_".Length).ToUpperInvariant()] = n;
            }
            return unknown;
        }

        /// <summary>
        /// Unknown commands counted since <paramref name="baseline"/>, without those the tool itself may
        /// send to any node (a Sentinel probe), which are no data.
        /// </summary>
        public static IReadOnlyDictionary<string, long> UnknownSince(IReadOnlyDictionary<string, long> baseline, IReadOnlyDictionary<string, long> now) =>
            now.Where(kv => !ToolCommands.Contains(kv.Key))
                .Select(kv => new KeyValuePair<string, long>(kv.Key, kv.Value - (baseline.TryGetValue(kv.Key, out var before) ? before : 0)))
                .Where(kv => kv.Value > 0)
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

        private static readonly HashSet<string> ToolCommands = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "SENTINEL" };

        public static string Describe(IReadOnlyDictionary<string, long> counts) =>
            string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} ×{kv.Value.ToString(CultureInfo.InvariantCulture)}"));
    }
}

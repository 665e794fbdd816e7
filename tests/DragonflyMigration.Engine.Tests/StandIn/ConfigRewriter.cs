using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Dragonfly's CONFIG GET and SET: its settings are its flags, named with underscores (a dash in
    /// the request reads as one), and only those it registers for CONFIG exist. Redis's own names
    /// (slave-priority, replicaof, maxmemory-policy, min-replicas-*, databases) are not there at all.
    /// Seen in tests/DragonflyMigration.Engine.Tests/Samples/tool-commands and the v1.21.4 notes
    /// (CONFIG SET replica_priority and replica-priority both work).
    /// </summary>
    internal static class ConfigRewriter
    {
        private sealed record Setting(string Name, string? RedisName, string? Fixed = null);

        /// <summary>Only the settings the captures show; a pattern matching none of them gets an empty reply, as an unknown one does from Dragonfly.</summary>
        private static IEnumerable<Setting> Settings(DragonflyProfile profile, int? announcedPort = null)
        {
            yield return new Setting("replica_priority", "replica-priority");
            yield return new Setting("maxmemory", "maxmemory");
            yield return new Setting("dbnum", "databases");
            if (!profile.AnnounceSettings) yield break;
            // The default 0: Dragonfly then announces the port it listens on, as the stand-in does unless told
            // to announce a proxy's port in front of it (--announce_port).
            yield return new Setting("announce_port", null, (announcedPort ?? 0).ToString(CultureInfo.InvariantCulture));
            yield return new Setting("cluster_announce_ip", null, string.Empty);
        }

        /// <summary>CONFIG GET's reply: names and values in a map (RESP3) or a flat array (RESP2).</summary>
        public static async Task<Resp> GetAsync(IEnumerable<string> patterns, DragonflyProfile profile, bool resp3, Func<string, Task<string>> readRedisSetting, int? announcedPort = null)
        {
            var globs = patterns.Select(Glob).ToList();
            var items = new List<Resp>();
            foreach (var setting in Settings(profile, announcedPort).Where(s => globs.Any(g => g.IsMatch(s.Name))))
            {
                var value = setting.Fixed ?? await readRedisSetting(setting.RedisName!);
                if (setting.Name == "maxmemory") value = Maxmemory(value, profile);
                items.Add(Resp.BulkOf(setting.Name));
                items.Add(Resp.BulkOf(value));
            }
            return Resp.Aggregate(resp3 ? '%' : '*', items);
        }

        /// <summary>The Redis setting behind a name CONFIG SET was given; a name Dragonfly does not know goes to Redis as it is.</summary>
        public static string RedisName(string name, DragonflyProfile profile) =>
            Settings(profile).FirstOrDefault(s => s.RedisName != null && s.Name == Normalized(name))?.RedisName ?? name;

        private static string Normalized(string name) => name.Replace('-', '_').ToLowerInvariant();

        private static Regex Glob(string pattern) =>
            new Regex("^" + Regex.Escape(Normalized(pattern)).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");

        /// <summary>
        /// Dragonfly always has a limit: unless told one it takes the machine's memory, where Redis says 0.
        /// Before v1.40 it prints it human-readable, as 18.47GiB.
        /// </summary>
        private static string Maxmemory(string redisValue, DragonflyProfile profile)
        {
            var bytes = long.Parse(redisValue, CultureInfo.InvariantCulture);
            if (bytes == 0) bytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (profile.MaxmemoryInBytes) return bytes.ToString(CultureInfo.InvariantCulture);
            var units = new[] { "B", "KiB", "MiB", "GiB", "TiB" };
            var unit = 0;
            var size = (double)bytes;
            while (size >= 1024 && unit < units.Length - 1)
            {
                size /= 1024;
                unit++;
            }
            return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + "B" : size.ToString("0.00", CultureInfo.InvariantCulture) + units[unit];
        }
    }
}

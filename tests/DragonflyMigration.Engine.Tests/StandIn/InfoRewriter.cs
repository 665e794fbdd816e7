using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Turns a Redis backend's INFO text into what the profile's Dragonfly prints: its server lines,
    /// and a replication section with Dragonfly's fields only. Pure, so it is tested on the captures.
    /// </summary>
    internal static class InfoRewriter
    {
        private static readonly string[] ReplicaFields =
        {
            "master_host", "master_port", "master_link_status", "master_last_io_seconds_ago", "master_sync_in_progress", "master_replid",
        };

        public static string Rewrite(string info, DragonflyProfile profile, int announcedPort)
        {
            var output = new StringBuilder();
            string? section = null;
            var replication = new List<KeyValuePair<string, string>>();
            foreach (var raw in info.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    if (section == "replication") AppendReplication(output, replication, profile);
                    section = line.Substring(1).Trim().ToLowerInvariant();
                    output.Append(line).Append("\r\n");
                    continue;
                }
                var colon = line.IndexOf(':');
                if (colon < 0)
                {
                    if (section == "replication") continue;
                    output.Append(line).Append("\r\n");
                    continue;
                }
                var key = line.Substring(0, colon);
                var value = line.Substring(colon + 1);
                if (section == "replication")
                {
                    replication.Add(new KeyValuePair<string, string>(key, value));
                    continue;
                }
                if (section == "server")
                {
                    if (key == "run_id") continue;
                    if (key == "redis_version")
                    {
                        output.Append("redis_version:").Append(profile.RedisVersion).Append("\r\n");
                        output.Append("dragonfly_version:df-v").Append(profile.Version).Append("\r\n");
                        continue;
                    }
                    if (key == "tcp_port") value = announcedPort.ToString(CultureInfo.InvariantCulture);
                    if (key == "executable" || key == "config_file") continue;
                }
                output.Append(key).Append(':').Append(value).Append("\r\n");
            }
            if (section == "replication") AppendReplication(output, replication, profile);
            return output.ToString();
        }

        private static void AppendReplication(StringBuilder output, List<KeyValuePair<string, string>> fields, DragonflyProfile profile)
        {
            var f = fields.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            string Get(string key) => f.TryGetValue(key, out var v) ? v : string.Empty;
            var isReplica = Get("role") == "slave";
            if (!isReplica)
            {
                // A Dragonfly primary lists only Dragonfly replicas (a Redis one never completes its PSYNC) and no offset.
                output.Append("role:master\r\nconnected_slaves:0\r\n");
                output.Append("master_replid:").Append(Get("master_replid")).Append("\r\n");
                fields.Clear();
                return;
            }
            var syncing = Get("master_sync_in_progress") == "1";
            output.Append("role:").Append(profile.SlaveRole ? "slave" : "replica").Append("\r\n");
            foreach (var key in ReplicaFields)
            {
                var value = Get(key);
                // Dragonfly says the link is up as soon as TCP is connected, through the whole full sync.
                if (key == "master_link_status" && syncing) value = "up";
                if (key == "master_last_io_seconds_ago" && value == "-1") value = "0";
                output.Append(key).Append(':').Append(value).Append("\r\n");
            }
            if (!syncing && Get("master_link_status") == "up")
            {
                if (profile.Offset == OffsetShown.Zero) output.Append("slave_repl_offset:0\r\n");
                if (profile.Offset == OffsetShown.Real) output.Append("slave_repl_offset:").Append(Get("slave_repl_offset")).Append("\r\n");
            }
            output.Append("slave_priority:").Append(Get("slave_priority")).Append("\r\n");
            output.Append("slave_read_only:1\r\n");
            if (profile.PsyncCounters) output.Append("psync_attempts:0\r\npsync_successes:0\r\n");
            fields.Clear();
        }

        /// <summary>Dragonfly's ROLE: <c>[slave|replica, host, port, state]</c> as a replica, <c>[master, []]</c> as a primary.</summary>
        public static Resp Role(string replicationInfo, DragonflyProfile profile)
        {
            var f = replicationInfo.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.IndexOf(':') > 0)
                .ToDictionary(l => l.Substring(0, l.IndexOf(':')), l => l.Substring(l.IndexOf(':') + 1), StringComparer.Ordinal);
            if (!f.TryGetValue("role", out var role) || role != "slave")
                return Resp.ArrayOf(new[] { Resp.BulkOf("master"), Resp.ArrayOf(Array.Empty<Resp>()) });
            var state = f.TryGetValue("master_sync_in_progress", out var s) && s == "1" ? "full_sync"
                : f.TryGetValue("master_link_status", out var link) && link == "up" ? (profile.SlaveRole ? "online" : "stable_sync")
                : "connecting";
            return Resp.ArrayOf(new[]
            {
                Resp.BulkOf(profile.SlaveRole ? "slave" : "replica"), Resp.BulkOf(f.TryGetValue("master_host", out var h) ? h : string.Empty),
                Resp.BulkOf(f.TryGetValue("master_port", out var p) ? p : string.Empty), Resp.BulkOf(state),
            });
        }
    }
}

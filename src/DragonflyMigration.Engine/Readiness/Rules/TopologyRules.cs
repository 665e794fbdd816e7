using System;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>The source is the primary; the target is empty and free to become its replica.</summary>
    internal static class TopologyRules
    {
        public static Verdict SourceIsPrimary(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var identity = f.Source.Identity;
            if (identity.Role == NodeRole.Primary)
                return Verdict.Pass($"The source {f.Source.Endpoint} is a primary with {f.Source.Info.GetInt64("connected_slaves") ?? 0} replica(s).").With("Role", "Primary");
            var upstream = f.Source.Info.Get("master_host") is string host ? $" of {host}:{f.Source.Info.Get("master_port")}" : string.Empty;
            var role = identity.Role == NodeRole.Unknown ? "server that reports no role" : identity.Role.ToString().ToLowerInvariant();
            return Verdict.Fail($"The source {f.Source.Endpoint} is a {role}{upstream}, not a primary.",
                "Give the current primary as -Source; Get-SentinelMaster names it.").With("Role", identity.Role.ToString());
        }

        public static Verdict TargetIsEmpty(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Target.Unreachable != null) return Verdict.Skipped("The target did not answer.");
            var perDb = Keyspace.PerDatabase(f.Target.Info);
            var total = perDb.Values.Sum();
            if (total == 0) return Verdict.Pass($"The target {f.Target.Endpoint} holds no keys.").With("KeyCount", 0L);
            if (ReplicatesSource(f))
                return Verdict.Pass($"The target already replicates the source; its {total} keys are the source's.").With("KeyCount", total);
            return Verdict.Fail($"The target {f.Target.Endpoint} holds {total} keys ({string.Join(", ", perDb.Select(d => $"{d.Key} {d.Value}"))}); replication would erase them.",
                    "Point -Target at an empty server, or, after making sure nothing on it is needed, empty it with FLUSHALL.")
                .With("KeyCount", total);
        }

        public static Verdict TargetIsFree(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Target.Unreachable != null || f.Source.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var sourceRunId = f.Source.Identity.RunId;
            if (sourceRunId != null && sourceRunId == f.Target.Identity.RunId)
                return Verdict.Fail($"-Source and -Target are the same server ({f.Target.Endpoint}).", "Give the Dragonfly server as -Target.");
            if (f.Target.Identity.Role != NodeRole.Replica)
                return Verdict.Pass($"The target {f.Target.Endpoint} is a standalone {f.Target.Identity.Role}.").With("Role", f.Target.Identity.Role.ToString());
            var upstream = $"{f.Target.Info.Get("master_host")}:{f.Target.Info.Get("master_port")}";
            if (ReplicatesSource(f))
                return Verdict.Pass($"The target already replicates the source ({upstream}); Start-DragonflyReplication will report that and go on.").With("ReplicaOf", upstream);
            return Verdict.Fail($"The target {f.Target.Endpoint} is a replica of {upstream}, not of the source.",
                    "Stop that replication first (Stop-DragonflyReplication, or REPLICAOF NO ONE), or choose another target.")
                .With("ReplicaOf", upstream);
        }

        /// <summary>
        /// The target's upstream is the source: the same replication id, or the target names the
        /// source's address, or the source lists the target (by address and port) among its replicas,
        /// since host names and addresses may differ between the two views.
        /// </summary>
        internal static bool ReplicatesSource(ReadinessFacts f)
        {
            var info = f.Target.Info;
            if (f.Target.Identity.Role != NodeRole.Replica) return false;
            var replid = f.Source.Info.Get("master_replid");
            if (!string.IsNullOrEmpty(replid) && replid == info.Get("master_replid")) return true;
            var source = f.Source.Endpoint;
            var target = f.Target.Endpoint;
            if (info.Get("master_port") != source.Port.ToString(CultureInfo.InvariantCulture)) return false;
            if (string.Equals(info.Get("master_host"), source.Host, StringComparison.OrdinalIgnoreCase)) return true;
            var targetPort = target.Port.ToString(CultureInfo.InvariantCulture);
            return f.Source.Info.ReplicaLines()
                .Any(r => r.TryGetValue("port", out var port) && port == targetPort
                    && r.TryGetValue("ip", out var ip) && string.Equals(ip, target.Host, StringComparison.OrdinalIgnoreCase));
        }
    }
}

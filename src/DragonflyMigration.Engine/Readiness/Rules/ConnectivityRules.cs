using DragonflyMigration.Engine.Formatting;
using System.Linq;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>Every node answers, as the user given, and quickly enough.</summary>
    internal static class ConnectivityRules
    {
        public static Verdict SourceReachable(ReadinessFacts f, ReadinessThresholds t) => Reachable("source", f.Source, t);

        public static Verdict TargetReachable(ReadinessFacts f, ReadinessThresholds t) => Reachable("target", f.Target, t);

        public static Verdict SentinelsReachable(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Sentinels.Count == 0) return Verdict.Skipped("No Sentinels were given (-Sentinel).");
            var failed = f.Sentinels.Where(s => s.Error != null).ToList();
            var verdict = failed.Count == 0
                ? Verdict.Pass($"All {f.Sentinels.Count} Sentinel(s) answer for '{f.MasterName}'.")
                : Verdict.Fail($"{failed.Count} of {f.Sentinels.Count} Sentinel(s) could not be read: {string.Join("; ", failed.Select(s => s.Error))}",
                    "Check that every Sentinel runs, is reachable from here, and monitors the primary under -MasterName.");
            return verdict.With("Sentinels", f.Sentinels.Select(s => s.Endpoint.ToString()).ToArray()).With("Unreadable", failed.Select(s => s.Endpoint.ToString()).ToArray());
        }

        private static Verdict Reachable(string label, NodeFacts node, ReadinessThresholds t)
        {
            if (node.Unreachable != null)
            {
                return Verdict.Fail($"The {label} {node.Endpoint} did not answer PING: {node.Unreachable}",
                    node.AuthenticationFailed
                        ? "Check the user and password given to Connect-RedisNode, and that the ACL user may run the commands the migration needs."
                        : "Check that the server runs and that this machine can reach it, then connect again with Connect-RedisNode.")
                    .With("Endpoint", node.Endpoint.ToString());
            }
            var rtt = node.RoundTrip ?? System.TimeSpan.Zero;
            var identity = node.Identity;
            var what = $"{identity.Flavor} {identity.VersionText}";
            var verdict = rtt > t.MaxRoundTrip
                ? Verdict.Warn($"The {label} {node.Endpoint} ({what}) answers, but a round trip takes {Units.Duration(rtt)} (more than {Units.Duration(t.MaxRoundTrip)}).",
                    "Run the migration from a machine close to the servers: the cutover pays the round trip several times while writes are paused.")
                : Verdict.Pass($"The {label} {node.Endpoint} ({what}) answers in {Units.Duration(rtt)}.");
            return verdict.With("Endpoint", node.Endpoint.ToString()).With("RoundTripMilliseconds", System.Math.Round(rtt.TotalMilliseconds, 2)).With("Flavor", identity.Flavor.ToString()).With("Version", identity.VersionText);
        }
    }
}

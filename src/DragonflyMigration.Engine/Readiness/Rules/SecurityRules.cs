using System;
using System.Linq;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>After the switch, clients and Sentinels must be able to log in to the target as they did to the source.</summary>
    internal static class SecurityRules
    {
        /// <summary>
        /// The tool's own user may run every command the tool sends, on the source and on the target, so a
        /// missing permission is found here and not halfway through the cutover (a refused CLIENT PAUSE, or
        /// a refused REPLICAOF on the old primary once the target is already promoted).
        /// </summary>
        public static Verdict ToolAccess(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var source = f.Source.ToolAccess;
            var target = f.Target.ToolAccess;
            if (source == null || target == null) return Verdict.Skipped("ACL WHOAMI or ACL DRYRUN is not available on the source or the target (Redis before 7.0).");
            string Refusals(string side, Connections.ToolAccessFacts facts) =>
                $"on the {side} user '{facts.User}' may not run {string.Join(", ", facts.Refused)}";
            var sides = new[] { ("source", source), ("target", target) }.Where(s => s.Item2.Refused.Count > 0).Select(s => Refusals(s.Item1, s.Item2)).ToArray();
            var verdict = sides.Length == 0
                ? Verdict.Pass($"The tool's user ('{source.User}' on the source, '{target.User}' on the target) may run every one of the {Connections.ToolAccess.Commands.Count} commands the tool sends.")
                : Verdict.Fail($"The tool's user lacks permissions: {string.Join("; ", sides)}. The migration would stop where it first sends one.",
                    "Grant the user the tool's commands on every data node: ACL SETUSER <user> " + Connections.ToolAccess.AclRules + " (README, Security).");
            return verdict.With("SourceUser", source.User).With("TargetUser", target.User)
                .With("RefusedOnSource", source.Refused.ToArray()).With("RefusedOnTarget", target.Refused.ToArray());
        }

        public static Verdict AclUsers(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            if (f.Source.AclUsers == null) return Verdict.Skipped("ACL USERS is not available on the source to this connection's user.");
            if (f.Target.AclUsers == null) return Verdict.Skipped("ACL USERS is not available on the target to this connection's user.");
            var missing = f.Source.AclUsers.Except(f.Target.AclUsers, StringComparer.Ordinal).ToArray();
            var verdict = missing.Length == 0
                ? Verdict.Pass($"Every ACL user of the source ({f.Source.AclUsers.Count}) exists on the target.")
                : Verdict.Fail($"ACL users of the source missing on the target: {string.Join(", ", missing)}. Replication does not copy ACL users, so they would be refused after the switch.",
                    "Create them on the target before the cutover (ACL SETUSER with the same rules and passwords; ACL LIST on the source shows them).");
            return verdict.With("SourceUsers", f.Source.AclUsers.ToArray()).With("MissingOnTarget", missing);
        }

        /// <summary>
        /// Sentinel authenticates to the target as it does to the source. Every user that may run Sentinel's
        /// commands on the source (so any that Sentinel could be using) must be able to on the target, or
        /// Sentinel's promotion transaction aborts and the target is never promoted.
        /// </summary>
        public static Verdict SentinelAccess(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var source = f.Source.SentinelCommandDenials;
            var target = f.Target.SentinelCommandDenials;
            if (source == null || target == null) return Verdict.Skipped("ACL DRYRUN is not available on the source or the target to this connection's user.");
            var candidates = Sentinel.SentinelAccess.Candidates(source);
            var refused = Sentinel.SentinelAccess.RefusedOnTarget(source, target).ToArray();
            var verdict = refused.Length == 0
                ? Verdict.Pass($"Every user that may run Sentinel's commands on the source ({string.Join(", ", candidates)}) may run them on the target.")
                : Verdict.Fail($"Users that may run Sentinel's commands on the source may not on the target: {string.Join(", ", refused)}. If Sentinel uses one of them, its promotion transaction aborts and the target is never promoted.",
                    "Give those users the same commands on the target (ACL SETUSER … +multi +exec +slaveof +config +client +ping +info +publish +subscribe).");
            return verdict.With("Users", candidates.ToArray()).With("RefusedOnTarget", refused);
        }

        public static Verdict TlsParity(ReadinessFacts f, ReadinessThresholds t)
        {
            var verdict = f.Source.UsesTls == f.Target.UsesTls
                ? Verdict.Pass(f.Source.UsesTls ? "Source and target are both reached over TLS." : "Neither source nor target is reached over TLS.")
                : Verdict.Fail($"The source is reached {(f.Source.UsesTls ? "over TLS" : "without TLS")} but the target {(f.Target.UsesTls ? "over TLS" : "without TLS")}: clients that follow Sentinel to the target keep their TLS setting and would fail to connect.",
                    "Serve the target the way clients reach the source (TLS on both, or on neither), and connect both with the same -UseTls setting.");
            return verdict.With("SourceTls", f.Source.UsesTls).With("TargetTls", f.Target.UsesTls)
                .With("SentinelTls", f.Sentinels.Select(s => $"{s.Endpoint}: {s.UsesTls}").ToArray());
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>
    /// The Sentinels can carry out the promotion. Each check reports one of
    /// <see cref="SentinelGroupRules"/>, the rules the cutover preflight enforces, judged ahead of time.
    /// </summary>
    internal static class SentinelRules
    {
        public static Verdict SentinelAgreement(ReadinessFacts f, ReadinessThresholds t) =>
            WithStates(f, states => SentinelGroupRules.Agreement(states, f.Source.Addresses, f.MasterName ?? string.Empty));

        public static Verdict SentinelQuorum(ReadinessFacts f, ReadinessThresholds t) =>
            WithStates(f, SentinelGroupRules.Quorum);

        public static Verdict SentinelTilt(ReadinessFacts f, ReadinessThresholds t) =>
            WithStates(f, SentinelGroupRules.Tilt);

        public static Verdict SentinelDownAfter(ReadinessFacts f, ReadinessThresholds t) =>
            WithStates(f, states => SentinelGroupRules.DownAfter(states, t.PlannedWritePause, f.MasterName ?? string.Empty));

        public static Verdict SentinelPromotion(ReadinessFacts f, ReadinessThresholds t) =>
            WithStates(f, states => SentinelGroupRules.Promotion(states, f.Target.Addresses, t.ArmPriority));

        /// <summary>
        /// Other Redis replicas and a target that cannot serve them (the preflight's reading: COMMAND INFO PSYNC):
        /// what the cutover will do to them, said before the window.
        /// </summary>
        public static Verdict SentinelOtherReplicas(ReadinessFacts f, ReadinessThresholds t) =>
            WithStates(f, states => OtherReplicas(f, states));

        private static Verdict OtherReplicas(ReadinessFacts f, IReadOnlyList<SentinelMasterState> states)
        {
            var others = Cutover.CutoverPlanner.OtherReplicas(states, f.Source.Addresses, f.Target.Addresses);
            if (others.Count == 0) return Verdict.Pass("The Sentinels list no replica besides the source and the target.");
            var list = string.Join(", ", others);
            if (f.Target.Unreachable != null) return Verdict.Skipped("The target could not be read (see TargetReachable).");
            if (f.Target.ServesRedisReplicas) return Verdict.Pass($"The target can serve the other replica(s) {list}: they follow it after the promotion.");
            return Verdict.Warn(
                $"The other replica(s) {list} cannot replicate the target, which does not know PSYNC: their data stops at the cutover. "
                + "Invoke-SentinelFailover makes them unpromotable (replica-priority 0) after the promotion, and makes the Sentinel it asks end its failover at once "
                + "(its failover-timeout lowered once it names the target, then put back), since that Sentinel would otherwise wait failover-timeout for them and "
                + "keep naming the old primary to clients until then.",
                "Move any readers off those replicas before the window; after the cutover, Complete-DragonflyMigration retires them.");
        }

        private static Verdict WithStates(ReadinessFacts f, Func<IReadOnlyList<SentinelMasterState>, SentinelFinding> rule) =>
            WithStates(f, states => Verdict.From(rule(states)));

        private static Verdict WithStates(ReadinessFacts f, Func<IReadOnlyList<SentinelMasterState>, Verdict> rule)
        {
            if (f.Sentinels.Count == 0) return Verdict.Skipped("No Sentinels were given (-Sentinel).");
            var states = f.Sentinels.Where(s => s.State != null).Select(s => s.State!).ToList();
            return states.Count == 0 ? Verdict.Skipped("No Sentinel could be read (see SentinelsReachable).") : rule(states);
        }
    }
}

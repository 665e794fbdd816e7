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

        private static Verdict WithStates(ReadinessFacts f, Func<IReadOnlyList<SentinelMasterState>, SentinelFinding> rule)
        {
            if (f.Sentinels.Count == 0) return Verdict.Skipped("No Sentinels were given (-Sentinel).");
            var states = f.Sentinels.Where(s => s.State != null).Select(s => s.State!).ToList();
            return states.Count == 0 ? Verdict.Skipped("No Sentinel could be read (see SentinelsReachable).") : Verdict.From(rule(states));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>
    /// The Sentinels can carry out the promotion: they agree, have a quorum, are not in TILT, give the
    /// write pause room, and would choose the target (research notes A3 and E step 1). These are the
    /// cutover's own preflight conditions, judged ahead of time.
    /// </summary>
    internal static class SentinelRules
    {
        public static Verdict SentinelAgreement(ReadinessFacts f, ReadinessThresholds t) => WithStates(f, states =>
        {
            var source = f.Source.Endpoint;
            var epochs = states.Select(s => s.ConfigEpoch).Distinct().ToList();
            var views = states.Select(s => $"{s.Sentinel}: {(s.Primary.Length == 0 ? "none" : s.Primary)} (epoch {s.ConfigEpoch})").ToArray();
            Verdict verdict;
            var wrong = states.Where(s => !string.Equals(s.Primary, source, StringComparison.OrdinalIgnoreCase)).ToList();
            if (wrong.Count > 0)
                verdict = Verdict.Fail($"Not every Sentinel names the source {source} as the primary of '{f.MasterName}': {string.Join("; ", views)}.",
                    "Give the current primary as -Source, by the address the Sentinels use, and wait until every Sentinel agrees (Get-SentinelMaster); a Sentinel that keeps a different view needs SENTINEL RESET or its configuration corrected.");
            else if (epochs.Count > 1)
                verdict = Verdict.Fail($"The Sentinels agree on the primary but report different config epochs: {string.Join("; ", views)}.",
                    "Wait until they converge (Get-SentinelMaster) before the cutover.");
            else
                verdict = Verdict.Pass($"All {states.Count} Sentinel(s) name the source {source} as the primary of '{f.MasterName}' (epoch {epochs[0]}).");
            return verdict.With("Views", views);
        });

        public static Verdict SentinelQuorum(ReadinessFacts f, ReadinessThresholds t) => WithStates(f, states =>
        {
            var failing = states.Where(s => !s.QuorumReachable).ToList();
            var verdict = failing.Count == 0
                ? Verdict.Pass($"CKQUORUM succeeds on all {states.Count} Sentinel(s) (quorum {states[0].Quorum}, {states[0].OtherSentinels + 1} Sentinels known).")
                : Verdict.Fail($"CKQUORUM fails on {string.Join("; ", failing.Select(s => $"{s.Sentinel}: {s.QuorumVerdict}"))}.",
                    "Start or reconnect the missing Sentinels, or lower the quorum (SENTINEL SET <name> quorum); without a majority no failover can be authorised.");
            return verdict.With("Quorum", states[0].Quorum).With("SentinelsKnown", states.Max(s => s.OtherSentinels) + 1);
        });

        public static Verdict SentinelTilt(ReadinessFacts f, ReadinessThresholds t) => WithStates(f, states =>
        {
            var tilted = states.Where(s => s.InTilt).Select(s => s.Sentinel).ToArray();
            return (tilted.Length == 0
                    ? Verdict.Pass("No Sentinel is in TILT mode.")
                    : Verdict.Fail($"{string.Join(", ", tilted)} {(tilted.Length == 1 ? "is" : "are")} in TILT mode and would not act.",
                        "Wait until TILT ends (30 s after the clock jump or stall that caused it) and find its cause."))
                .With("InTilt", tilted);
        });

        public static Verdict SentinelDownAfter(ReadinessFacts f, ReadinessThresholds t) => WithStates(f, states =>
        {
            var downAfter = states.Min(s => s.DownAfterMilliseconds);
            var needed = (long)(t.PlannedWritePause.TotalMilliseconds * 2);
            return (downAfter >= needed
                    ? Verdict.Pass($"down-after-milliseconds ({downAfter} ms) leaves room for the planned write pause of {Units.Duration(t.PlannedWritePause)}.")
                    : Verdict.Fail($"down-after-milliseconds is {downAfter} ms: a write pause of {Units.Duration(t.PlannedWritePause)} could get the paused source declared down, so the cutover would refuse it.",
                        $"Raise down-after-milliseconds to at least {needed} on every Sentinel (SENTINEL SET <name> down-after-milliseconds {needed}), or plan a shorter pause (-MaxWritePause)."))
                .With("DownAfterMilliseconds", downAfter).With("PlannedWritePauseMilliseconds", (long)t.PlannedWritePause.TotalMilliseconds);
        });

        public static Verdict SentinelPromotion(ReadinessFacts f, ReadinessThresholds t) => WithStates(f, states =>
        {
            var target = f.Target.Endpoint;
            var winners = states.Select(s => s.PredictedPromotion?.Endpoint).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var today = winners.Count == 1
                ? winners[0] == null ? "no replica is eligible for promotion today" : $"Sentinel would promote {winners[0]} today"
                : $"the Sentinels would promote different replicas today ({string.Join(", ", states.Select(s => $"{s.Sentinel}: {s.PredictedPromotion?.Endpoint ?? "none"}"))})";
            var rivals = PromotionPredictor.Rivals(states, target, t.ArmPriority);
            var others = PromotionPredictor.Rivals(states, target);
            Verdict verdict;
            if (rivals.Count > 0)
                verdict = Verdict.Fail($"{Capitalize(today)}; {string.Join(", ", rivals)} could beat the target even when it is armed at priority {t.ArmPriority}.",
                    "Set replica-priority 0 on those replicas for the cutover, or run Invoke-SentinelFailover -ExcludeOtherReplicas, which does it and puts the old values back.");
            else if (others.Count > 0)
                verdict = Verdict.Warn($"{Capitalize(today)}; at cutover the target, armed at priority {t.ArmPriority}, outranks {string.Join(", ", others)}, but those replicas are reconfigured one by one after the promotion, which slows the switch.",
                    "Consider Invoke-SentinelFailover -ExcludeOtherReplicas, or retire replicas the new topology will not keep.");
            else
                verdict = Verdict.Pass($"{Capitalize(today)}; no other replica competes with the target.");
            return verdict.With("PredictedPromotion", winners.Count == 1 ? winners[0] : string.Join(", ", winners))
                .With("Replicas", states.SelectMany(s => s.Replicas).GroupBy(r => r.Endpoint, StringComparer.OrdinalIgnoreCase).Select(g => g.First().ToString()).ToArray());
        });

        private static Verdict WithStates(ReadinessFacts f, Func<List<SentinelMasterState>, Verdict> judge)
        {
            if (f.Sentinels.Count == 0) return Verdict.Skipped("No Sentinels were given (-Sentinel).");
            var states = f.Sentinels.Where(s => s.State != null).Select(s => s.State!).ToList();
            return states.Count == 0 ? Verdict.Skipped("No Sentinel could be read (see SentinelsReachable).") : judge(states);
        }

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>
    /// The one set of rules about a group of Sentinels watching a primary: they agree, have a quorum,
    /// are not in TILT, give the write pause room, and would choose the target
    /// (docs/architecture.md#cutover-phases). Test-MigrationReadiness reports them ahead of time; the
    /// cutover preflight, Get-SentinelMaster and Complete-DragonflyMigration enforce the same ones.
    /// Pure: each rule judges views already read.
    /// </summary>
    public static class SentinelGroupRules
    {
        /// <summary>The write pause may use at most this share of down-after-milliseconds.</summary>
        public const int DownAfterToPauseRatio = 2;

        /// <summary>Every Sentinel asked answered, naming one primary with one config epoch.</summary>
        public static bool Agree(IReadOnlyList<SentinelMasterState> states, int asked) =>
            states.Count == asked && states.Count > 0
            && states.All(s => s.Primary != null && s.Primary.Equals(states[0].Primary))
            && states.Select(s => s.ConfigEpoch).Distinct().Count() == 1;

        /// <summary>The Sentinels still carrying out a failover of the primary (Sentinel's failover_in_progress flag).</summary>
        public static IReadOnlyList<SentinelMasterState> InFailover(IReadOnlyList<SentinelMasterState> states) =>
            states.Where(s => s.Flags.Split(',').Contains("failover_in_progress", StringComparer.OrdinalIgnoreCase)).ToList();

        /// <summary>Every Sentinel names <paramref name="primary"/>, with one config epoch.</summary>
        public static SentinelFinding Agreement(IReadOnlyList<SentinelMasterState> states, NodeAddresses primary, string masterName)
        {
            var epochs = states.Select(s => s.ConfigEpoch).Distinct().ToList();
            var views = states.Select(s => $"{s.Sentinel}: {s.Primary?.ToString() ?? "none"} (epoch {s.ConfigEpoch})").ToArray();
            var wrong = states.Where(s => !primary.Matches(s.Primary)).ToList();
            SentinelFinding finding;
            if (wrong.Count > 0)
                finding = Fail(MigrationErrorKind.SentinelsDisagree, wrong[0].Sentinel.ToString(),
                    $"Not every Sentinel names the source {primary} as the primary of '{masterName}': {string.Join("; ", views)}.",
                    "Give the current primary as -Source, by the address the Sentinels use, and wait until every Sentinel agrees (Get-SentinelMaster); a Sentinel that keeps a different view needs SENTINEL RESET or its configuration corrected.");
            else if (epochs.Count > 1)
                finding = Fail(MigrationErrorKind.SentinelsDisagree, masterName,
                    $"The Sentinels agree on the primary but report different config epochs: {string.Join("; ", views)}.",
                    "Wait until they converge (Get-SentinelMaster) before the cutover.");
            else
                finding = Ok($"All {states.Count} Sentinel(s) name the source {primary} as the primary of '{masterName}' (epoch {epochs[0]}).");
            return finding.With("Views", views);
        }

        /// <summary>CKQUORUM succeeds on every Sentinel, so a failover can be authorised.</summary>
        public static SentinelFinding Quorum(IReadOnlyList<SentinelMasterState> states)
        {
            var failing = states.Where(s => !s.QuorumReachable).ToList();
            var finding = failing.Count == 0
                ? Ok($"CKQUORUM succeeds on all {states.Count} Sentinel(s) (quorum {states[0].Quorum}, {states[0].OtherSentinels + 1} Sentinels known).")
                : Fail(MigrationErrorKind.QuorumUnreachable, failing[0].Sentinel.ToString(),
                    $"CKQUORUM fails on {string.Join("; ", failing.Select(s => $"{s.Sentinel}: {s.QuorumVerdict}"))}.",
                    "Start or reconnect the missing Sentinels, or lower the quorum (SENTINEL SET <name> quorum); without a majority no failover can be authorised.");
            return finding.With("Quorum", states[0].Quorum).With("SentinelsKnown", states.Max(s => s.OtherSentinels) + 1);
        }

        /// <summary>No Sentinel is in TILT mode (a Sentinel in TILT does not act).</summary>
        public static SentinelFinding Tilt(IReadOnlyList<SentinelMasterState> states)
        {
            var tilted = states.Where(s => s.InTilt).Select(s => s.Sentinel.ToString()).ToArray();
            return (tilted.Length == 0
                    ? Ok("No Sentinel is in TILT mode.")
                    : Fail(MigrationErrorKind.SentinelInTilt, tilted[0],
                        $"{string.Join(", ", tilted)} {(tilted.Length == 1 ? "is" : "are")} in TILT mode and would not act.",
                        "Wait until TILT ends (30 s after the clock jump or stall that caused it) and find its cause."))
                .With("InTilt", tilted);
        }

        /// <summary>down-after-milliseconds is at least twice the write pause, so a paused source is never declared down.</summary>
        public static SentinelFinding DownAfter(IReadOnlyList<SentinelMasterState> states, TimeSpan writePause, string masterName)
        {
            var downAfter = states.Min(s => s.DownAfterMilliseconds);
            var needed = (long)(writePause.TotalMilliseconds * DownAfterToPauseRatio);
            return (downAfter >= needed
                    ? Ok($"down-after-milliseconds ({downAfter} ms) leaves room for the planned write pause of {Duration(writePause)}.")
                    : Fail(MigrationErrorKind.WritePauseTooLong, masterName,
                        $"down-after-milliseconds is {downAfter} ms: a write pause of {Duration(writePause)} could get the paused source declared down, so the cutover would refuse it.",
                        $"Raise down-after-milliseconds to at least {needed} on every Sentinel (SENTINEL SET <name> down-after-milliseconds {needed}), or plan a shorter pause (-MaxWritePause)."))
                .With("DownAfterMilliseconds", downAfter).With("PlannedWritePauseMilliseconds", (long)writePause.TotalMilliseconds);
        }

        /// <summary>
        /// No other replica could beat the target once it is armed at <paramref name="armPriority"/>
        /// (Fail), and none competes at all (else Warn: the cutover can exclude them).
        /// </summary>
        public static SentinelFinding Promotion(IReadOnlyList<SentinelMasterState> states, NodeAddresses target, long armPriority)
        {
            var winners = states.Select(s => s.PredictedPromotion?.Endpoint).Distinct().ToList();
            var today = winners.Count == 1
                ? winners[0] == null ? "no replica is eligible for promotion today" : $"Sentinel would promote {winners[0]} today"
                : $"the Sentinels would promote different replicas today ({string.Join(", ", states.Select(s => $"{s.Sentinel}: {s.PredictedPromotion?.Endpoint.ToString() ?? "none"}"))})";
            var rivals = PromotionPredictor.Rivals(states, target, armPriority);
            var others = PromotionPredictor.Rivals(states, target);
            SentinelFinding finding;
            if (rivals.Count > 0)
                finding = Fail(MigrationErrorKind.OtherReplicaWouldWin, rivals[0].Endpoint.ToString(),
                    $"{Capitalize(today)}; {string.Join(", ", rivals)} could beat the target even when it is armed at priority {armPriority}.",
                    "Set replica-priority 0 on those replicas for the cutover, or run Invoke-SentinelFailover -ExcludeOtherReplicas, which does it and puts the old values back if the cutover stops before the promotion.");
            else if (others.Count > 0)
                finding = Warn(MigrationErrorKind.OtherReplicaWouldWin, others[0].Endpoint.ToString(),
                    $"{Capitalize(today)}; at cutover the target, armed at priority {armPriority}, outranks {string.Join(", ", others)}, but those replicas are reconfigured one by one after the promotion, which slows the switch.",
                    "Consider Invoke-SentinelFailover -ExcludeOtherReplicas, or retire replicas the new topology will not keep.");
            else
                finding = Ok($"{Capitalize(today)}; no other replica competes with the target.");
            return finding.With("PredictedPromotion", winners.Count == 1 ? winners[0]?.ToString() : string.Join(", ", winners))
                .With("Replicas", states.SelectMany(s => s.Replicas).GroupBy(r => r.Endpoint).Select(g => g.First().ToString()).ToArray());
        }

        private static SentinelFinding Ok(string message) => new SentinelFinding(FindingLevel.Ok, default, message, null, null);

        private static SentinelFinding Warn(MigrationErrorKind kind, string subject, string message, string remedy) => new SentinelFinding(FindingLevel.Warn, kind, message, remedy, subject);

        private static SentinelFinding Fail(MigrationErrorKind kind, string subject, string message, string remedy) => new SentinelFinding(FindingLevel.Fail, kind, message, remedy, subject);

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        private static string Duration(TimeSpan t) => Formatting.Units.Duration(t);
    }
}

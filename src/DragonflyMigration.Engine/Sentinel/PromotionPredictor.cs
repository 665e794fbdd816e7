using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>
    /// Works out which replica a Sentinel would promote, with the rules of Redis 7.0's
    /// <c>sentinelSelectSlave</c> (docs/architecture.md#how-sentinel-picks-a-replica): skip replicas that are down, disconnected,
    /// silent for 5 s, of priority 0, with INFO older than 30 s, or whose link to the primary has been
    /// down too long; then lowest priority, highest offset, smallest run id (none sorts last).
    /// </summary>
    public static class PromotionPredictor
    {
        private const long PingPeriodMilliseconds = 1000;
        private const long InfoPeriodMilliseconds = 10000;

        /// <summary>Every replica of the reply that has an address, judged.</summary>
        public static IReadOnlyList<ReplicaCandidate> Candidates(IEnumerable<SentinelReply> replicas, long downAfterMilliseconds) =>
            replicas.Where(r => r.Address != null).Select(r => Judge(r, downAfterMilliseconds)).ToList();

        /// <summary>The replica the Sentinel would choose, or null when none is eligible.</summary>
        public static ReplicaCandidate? Winner(IEnumerable<ReplicaCandidate> candidates) =>
            candidates.Where(c => c.IsEligible)
                .OrderBy(c => c.Priority)
                .ThenByDescending(c => c.Offset)
                .ThenBy(c => c.RunId == null ? 1 : 0)
                .ThenBy(c => c.RunId, StringComparer.Ordinal)
                .FirstOrDefault();

        /// <summary>
        /// Eligible replicas other than the target, as any of the Sentinels sees them, once each.
        /// With <paramref name="maxPriority"/>, only those that could beat a target armed at that priority.
        /// </summary>
        public static IReadOnlyList<ReplicaCandidate> Rivals(IEnumerable<SentinelMasterState> states, NodeAddresses target, long maxPriority = long.MaxValue) =>
            states.SelectMany(s => s.Replicas)
                .Where(r => r.IsEligible && r.Priority <= maxPriority && !target.Matches(r.Endpoint))
                .GroupBy(r => r.Endpoint)
                .Select(g => g.First())
                .ToList();

        private static ReplicaCandidate Judge(SentinelReply r, long downAfterMilliseconds)
        {
            var priority = r.GetInt64("slave-priority") ?? 100;
            var infoAge = r.GetInt64("info-refresh") ?? long.MaxValue;
            var sincePing = r.GetInt64("last-ok-ping-reply") ?? long.MaxValue;
            var linkDown = r.GetInt64("master-link-down-time") ?? 0;
            string? excluded =
                r.HasFlag("s_down") || r.HasFlag("o_down") ? "it is down"
                : r.HasFlag("disconnected") ? "the Sentinel's link to it is disconnected"
                : sincePing > 5 * PingPeriodMilliseconds ? $"no PING reply for {sincePing} ms"
                : priority == 0 ? "its replica-priority is 0"
                : infoAge > 3 * InfoPeriodMilliseconds ? $"the Sentinel's INFO of it is {infoAge} ms old"
                : linkDown > 10 * downAfterMilliseconds ? $"its link to the primary has been down for {linkDown} ms"
                : null;
            var runId = r.Get("runid");
            return new ReplicaCandidate
            {
                Endpoint = r.Address!,
                RunId = string.IsNullOrEmpty(runId) || runId == "?" ? null : runId,
                Priority = priority,
                Offset = r.GetInt64("slave-repl-offset") ?? 0,
                Flags = r.Get("flags") ?? string.Empty,
                InfoAgeMilliseconds = infoAge,
                ExcludedBecause = excluded,
            };
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>What the catch-up loop of the Freeze phase does next.</summary>
    public enum CatchUpStep
    {
        Wait,
        CaughtUp,
        TimedOut,
    }

    /// <summary>What the Promote phase does next.</summary>
    public enum PromotionStep
    {
        Wait,
        Promoted,

        /// <summary>Sentinel promoted a node that is neither the source nor the target.</summary>
        OtherPromoted,

        /// <summary>Not promoted in time to fence before the pause expires.</summary>
        TimedOut,
    }

    /// <summary>Where Sentinel stands after it accepted a failover that did not promote the target in time.</summary>
    public enum LateFailoverState
    {
        /// <summary>Still in the failover: it may yet promote.</summary>
        Undecided,

        /// <summary>Every Sentinel names the source and none is in a failover: it gave up.</summary>
        Abandoned,

        /// <summary>The target is primary after all.</summary>
        PromotedLate,
    }

    /// <summary>
    /// The cutover's decisions, each a pure function of what a phase observed, so that every outcome
    /// is unit-tested without servers (the runner, <see cref="SentinelCutover"/>, only observes and acts).
    /// </summary>
    public static class CutoverDecisions
    {
        /// <summary>The first Sentinel that does not list the target among the replicas, or null when all do.</summary>
        public static SentinelMasterState? NotListingTarget(IReadOnlyList<SentinelMasterState> states, NodeAddresses target) =>
            states.FirstOrDefault(s => !s.Replicas.Any(r => target.Matches(r.Endpoint)));

        /// <summary>The cutover is done already: the target answers as primary and every Sentinel names it.</summary>
        public static bool AlreadyCompleted(NodeRole? targetRole, IReadOnlyList<NodeEndpoint?> sentinelPrimaries, NodeAddresses target) =>
            targetRole == NodeRole.Primary && sentinelPrimaries.Count > 0 && sentinelPrimaries.All(target.Matches);

        /// <summary>Arming took effect: every Sentinel would promote the target and sees the excluded replicas at priority 0.</summary>
        public static bool Armed(IReadOnlyList<SentinelMasterState> states, NodeAddresses target, IReadOnlyCollection<NodeEndpoint> excluded) =>
            states.All(s => target.Matches(s.PredictedPromotion?.Endpoint)
                && s.Replicas.Where(r => excluded.Contains(r.Endpoint)).All(r => r.Priority == 0));

        /// <summary>Whether the target has everything the source had when writes were paused: the marker written with the pause arrived.</summary>
        public static CatchUpStep CatchUp(bool markerArrived, TimeSpan paused, TimeSpan budget)
        {
            if (markerArrived) return CatchUpStep.CaughtUp;
            return paused > budget ? CatchUpStep.TimedOut : CatchUpStep.Wait;
        }

        /// <summary>
        /// Why the target must not be promoted now, or null when it may: just before SENTINEL FAILOVER
        /// its link must be up and no sync or load in progress. A target that re-synced inside the pause
        /// (a Dragonfly flushes first) may hold the marker yet not the data.
        /// </summary>
        public static string? NotReadyToPromote(TargetCondition? target) =>
            target == null ? "it did not answer"
            : !target.LinkUp ? "its link to the source is down"
            : target.Syncing ? "it is in a full sync"
            : target.Loading ? "it is loading its dataset"
            : null;

        /// <summary>Commands the target dropped from the replication stream since the preflight; empty when none or unknown.</summary>
        public static IReadOnlyDictionary<string, long> DroppedSincePreflight(IReadOnlyDictionary<string, long>? atPreflight, TargetCondition? target) =>
            atPreflight == null || target?.UnknownCommands == null
                ? new Dictionary<string, long>()
                : CommandStats.UnknownSince(atPreflight, target.UnknownCommands);

        /// <summary>
        /// What to warn of once the target is primary: still loading, or holding fewer keys than the
        /// source had at the freeze (beyond those that could have expired since). Null when all is well.
        /// </summary>
        public static string? AfterPromotion(FreezeRecord atFreeze, TargetCondition? target)
        {
            if (target == null) return null;
            if (target.Loading) return "The new primary reports it is still loading its dataset.";
            var floor = atFreeze.SourceKeys - atFreeze.SourceKeysExpiring;
            return target.Keys < floor
                ? $"The new primary holds {target.Keys} keys; the source held {atFreeze.SourceKeys} ({atFreeze.SourceKeysExpiring} with an expiry) when writes were paused. Compare the keyspaces (Compare-RedisKeyspace) at once."
                : null;
        }

        /// <summary>
        /// How long after the pause began the target may still become primary with time left to fence
        /// the source before the pause expires on its own.
        /// </summary>
        public static TimeSpan FenceDeadline(TimeSpan pauseExpiry) =>
            pauseExpiry - TimeSpan.FromMilliseconds(Math.Min(1000, pauseExpiry.TotalMilliseconds / 5));

        /// <summary>What one look at the target (its role) and at the leading Sentinel (its primary) means.</summary>
        public static PromotionStep Promotion(NodeRole? targetRole, NodeEndpoint? sentinelPrimary, NodeAddresses source, NodeAddresses target, TimeSpan paused, TimeSpan deadline)
        {
            if (targetRole == NodeRole.Primary) return PromotionStep.Promoted;
            if (sentinelPrimary != null && !source.Matches(sentinelPrimary) && !target.Matches(sentinelPrimary)) return PromotionStep.OtherPromoted;
            return paused > deadline ? PromotionStep.TimedOut : PromotionStep.Wait;
        }

        /// <summary>
        /// What to tell the operator about Sentinels still in the failover after Confirm: a leader
        /// reconfigures the other replicas before it ends the failover, and replicas that cannot sync from
        /// the new primary (Redis replicas of Dragonfly) hold it until failover-timeout. Null when none is.
        /// </summary>
        /// <param name="targetServesReplicas">Whether the new primary can feed Redis replicas (a Redis target can; Dragonfly cannot).</param>
        public static string? FailoverNote(IReadOnlyList<SentinelMasterState> states, DateTimeOffset now, bool targetServesReplicas)
        {
            var busy = SentinelGroupRules.InFailover(states);
            if (busy.Count == 0) return null;
            var timeout = TimeSpan.FromMilliseconds(busy.Max(s => s.FailoverTimeoutMilliseconds));
            var waits = targetServesReplicas
                ? $"it waits for the other replicas to follow the new primary, which they do once they have synced from it; it ends then, or by {(now + timeout):u} at the latest (failover-timeout {timeout.TotalSeconds:0} s)."
                : $"it waits for the other replicas to follow the new primary, which Redis replicas of a Dragonfly never do, so it ends by {(now + timeout):u} at the latest (failover-timeout {timeout.TotalSeconds:0} s), or sooner once those replicas are shut down.";
            return $"{string.Join(", ", busy.Select(s => s.Sentinel))} still carr{(busy.Count == 1 ? "ies" : "y")} out the failover ({busy[0].FailoverState}): "
                + waits + " Complete-DragonflyMigration waits for it.";
        }

        /// <summary>
        /// After a promotion timeout: whether Sentinel gave up (the priorities can be put back, leaving the
        /// group as it was), promoted the target after all, or is still deciding.
        /// </summary>
        public static LateFailoverState AfterPromotionTimeout(IReadOnlyList<SentinelMasterState>? states, NodeRole? targetRole, NodeAddresses source, NodeAddresses target)
        {
            if (targetRole == NodeRole.Primary || (states != null && states.Any(s => target.Matches(s.Primary)))) return LateFailoverState.PromotedLate;
            // Sentinels that cannot be read may be carrying the failover out: undecided until they answer.
            return states != null && states.All(s => source.Matches(s.Primary)) && SentinelGroupRules.InFailover(states).Count == 0
                ? LateFailoverState.Abandoned
                : LateFailoverState.Undecided;
        }

        /// <summary>Done means confirmed: the target answers as primary and every Sentinel names it.</summary>
        public static bool Confirmed(NodeRole? targetRole, int confirmingSentinels, int sentinels) =>
            targetRole == NodeRole.Primary && confirmingSentinels == sentinels;

        /// <summary>
        /// What an abort undoes in each state: the one policy. Before the SENTINEL FAILOVER request, and once
        /// Sentinel is seen to have given it up, everything: the deployment is left as it was. After the request
        /// the promotion may still happen at any moment, so nothing, with one exception: a promotion that never
        /// came within the deadline releases the write pause (once the run has closed writes on the source
        /// another way, so that none is acknowledged that a late promotion would lose) rather than hold
        /// Sentinel's own traffic until the pause expires. Any other failure after the request (another node
        /// promoted, the fence failed, Ctrl+C) leaves the pause to expire on its own and the write fence armed.
        /// </summary>
        public static Func<RollbackStep, bool> ToUndo(CutoverState state) => state switch
        {
            CutoverState.Planned or CutoverState.Armed or CutoverState.Frozen or CutoverState.FailoverAbandoned => _ => true,
            CutoverState.PromotionTimedOut => step => step == RollbackStep.WritePause,
            _ => _ => false,
        };
    }
}

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

    /// <summary>
    /// The cutover's decisions, each a pure function of what a phase observed, so that every outcome
    /// is unit-tested without servers (the runner, <see cref="SentinelCutover"/>, only observes and acts).
    /// </summary>
    public static class CutoverDecisions
    {
        /// <summary>The first Sentinel that does not list the target among the replicas, or null when all do.</summary>
        public static SentinelMasterState? NotListingTarget(IReadOnlyList<SentinelMasterState> states, NodeEndpoint target) =>
            states.FirstOrDefault(s => !s.Replicas.Any(r => r.Endpoint.Equals(target)));

        /// <summary>The cutover is done already: the target answers as primary and every Sentinel names it.</summary>
        public static bool AlreadyCompleted(NodeRole? targetRole, IReadOnlyList<NodeEndpoint?> sentinelPrimaries, NodeEndpoint target) =>
            targetRole == NodeRole.Primary && sentinelPrimaries.Count > 0 && sentinelPrimaries.All(p => target.Equals(p));

        /// <summary>Arming took effect: every Sentinel would promote the target and sees the excluded replicas at priority 0.</summary>
        public static bool Armed(IReadOnlyList<SentinelMasterState> states, NodeEndpoint target, IReadOnlyCollection<NodeEndpoint> excluded) =>
            states.All(s => target.Equals(s.PredictedPromotion?.Endpoint)
                && s.Replicas.Where(r => excluded.Contains(r.Endpoint)).All(r => r.Priority == 0));

        /// <summary>Whether the target has everything the source had when writes were paused.</summary>
        public static CatchUpStep CatchUp(long? sourceOffset, long? targetOffset, TimeSpan paused, TimeSpan budget)
        {
            if (sourceOffset.HasValue && targetOffset.HasValue && targetOffset.Value >= sourceOffset.Value) return CatchUpStep.CaughtUp;
            return paused > budget ? CatchUpStep.TimedOut : CatchUpStep.Wait;
        }

        /// <summary>
        /// How long after the pause began the target may still become primary with time left to fence
        /// the source before the pause expires on its own.
        /// </summary>
        public static TimeSpan FenceDeadline(TimeSpan pauseExpiry) =>
            pauseExpiry - TimeSpan.FromMilliseconds(Math.Min(1000, pauseExpiry.TotalMilliseconds / 5));

        /// <summary>What one look at the target (its role) and at the leading Sentinel (its primary) means.</summary>
        public static PromotionStep Promotion(NodeRole? targetRole, NodeEndpoint? sentinelPrimary, NodeEndpoint source, NodeEndpoint target, TimeSpan paused, TimeSpan deadline)
        {
            if (targetRole == NodeRole.Primary) return PromotionStep.Promoted;
            if (sentinelPrimary != null && !sentinelPrimary.Equals(source) && !sentinelPrimary.Equals(target)) return PromotionStep.OtherPromoted;
            return paused > deadline ? PromotionStep.TimedOut : PromotionStep.Wait;
        }

        /// <summary>Done means confirmed: the target answers as primary and every Sentinel names it.</summary>
        public static bool Confirmed(NodeRole? targetRole, int confirmingSentinels, int sentinels) =>
            targetRole == NodeRole.Primary && confirmingSentinels == sentinels;

        /// <summary>
        /// What a failure undoes. Before SENTINEL FAILOVER was accepted, everything: the deployment is
        /// left as it was. After it the promotion may still happen at any moment, so nothing, with one
        /// exception: a promotion that never came within the deadline releases the write pause rather
        /// than hold writes until the pause expires. Any other failure after the request (another
        /// node promoted, the fence failed, Ctrl+C) leaves the pause to expire on its own, which keeps
        /// the source from taking writes for as long as possible.
        /// </summary>
        public static Func<RollbackStep, bool> ToUndo(bool failoverRequested, bool promotionTimedOut) =>
            !failoverRequested ? _ => true
            : promotionTimedOut ? step => step == RollbackStep.WritePause
            : _ => false;
    }
}

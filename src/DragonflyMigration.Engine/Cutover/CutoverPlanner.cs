using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// What the read-only preflight concludes from the Sentinels' views and the target's state: a
    /// refusal (the first failing <see cref="SentinelGroupRules"/> rule, as a MigrationException) or
    /// the <see cref="CutoverPlan"/> the run follows. Pure.
    /// </summary>
    public static class CutoverPlanner
    {
        /// <summary>Throws the first group rule that forbids the cutover, in the order an operator would fix them.</summary>
        public static void CheckSentinels(IReadOnlyList<SentinelMasterState> states, NodeEndpoint source, NodeEndpoint target, CutoverOptions options)
        {
            var findings = new[]
            {
                SentinelGroupRules.Agreement(states, source, options.MasterName),
                SentinelGroupRules.Tilt(states),
                SentinelGroupRules.Quorum(states),
                SentinelGroupRules.DownAfter(states, options.MaxWritePause, options.MasterName),
            };
            var failed = findings.FirstOrDefault(f => f.Failed);
            if (failed != null) throw failed.ToException();
            // Rivals that could beat the armed target are excluded in the Arm phase when asked to be.
            var promotion = SentinelGroupRules.Promotion(states, target, options.ArmPriority);
            if (promotion.Failed && !options.ExcludeOtherReplicas) throw promotion.ToException();
        }

        public static CutoverPlan Plan(IReadOnlyList<SentinelMasterState> states, NodeEndpoint source, NodeEndpoint target, long targetPriority, string replicationSeen, CutoverOptions options) =>
            new CutoverPlan
            {
                MasterName = options.MasterName,
                Source = source,
                Target = target,
                TargetPriorityBefore = targetPriority,
                // Every eligible rival goes, not only those that could win: the others would still be
                // reconfigured one by one after the promotion, which slows the switch.
                Excluded = options.ExcludeOtherReplicas ? PromotionPredictor.Rivals(states, target) : Array.Empty<ReplicaCandidate>(),
                DownAfterMilliseconds = states.Min(s => s.DownAfterMilliseconds),
                SentinelCount = states.Count,
                ArmPriority = options.ArmPriority,
                MaxWritePause = options.MaxWritePause,
                ReplicationSeen = replicationSeen,
            };

        public static CutoverPlan Completed(NodeEndpoint source, NodeEndpoint target, int sentinels, CutoverOptions options) =>
            new CutoverPlan
            {
                MasterName = options.MasterName,
                Source = source,
                Target = target,
                AlreadyCompleted = true,
                SentinelCount = sentinels,
                ArmPriority = options.ArmPriority,
                MaxWritePause = options.MaxWritePause,
            };
    }
}

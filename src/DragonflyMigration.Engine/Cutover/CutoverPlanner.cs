using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
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
        public static void CheckSentinels(IReadOnlyList<SentinelMasterState> states, NodeAddresses source, NodeAddresses target, CutoverOptions options)
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

        /// <summary>
        /// Sentinel parses a replica's priority and offset only after a <c>role:slave</c> line. A target
        /// printing <c>role:replica</c> (Dragonfly started with --info_replication_valkey_compatible=false,
        /// the default before v1.22) would be judged at priority 100 whatever it is set to: the priority
        /// shield and the arming would both be blind.
        /// </summary>
        public static void CheckTargetReadable(ReplicationSnapshot replication)
        {
            if (SentinelReadsRole(replication.TargetRoleName)) return;
            throw new MigrationException(MigrationErrorKind.TargetUnreadableBySentinel,
                $"The target {replication.Target} prints role:{replication.TargetRoleName}; Sentinel reads a replica's priority and offset only from role:slave.", replication.Target)
            { Remedy = "Restart Dragonfly with --info_replication_valkey_compatible=true (the default from v1.22)." };
        }

        /// <summary>Whether Sentinel reads a replica's priority and offset from the role its INFO prints: only after <c>role:slave</c>.</summary>
        public static bool SentinelReadsRole(string? roleName) => string.Equals(roleName, "slave", StringComparison.OrdinalIgnoreCase);

        /// <summary>Refuses when a user Sentinel may be using could not run the promotion transaction on the target.</summary>
        public static void CheckSentinelAccess(IReadOnlyList<string>? refusedOnTarget, NodeAddresses target)
        {
            if (refusedOnTarget == null || refusedOnTarget.Count == 0) return;
            throw new MigrationException(MigrationErrorKind.SentinelAccessDenied,
                $"Users that may run Sentinel's commands on the source may not on the target {target}: {string.Join(", ", refusedOnTarget)}. If Sentinel uses one of them, its promotion aborts and the target is never promoted.", target.ToString())
            { Remedy = "Give those users the same commands on the target (ACL SETUSER … +multi +exec +slaveof +config +client +ping +info +publish +subscribe); Test-MigrationReadiness checks it (SentinelAccess)." };
        }

        public static CutoverPlan Plan(IReadOnlyList<SentinelMasterState> states, NodeAddresses source, NodeAddresses target, long targetPriority, bool targetServesReplicas, ReplicationSnapshot replication, CutoverOptions options) =>
            new CutoverPlan
            {
                MasterName = options.MasterName,
                Source = source.Endpoint,
                Target = target.Endpoint,
                TargetPriorityBefore = targetPriority,
                // Every eligible rival goes, not only those that could win: the others would still be
                // reconfigured one by one after the promotion, which slows the switch.
                Excluded = options.ExcludeOtherReplicas ? PromotionPredictor.Rivals(states, target) : Array.Empty<ReplicaCandidate>(),
                TargetServesReplicas = targetServesReplicas,
                OtherReplicas = OtherReplicas(states, source, target),
                LeaderFailoverTimeoutMilliseconds = !targetServesReplicas && OtherReplicas(states, source, target).Count > 0 ? states[0].FailoverTimeoutMilliseconds : (long?)null,
                FailoverSentinel = states[0].Sentinel,
                DownAfterMilliseconds = states.Min(s => s.DownAfterMilliseconds),
                FailoverTimeoutMilliseconds = states.Max(s => s.FailoverTimeoutMilliseconds),
                SentinelCount = states.Count,
                ArmPriority = options.ArmPriority,
                MaxWritePause = options.MaxWritePause,
                ReplicationSeen = replication.Describe(),
                TargetUnknownCommands = replication.TargetUnknownCommands,
            };

        /// <summary>Every replica a Sentinel lists besides the source and the target.</summary>
        public static IReadOnlyList<NodeEndpoint> OtherReplicas(IReadOnlyList<SentinelMasterState> states, NodeAddresses source, NodeAddresses target) =>
            states.SelectMany(s => s.Replicas).Select(r => r.Endpoint).Where(e => !target.Matches(e) && !source.Matches(e)).Distinct().ToList();

        public static CutoverPlan Completed(NodeAddresses source, NodeAddresses target, int sentinels, CutoverOptions options, CutoverJournal? interrupted = null) =>
            new CutoverPlan
            {
                MasterName = options.MasterName,
                Source = source.Endpoint,
                Target = target.Endpoint,
                AlreadyCompleted = true,
                Interrupted = interrupted,
                SentinelCount = sentinels,
                ArmPriority = options.ArmPriority,
                MaxWritePause = options.MaxWritePause,
            };

        /// <summary>An earlier run died before the promotion: its changes are put back first, then the cutover is planned again.</summary>
        public static CutoverPlan Interrupted(NodeAddresses source, NodeAddresses target, int sentinels, CutoverOptions options, CutoverJournal journal) =>
            new CutoverPlan
            {
                MasterName = options.MasterName,
                Source = source.Endpoint,
                Target = target.Endpoint,
                Interrupted = journal,
                SentinelCount = sentinels,
                ArmPriority = options.ArmPriority,
                MaxWritePause = options.MaxWritePause,
            };
    }
}

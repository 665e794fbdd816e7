using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// What the read-only preflight concluded, computed once: the confirmation text shows it and the
    /// run follows it. A plan for a cutover already done says so and holds nothing to do.
    /// </summary>
    public sealed class CutoverPlan
    {
        public string MasterName { get; init; } = string.Empty;

        public NodeEndpoint Source { get; init; } = null!;

        public NodeEndpoint Target { get; init; } = null!;

        /// <summary>The Sentinels already name the target and it answers as primary: nothing to do.</summary>
        public bool AlreadyCompleted { get; init; }

        /// <summary>
        /// The journal of an earlier run that died. With <see cref="AlreadyCompleted"/> its fence is
        /// finished; without, what it changed is put back and the preflight runs again.
        /// </summary>
        public CutoverJournal? Interrupted { get; init; }

        /// <summary>Which of the four cases this plan is.</summary>
        public CutoverPlanKind Kind => AlreadyCompleted
            ? (Interrupted == null ? CutoverPlanKind.AlreadyCompleted : CutoverPlanKind.FinishInterrupted)
            : (Interrupted == null ? CutoverPlanKind.Cutover : CutoverPlanKind.RestoreInterrupted);

        /// <summary>The target's replica-priority before the cutover, restored if it stops before the promotion.</summary>
        public long TargetPriorityBefore { get; init; }

        /// <summary>Other replicas to lower to priority 0 (-ExcludeOtherReplicas).</summary>
        public IReadOnlyList<ReplicaCandidate> Excluded { get; init; } = Array.Empty<ReplicaCandidate>();

        /// <summary>The target knows PSYNC: the other Redis replicas can follow it once it is primary.</summary>
        public bool TargetServesReplicas { get; init; } = true;

        /// <summary>
        /// Every other replica a Sentinel lists. When the target cannot serve them, their data stops at the
        /// cutover, so the Fence phase makes them unpromotable.
        /// </summary>
        public IReadOnlyList<NodeEndpoint> OtherReplicas { get; init; } = Array.Empty<NodeEndpoint>();

        /// <summary>
        /// The failover-timeout of the Sentinel asked for the failover (the first), set when the run ends that
        /// Sentinel's failover early; null when it does not need to. See <see cref="EndsFailoverEarly"/>.
        /// </summary>
        public long? LeaderFailoverTimeoutMilliseconds { get; init; }

        /// <summary>
        /// The target cannot serve the other Redis replicas, so the Sentinel running the failover would wait
        /// in its reconf-slaves state for them to sync from it, which never happens, until failover-timeout
        /// (180 s by default): until then it publishes no +switch-master and its SENTINEL MASTERS still names
        /// the old primary, which is what redis-py reads. Once that Sentinel names the target
        /// (GET-MASTER-ADDR-BY-NAME, from reconf-slaves on), the run sets its failover-timeout to
        /// <see cref="EndingFailoverTimeoutMilliseconds"/> so it ends the failover at once, then puts the value back.
        /// </summary>
        public bool EndsFailoverEarly => LeaderFailoverTimeoutMilliseconds.HasValue;

        /// <summary>The failover-timeout that ends a failover in reconf-slaves at Sentinel's next tick (100 ms).</summary>
        public const long EndingFailoverTimeoutMilliseconds = 1;

        /// <summary>The smallest down-after-milliseconds among the Sentinels.</summary>
        public long DownAfterMilliseconds { get; init; }

        public int SentinelCount { get; init; }

        /// <summary>The largest failover-timeout among the Sentinels: how long a failover Sentinel accepted may still end either way.</summary>
        public long FailoverTimeoutMilliseconds { get; init; }

        /// <summary>The Sentinel asked for the failover.</summary>
        public NodeEndpoint? FailoverSentinel { get; init; }

        /// <summary>The priority the target is armed with.</summary>
        public long ArmPriority { get; init; }

        public TimeSpan MaxWritePause { get; init; }

        /// <summary>
        /// The server-side expiry of the write pause: half of down-after-milliseconds, so a paused
        /// source is never declared down, and long enough that fencing always precedes it.
        /// </summary>
        public TimeSpan PauseExpiry => TimeSpan.FromMilliseconds(DownAfterMilliseconds / SentinelGroupRules.DownAfterToPauseRatio);

        /// <summary>Half the pause for the catch-up leaves the other half for promotion and fencing.</summary>
        public TimeSpan CatchUpBudget => TimeSpan.FromTicks(MaxWritePause.Ticks / 2);

        /// <summary>How the preflight went; the run's result lists it as its first phase.</summary>
        public PhaseRecord? Preflight { get; internal set; }

        /// <summary>The target's counts of commands it did not know at the preflight: growth by the promotion means dropped writes.</summary>
        public IReadOnlyDictionary<string, long>? TargetUnknownCommands { get; init; }

        /// <summary>What the preflight saw of replication, for the log.</summary>
        public string ReplicationSeen { get; init; } = string.Empty;

        /// <summary>The steps a run takes, in order, as an operator reads them.</summary>
        public IReadOnlyList<string> Steps => Kind switch
        {
            CutoverPlanKind.AlreadyCompleted => new[] { $"nothing: the Sentinels already name {Target} as the primary" },
            CutoverPlanKind.FinishInterrupted => new[]
            {
                $"finish what an interrupted run left: fence the old primary {Source} (REPLICAOF the target, replica-priority 0, {Interrupted!.MinReplicas}), then delete its journal",
            },
            CutoverPlanKind.RestoreInterrupted => new[]
            {
                "put back what an interrupted run changed: " + string.Join(", ", Interrupted!.Describe()),
                "run the preflight again and cut over",
            },
            _ => CutoverSteps(),
        };

        private IReadOnlyList<string> CutoverSteps() =>
            new[] { $"{CutoverPhase.Arm}: write the journal {CutoverJournal.Key(MasterName)} on the source, with what the run changes and its values before" }
                .Concat(Excluded.Select(e => $"{CutoverPhase.Arm}: set replica-priority 0 on {e.Endpoint} (another replica Sentinel could choose)"))
                .Concat(new[]
                {
                    $"{CutoverPhase.Arm}: set replica-priority {ArmPriority} on the target {Target} and wait until every Sentinel would promote it",
                    $"{CutoverPhase.Freeze}: CLIENT PAUSE WRITE on the source {Source}, with min-replicas-to-write armed so it refuses writes once the target leaves it, and a marker key in the same transaction; wait until the target has the marker, so it holds every write acknowledged before the pause (at most {CatchUpBudget.TotalMilliseconds:0} ms, else undo everything)",
                    $"{CutoverPhase.Promote}: check the target (link up, no sync, no command dropped) and that no Sentinel is in TILT, then SENTINEL FAILOVER {MasterName}, the point of no return; wait until the target is primary",
                    $"{CutoverPhase.Fence}: fence the source: REPLICAOF the target, replica-priority 0, CLIENT KILL its clients, its min-replicas settings back, then CLIENT UNPAUSE"
                        + (!TargetServesReplicas && OtherReplicas.Count > 0 ? $"; replica-priority 0 on {string.Join(", ", OtherReplicas)}, which cannot replicate the target" : string.Empty),
                    EndsFailoverEarly
                        ? $"{CutoverPhase.Confirm}: once {FailoverSentinel} names the target, set its failover-timeout to {EndingFailoverTimeoutMilliseconds} ms so it ends the failover at once instead of waiting {LeaderFailoverTimeoutMilliseconds} ms for {string.Join(", ", OtherReplicas)} to sync from a primary they cannot replicate, then put {LeaderFailoverTimeoutMilliseconds} ms back; confirm that all {SentinelCount} Sentinel(s) name the target in SENTINEL MASTERS"
                        : $"{CutoverPhase.Confirm}: confirm that all {SentinelCount} Sentinel(s) name the target in SENTINEL MASTERS",
                })
                .ToList();
    }
}

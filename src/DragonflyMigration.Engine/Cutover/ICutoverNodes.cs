using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// The node operations a cutover needs, and nothing else: the narrow port between the phase runner
    /// and the servers. <see cref="LiveCutoverNodes"/> implements it over real connections; unit tests
    /// implement it with scripted observations.
    /// </summary>
    public interface ICutoverNodes
    {
        /// <summary>The source by every address it answers to (Sentinels name it by theirs).</summary>
        NodeAddresses Source { get; }

        /// <summary>The target by every address it answers to.</summary>
        NodeAddresses Target { get; }

        /// <summary>What the source said it is when connected (flavor, version, run_id).</summary>
        ServerIdentity SourceIdentity { get; }

        /// <summary>What the target said it is when connected.</summary>
        ServerIdentity TargetIdentity { get; }

        /// <summary>The Sentinels, in order; the first one is asked for the failover.</summary>
        IReadOnlyList<NodeEndpoint> Sentinels { get; }

        /// <summary>Every Sentinel's view of the primary (SentinelUnreachable when one does not answer).</summary>
        Task<IReadOnlyList<SentinelMasterState>> ReadSentinelsAsync(string masterName, CancellationToken cancellationToken);

        /// <summary>The primary one Sentinel names; null when it names none or did not answer within <paramref name="timeout"/>.</summary>
        Task<NodeEndpoint?> ProbeSentinelPrimaryAsync(int sentinel, string masterName, TimeSpan timeout, CancellationToken cancellationToken);

        /// <summary>
        /// The primary one Sentinel's SENTINEL MASTER names: what clients that read SENTINEL MASTERS (redis-py)
        /// follow, and what changes only when that Sentinel ends its failover. Null when it names none or did
        /// not answer within <paramref name="timeout"/>.
        /// </summary>
        Task<NodeEndpoint?> ProbeSentinelMasterAsync(int sentinel, string masterName, TimeSpan timeout, CancellationToken cancellationToken);

        /// <summary>SENTINEL SET failover-timeout on one of the Sentinels given, named by its address.</summary>
        Task SetFailoverTimeoutAsync(NodeEndpoint sentinel, string masterName, long milliseconds, CancellationToken cancellationToken);

        /// <summary>Whether one Sentinel is in TILT mode (it then accepts SENTINEL FAILOVER but does not act); null when it did not answer within <paramref name="timeout"/>.</summary>
        Task<bool?> ProbeSentinelTiltAsync(int sentinel, TimeSpan timeout, CancellationToken cancellationToken);

        /// <summary>The target's role; null when it did not answer within <paramref name="timeout"/> (a fresh connection is tried next time).</summary>
        Task<NodeRole?> ProbeTargetRoleAsync(TimeSpan timeout, CancellationToken cancellationToken);

        Task<ReplicationSnapshot> ReadReplicationAsync(CancellationToken cancellationToken);

        /// <summary>
        /// Users Sentinel may authenticate as that can run its commands on the source but not on the target,
        /// each with the first command refused; null when ACL DRYRUN cannot tell.
        /// </summary>
        Task<IReadOnlyList<string>?> SentinelRefusalsOnTargetAsync(CancellationToken cancellationToken);

        /// <summary>Whether the target itself knows PSYNC, so Redis replicas could follow it once it is primary.</summary>
        Task<bool> TargetServesReplicasAsync(CancellationToken cancellationToken);

        /// <summary>A node's replica-priority; null when it does not say.</summary>
        Task<long?> ReadPriorityAsync(NodeEndpoint node, CancellationToken cancellationToken);

        Task SetPriorityAsync(NodeEndpoint node, long priority, CancellationToken cancellationToken);

        /// <summary>The source's min-replicas settings.</summary>
        Task<MinReplicas> ReadMinReplicasAsync(CancellationToken cancellationToken);

        /// <summary>Replicas the source counts as online and acknowledging within <paramref name="maxLagSeconds"/>.</summary>
        Task<int> CountAcknowledgingReplicasAsync(long maxLagSeconds, CancellationToken cancellationToken);

        Task SetMinReplicasAsync(MinReplicas settings, CancellationToken cancellationToken);

        /// <summary>CLIENT ID of this run's connection to the source.</summary>
        Task<long> SourceClientIdAsync(CancellationToken cancellationToken);

        /// <summary>Whether a client with this id is connected to the source.</summary>
        Task<bool> SourceHasClientAsync(long clientId, CancellationToken cancellationToken);

        /// <summary>The journal a run left on a node (the source, or the target once promoted); null when there is none.</summary>
        Task<CutoverJournal?> ReadJournalAsync(NodeEndpoint node, string masterName, CancellationToken cancellationToken);

        /// <summary>Writes the journal on the source.</summary>
        Task WriteJournalAsync(string masterName, CutoverJournal journal, CancellationToken cancellationToken);

        Task DeleteJournalAsync(NodeEndpoint node, string masterName, CancellationToken cancellationToken);

        /// <summary>
        /// In one transaction on the source: writes <paramref name="marker"/>, records the state Frozen in the
        /// journal, arms <paramref name="fence"/>, then CLIENT PAUSE WRITE expiring on its own after <paramref name="expiry"/>. Every write
        /// acknowledged before the pause precedes the marker in the replication stream, and from the moment
        /// the pause exists the source refuses writes once fewer replicas than the fence counts acknowledge.
        /// </summary>
        Task PauseWritesAsync(TimeSpan expiry, CutoverMarker marker, MinReplicas fence, string masterName, CancellationToken cancellationToken);

        /// <summary>Records the run's state in the journal on a node (the source before the pause, the new primary after the fence).</summary>
        Task RecordStateAsync(NodeEndpoint node, string masterName, CutoverState state, CancellationToken cancellationToken);


        /// <summary>Deletes the marker from a node (it also expires on its own).</summary>
        Task RemoveMarkerAsync(NodeEndpoint node, CutoverMarker marker, CancellationToken cancellationToken);

        Task UnpauseWritesAsync(CancellationToken cancellationToken);

        /// <summary>
        /// The source's offset and key count with writes paused; and, for a target whose own offset is not worth
        /// reading, its offset as the source last heard it (the target's own comes from <see cref="ProbeTargetAsync"/>).
        /// </summary>
        Task<FreezeRecord> ReadFreezeRecordAsync(CancellationToken cancellationToken);

        /// <summary>
        /// One look at the target, in one round trip: whether it holds <paramref name="marker"/> (so it has applied
        /// everything written before the pause), then, read after that, its link, sync and load state, offset,
        /// key count and dropped commands. Null when it did not answer within <paramref name="timeout"/>.
        /// </summary>
        Task<TargetCondition?> ProbeTargetAsync(CutoverMarker? marker, TimeSpan timeout, CancellationToken cancellationToken);

        /// <summary>SENTINEL FAILOVER on the first Sentinel; a refusal is FailoverRefused, saying why.</summary>
        Task RequestFailoverAsync(string masterName, CancellationToken cancellationToken);

        /// <summary>
        /// Makes the old primary a replica of the target, unpromotable, without clients, puts back its
        /// min-replicas settings (<paramref name="restore"/>), then unpauses it.
        /// </summary>
        Task FenceSourceAsync(MinReplicas restore, CancellationToken cancellationToken);

        /// <summary>Closes the connections opened for this run; the port opens new ones when asked again.</summary>
        void CloseOpened();
    }
}

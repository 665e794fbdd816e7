using System;
using DragonflyMigration.Engine.Replication;

namespace DragonflyMigration
{
    /// <summary>
    /// Where replication from a source to a target stands at one moment. Carries both nodes, so the
    /// next cmdlet of a runbook pipeline knows what it works on.
    /// </summary>
    public sealed class ReplicationStatus
    {
        internal ReplicationStatus(RedisNode source, RedisNode target, ReplicationSnapshot snapshot, bool isSteady = false, long? targetPriorityBefore = null, ReplicationSample[]? samples = null)
        {
            Source = source;
            Target = target;
            State = snapshot.State.ToString();
            SyncPhase = snapshot.SyncPhase.ToString();
            LinkStatus = snapshot.LinkStatus;
            TargetPrimary = snapshot.TargetPrimary;
            SourceReplicaState = snapshot.SourceReplicaState;
            SourceOffset = snapshot.SourceOffset;
            AcknowledgedOffset = snapshot.AcknowledgedOffset;
            LagBytes = snapshot.LagBytes;
            LagSeconds = snapshot.LagSeconds;
            SyncPercent = snapshot.SyncPercent is double p ? Math.Round(p, 1) : (double?)null;
            SyncBytesRead = snapshot.SyncBytesRead;
            SyncBytesTotal = snapshot.SyncBytesTotal;
            SourceKeys = snapshot.SourceKeys;
            TargetKeys = snapshot.TargetKeys;
            SourceFullSyncs = snapshot.SourceFullSyncs;
            Timestamp = snapshot.Timestamp;
            IsSteady = isSteady;
            TargetPriorityBefore = targetPriorityBefore;
            Samples = samples ?? Array.Empty<ReplicationSample>();
        }

        public RedisNode Source { get; }

        public RedisNode Target { get; }

        /// <summary>NotReplicating, Connecting, FullSync, Streaming or Broken.</summary>
        public string State { get; }

        /// <summary>During a full sync: WaitingForSnapshot, Transferring or Loading; otherwise None.</summary>
        public string SyncPhase { get; }

        public string? LinkStatus { get; }

        public string? TargetPrimary { get; }

        public string? SourceReplicaState { get; }

        public long? SourceOffset { get; }

        public long? AcknowledgedOffset { get; }

        public long? LagBytes { get; }

        public long? LagSeconds { get; }

        public double? SyncPercent { get; }

        public long? SyncBytesRead { get; }

        public long? SyncBytesTotal { get; }

        public long SourceKeys { get; }

        public long TargetKeys { get; }

        public long? SourceFullSyncs { get; }

        public DateTimeOffset Timestamp { get; }

        /// <summary>Set by Wait-ReplicationSteady when the steadiness conditions held.</summary>
        public bool IsSteady { get; }

        /// <summary>The target's replica-priority before Start-DragonflyReplication set it to 0.</summary>
        public long? TargetPriorityBefore { get; }

        /// <summary>The readings Wait-ReplicationSteady took, at most 2000 (thinned evenly over a long wait); empty from the other cmdlets.</summary>
        public ReplicationSample[] Samples { get; }

        public override string ToString() => $"{Target} <- {Source}: {State}";
    }
}

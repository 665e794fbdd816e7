using System;
using System.Collections.Generic;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>One reading of the replication between a source and a target, from both sides' INFO.</summary>
    public sealed class ReplicationSnapshot
    {
        public string Source { get; init; } = string.Empty;

        public string Target { get; init; } = string.Empty;

        public ReplicationState State { get; init; }

        public FullSyncPhase SyncPhase { get; init; }

        /// <summary><c>master_link_status</c> as the target reports it (up/down), null when not a replica.</summary>
        public string? LinkStatus { get; init; }

        /// <summary>The primary the target replicates, as host:port, or null.</summary>
        public string? TargetPrimary { get; init; }

        /// <summary>The source lists the target as a replica at all.</summary>
        public bool ListedBySource { get; init; }

        /// <summary>The state the source gives the target: wait_bgsave, send_bulk or online.</summary>
        public string? SourceReplicaState { get; init; }

        public long? SourceOffset { get; init; }

        /// <summary>The offset the target has acknowledged to the source (the source's <c>slaveN</c> line).</summary>
        public long? AcknowledgedOffset { get; init; }

        /// <summary>Bytes of the source's stream the target has not acknowledged; null before streaming.</summary>
        public long? LagBytes { get; init; }

        /// <summary>Seconds since the target's last acknowledgement, from the source's view.</summary>
        public long? LagSeconds { get; init; }

        public long? TargetLastIoSecondsAgo { get; init; }

        /// <summary>Full-sync bytes received so far (Redis targets only).</summary>
        public long? SyncBytesRead { get; init; }

        /// <summary>Full-sync bytes expected (Redis targets with disk-based sync only).</summary>
        public long? SyncBytesTotal { get; init; }

        public long SourceKeys { get; init; }

        public long TargetKeys { get; init; }

        /// <summary>The role the target's INFO prints (<c>slave</c>, <c>replica</c>, <c>master</c>): Sentinel reads only <c>slave</c>.</summary>
        public string? TargetRoleName { get; init; }

        /// <summary>Full syncs the source has served since it started (<c>sync_full</c>).</summary>
        public long? SourceFullSyncs { get; init; }


        /// <summary>
        /// Commands the target received and did not know, by name, as Dragonfly counts them (INFO
        /// commandstats <c>unknown_*</c>); null when not read. Growth while it replicates means it dropped
        /// commands from the replication stream.
        /// </summary>
        public IReadOnlyDictionary<string, long>? TargetUnknownCommands { get; init; }

        /// <summary>The target's <c>uptime_in_seconds</c>: a drop means it restarted.</summary>
        public long? TargetUptimeSeconds { get; init; }

        public DateTimeOffset Timestamp { get; init; }

        /// <summary>What an operator reads in a log line.</summary>
        public string Describe() => $"{Target} from {Source}: {DescribeState()}";

        /// <summary>The state, the sync's progress and the lag, without the pair: what a progress line has room for.</summary>
        public string DescribeState()
        {
            var text = State.ToString();
            if (State == ReplicationState.FullSync) text += $" ({SyncPhase}{(SyncPercent is double p ? $", {p:0}%" : string.Empty)})";
            if (LagBytes.HasValue) text += $", lag {LagBytes} bytes / {LagSeconds ?? 0} s";
            return text;
        }

        /// <summary>Full-sync progress from 0 to 100, by bytes where known, otherwise by keys loaded.</summary>
        public double? SyncPercent
        {
            get
            {
                if (State == ReplicationState.Streaming) return 100;
                if (State != ReplicationState.FullSync) return null;
                if (SyncBytesTotal > 0 && SyncBytesRead.HasValue) return Math.Min(100, 100.0 * SyncBytesRead.Value / SyncBytesTotal.Value);
                if (SourceKeys > 0) return Math.Min(100, 100.0 * TargetKeys / SourceKeys);
                return null;
            }
        }
    }
}

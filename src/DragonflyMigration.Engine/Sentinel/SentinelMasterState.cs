using System.Collections.Generic;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>One Sentinel's view of a monitored primary.</summary>
    public sealed class SentinelMasterState
    {
        public NodeEndpoint Sentinel { get; init; } = null!;

        public string MasterName { get; init; } = string.Empty;

        /// <summary>The primary as <c>GET-MASTER-ADDR-BY-NAME</c> returns it; null when the Sentinel names none.</summary>
        public NodeEndpoint? Primary { get; init; }

        public long ConfigEpoch { get; init; }

        public long Quorum { get; init; }

        /// <summary><c>SENTINEL CKQUORUM</c> succeeded.</summary>
        public bool QuorumReachable { get; init; }

        /// <summary>What <c>CKQUORUM</c> said.</summary>
        public string QuorumVerdict { get; init; } = string.Empty;

        public bool InTilt { get; init; }

        public string Flags { get; init; } = string.Empty;

        /// <summary>Sentinel's failover state (none, or wait_start, select_slave, …, reconf_slaves).</summary>
        public string FailoverState { get; init; } = "none";

        public long DownAfterMilliseconds { get; init; }

        public long FailoverTimeoutMilliseconds { get; init; }

        public long OtherSentinels { get; init; }

        public IReadOnlyList<ReplicaCandidate> Replicas { get; init; } = new List<ReplicaCandidate>();

        /// <summary>The replica this Sentinel would promote now, or null.</summary>
        public ReplicaCandidate? PredictedPromotion { get; init; }
    }
}

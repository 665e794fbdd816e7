using System.Linq;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration
{
    /// <summary>One Sentinel's view of a monitored primary, as Get-SentinelMaster returns it.</summary>
    public sealed class SentinelMasterView
    {
        internal SentinelMasterView(SentinelMasterState state, bool allAgree)
        {
            Sentinel = state.Sentinel.ToString();
            MasterName = state.MasterName;
            Primary = state.Primary?.ToString() ?? string.Empty;
            ConfigEpoch = state.ConfigEpoch;
            Quorum = state.Quorum;
            QuorumReachable = state.QuorumReachable;
            QuorumVerdict = state.QuorumVerdict;
            InTilt = state.InTilt;
            Flags = state.Flags;
            DownAfterMilliseconds = state.DownAfterMilliseconds;
            FailoverTimeoutMilliseconds = state.FailoverTimeoutMilliseconds;
            OtherSentinels = state.OtherSentinels;
            Replicas = state.Replicas.Select(r => new SentinelReplicaView(r)).ToArray();
            PredictedPromotion = state.PredictedPromotion?.Endpoint.ToString();
            AllSentinelsAgree = allAgree;
        }

        public string Sentinel { get; }

        public string MasterName { get; }

        /// <summary>The primary this Sentinel names (GET-MASTER-ADDR-BY-NAME).</summary>
        public string Primary { get; }

        public long ConfigEpoch { get; }

        public long Quorum { get; }

        public bool QuorumReachable { get; }

        public string QuorumVerdict { get; }

        public bool InTilt { get; }

        public string Flags { get; }

        public long DownAfterMilliseconds { get; }

        public long FailoverTimeoutMilliseconds { get; }

        public long OtherSentinels { get; }

        public SentinelReplicaView[] Replicas { get; }

        /// <summary>The replica this Sentinel would promote now, or null when none is eligible.</summary>
        public string? PredictedPromotion { get; }

        /// <summary>Every Sentinel asked names the same primary with the same config epoch.</summary>
        public bool AllSentinelsAgree { get; }

        public override string ToString() => $"{Sentinel}: {MasterName} -> {Primary}";

        /// <summary>Views of several Sentinels; they agree when all <paramref name="asked"/> answered with one primary and epoch.</summary>
        internal static System.Collections.Generic.IEnumerable<SentinelMasterView> FromStates(System.Collections.Generic.IReadOnlyList<SentinelMasterState> states, int asked)
        {
            var agree = SentinelGroupRules.Agree(states, asked);
            return states.Select(s => new SentinelMasterView(s, agree));
        }
    }

    /// <summary>A replica in a Sentinel's view.</summary>
    public sealed class SentinelReplicaView
    {
        internal SentinelReplicaView(ReplicaCandidate candidate)
        {
            Endpoint = candidate.Endpoint.ToString();
            Priority = candidate.Priority;
            Offset = candidate.Offset;
            Flags = candidate.Flags;
            InfoAgeMilliseconds = candidate.InfoAgeMilliseconds;
            IsEligible = candidate.IsEligible;
            ExcludedBecause = candidate.ExcludedBecause;
        }

        public string Endpoint { get; }

        public long Priority { get; }

        public long Offset { get; }

        public string Flags { get; }

        public long InfoAgeMilliseconds { get; }

        public bool IsEligible { get; }

        public string? ExcludedBecause { get; }

        public override string ToString() => IsEligible ? $"{Endpoint} (priority {Priority})" : $"{Endpoint} (ineligible)";
    }
}

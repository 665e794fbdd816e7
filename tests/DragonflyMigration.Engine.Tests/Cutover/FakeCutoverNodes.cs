using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>
    /// A scripted deployment behind the cutover's port: Sentinels that see the priorities set through
    /// it, a target that becomes primary once the failover is requested, and switches that make each
    /// phase fail in its own way. Records every change, in order.
    /// </summary>
    internal sealed class FakeCutoverNodes : ICutoverNodes
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        private readonly Dictionary<NodeEndpoint, long> _priorities = new Dictionary<NodeEndpoint, long>();
        private int _snapshots;
        private bool _failoverRequested;

        public FakeCutoverNodes(int sentinels = 1)
        {
            Sentinels = Enumerable.Range(1, sentinels).Select(i => new NodeEndpoint("10.0.0.2" + i, 26379)).ToList();
            _priorities[Target] = 0;
        }

        public NodeEndpoint Source { get; } = new NodeEndpoint("10.0.0.1", 6379);

        public NodeEndpoint Target { get; } = new NodeEndpoint("10.0.0.9", 6380);

        public IReadOnlyList<NodeEndpoint> Sentinels { get; }

        /// <summary>Every change made, in order ("priority 10.0.0.9:6380 1", "pause", "unpause", "failover", "fence").</summary>
        public List<string> Changes { get; } = new List<string>();

        public bool Paused { get; private set; }

        // ---- Switches ------------------------------------------------------------------------------

        /// <summary>Other replicas, with their replica-priority.</summary>
        public Dictionary<NodeEndpoint, long> Others { get; } = new Dictionary<NodeEndpoint, long>();

        public bool TargetListed { get; set; } = true;

        public bool Steady { get; set; } = true;

        public NodeEndpoint? NamedPrimary { get; set; }

        public long DownAfterMilliseconds { get; set; } = 30000;

        public bool Tilt { get; set; }

        public bool QuorumReachable { get; set; } = true;

        /// <summary>Sentinel never notices the new priorities (the Arm phase times out).</summary>
        public bool SentinelsBlind { get; set; }

        public bool CatchesUp { get; set; } = true;

        public MigrationException? FailoverRefusal { get; set; }

        /// <summary>Sentinel promotes this node instead of the target.</summary>
        public NodeEndpoint? PromotesInstead { get; set; }

        public bool Promotes { get; set; } = true;

        public MigrationException? FenceFailure { get; set; }

        /// <summary>How many Sentinels name the target once it is promoted.</summary>
        public int? SentinelsFollowing { get; set; }

        /// <summary>The cutover happened before this run.</summary>
        public bool AlreadyDone { get; set; }

        /// <summary>Called once the pause is set: tests cancel from here.</summary>
        public Action? OnPause { get; set; }

        // ---- The port ------------------------------------------------------------------------------

        public Task<IReadOnlyList<SentinelMasterState>> ReadSentinelsAsync(string masterName, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<SentinelMasterState> states = Sentinels.Select(State).ToList();
            return Task.FromResult(states);
        }

        private SentinelMasterState State(NodeEndpoint sentinel)
        {
            var replicas = new List<ReplicaCandidate>();
            if (TargetListed) replicas.Add(Candidate(Target, SentinelsBlind ? 0 : _priorities[Target]));
            foreach (var other in Others) replicas.Add(Candidate(other.Key, SentinelsBlind ? 100 : Priority(other.Key)));
            return new SentinelMasterState
            {
                Sentinel = sentinel, MasterName = "mymaster", Primary = NamedPrimary ?? (AlreadyDone ? Target : Source), ConfigEpoch = 1, Quorum = 1,
                QuorumReachable = QuorumReachable, QuorumVerdict = QuorumReachable ? "OK" : "NOQUORUM 0 usable Sentinels", InTilt = Tilt,
                DownAfterMilliseconds = DownAfterMilliseconds, FailoverTimeoutMilliseconds = 180000, Replicas = replicas,
                PredictedPromotion = PromotionPredictor.Winner(replicas),
            };
        }

        private long Priority(NodeEndpoint node) => _priorities.TryGetValue(node, out var p) ? p : Others[node];

        private static ReplicaCandidate Candidate(NodeEndpoint node, long priority) => new ReplicaCandidate
        {
            Endpoint = node, Priority = priority, Offset = 1000, Flags = "slave",
            ExcludedBecause = priority == 0 ? "its replica-priority is 0" : null,
        };

        public Task<NodeEndpoint?> ProbeSentinelPrimaryAsync(int sentinel, string masterName, TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AlreadyDone) return Task.FromResult<NodeEndpoint?>(Target);
            if (!_failoverRequested) return Task.FromResult<NodeEndpoint?>(Source);
            if (PromotesInstead != null) return Task.FromResult<NodeEndpoint?>(PromotesInstead);
            if (!Promotes) return Task.FromResult<NodeEndpoint?>(Source);
            return Task.FromResult<NodeEndpoint?>(sentinel < (SentinelsFollowing ?? Sentinels.Count) ? Target : Source);
        }

        public Task<NodeRole?> ProbeTargetRoleAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var primary = AlreadyDone || (_failoverRequested && Promotes && PromotesInstead == null);
            return Task.FromResult<NodeRole?>(primary ? NodeRole.Primary : NodeRole.Replica);
        }

        public Task<ReplicationSnapshot> ReadReplicationAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var second = _snapshots++;
            var offset = 10_000L + 1000 * second;
            return Task.FromResult(new ReplicationSnapshot
            {
                Source = Source.ToString(), Target = Target.ToString(), State = ReplicationState.Streaming, LinkStatus = "up", SourceReplicaState = "online",
                SourceOffset = offset, AcknowledgedOffset = Steady ? offset - 500 : 0, LagBytes = Steady ? 500 : offset, LagSeconds = 0,
                SourceFullSyncs = 1, TargetUptimeSeconds = 100 + second, Timestamp = T0.AddSeconds(second),
            });
        }

        public Task<long?> ReadPriorityAsync(NodeEndpoint node, CancellationToken cancellationToken) => Task.FromResult<long?>(Priority(node));

        public Task SetPriorityAsync(NodeEndpoint node, long priority, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _priorities[node] = priority;
            Changes.Add($"priority {node} {priority}");
            return Task.CompletedTask;
        }

        public Task PauseWritesAsync(TimeSpan expiry, CancellationToken cancellationToken)
        {
            Paused = true;
            Changes.Add($"pause {expiry.TotalMilliseconds:0}");
            OnPause?.Invoke();
            return Task.CompletedTask;
        }

        public Task UnpauseWritesAsync(CancellationToken cancellationToken)
        {
            Paused = false;
            Changes.Add("unpause");
            return Task.CompletedTask;
        }

        public Task<(long? Source, long? Target)> ReadOffsetsAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<(long?, long?)>((5000, CatchesUp ? 5000 : 4000));
        }

        public Task RequestFailoverAsync(string masterName, CancellationToken cancellationToken)
        {
            if (FailoverRefusal != null) throw FailoverRefusal;
            _failoverRequested = true;
            Changes.Add("failover");
            return Task.CompletedTask;
        }

        public Task FenceSourceAsync(CancellationToken cancellationToken)
        {
            if (FenceFailure != null) throw FenceFailure;
            Paused = false;
            Changes.Add("fence");
            return Task.CompletedTask;
        }

        public int Closed { get; private set; }

        public void CloseOpened() => Closed++;

        public long PriorityOf(NodeEndpoint node) => Priority(node);
    }
}

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
            _priorities[TargetEndpoint] = 0;
        }

        public NodeEndpoint SourceEndpoint { get; } = new NodeEndpoint("10.0.0.1", 6379);

        public NodeEndpoint TargetEndpoint { get; } = new NodeEndpoint("10.0.0.9", 6380);

        public NodeAddresses Source => SourceEndpoint;

        public NodeAddresses Target => TargetEndpoint;

        /// <summary>The source's INFO server as it answered the connection.</summary>
        public string SourceInfo { get; set; } = "redis_version:7.0.15\r\nrun_id:aaaa\r\nrole:master\r\n";

        /// <summary>The target's INFO server as it answered the connection.</summary>
        public string TargetInfo { get; set; } = "redis_version:7.0.15\r\nrun_id:bbbb\r\nrole:slave\r\n";

        public ServerIdentity SourceIdentity => ServerIdentity.FromInfo(InfoDocument.Parse(SourceInfo));

        public ServerIdentity TargetIdentity => ServerIdentity.FromInfo(InfoDocument.Parse(TargetInfo));

        public IReadOnlyList<NodeEndpoint> Sentinels { get; }

        /// <summary>Every change made, in order ("priority 10.0.0.9:6380 1", "pause", "unpause", "failover", "fence").</summary>
        public List<string> Changes { get; } = new List<string>();

        public bool Paused { get; private set; }

        // ---- Switches ------------------------------------------------------------------------------

        /// <summary>Other replicas, with their replica-priority.</summary>
        public Dictionary<NodeEndpoint, long> Others { get; } = new Dictionary<NodeEndpoint, long>();

        public bool TargetListed { get; set; } = true;

        public bool Steady { get; set; } = true;

        /// <summary>The role the target's INFO prints: Dragonfly before v1.22 says replica.</summary>
        public string TargetRoleName { get; set; } = "slave";

        public NodeEndpoint? NamedPrimary { get; set; }

        public long DownAfterMilliseconds { get; set; } = 30000;

        public bool Tilt { get; set; }

        public bool QuorumReachable { get; set; } = true;

        /// <summary>Sentinel never notices the new priorities (the Arm phase times out).</summary>
        public bool SentinelsBlind { get; set; }

        /// <summary>The marker written with the pause reaches the target.</summary>
        public bool CatchesUp { get; set; } = true;

        /// <summary>The target dropped a command from the replication stream after the preflight.</summary>
        public bool DropsACommand { get; set; }

        /// <summary>The target fell into a full sync inside the pause (the marker arrived, the data may not have).</summary>
        public bool ResyncsInThePause { get; set; }

        /// <summary>Keys the new primary holds right after the promotion (the source held 1000, 10 of them expiring).</summary>
        public long KeysAfterPromotion { get; set; } = 1000;

        /// <summary>The target knows PSYNC (a Redis target); a Dragonfly does not.</summary>
        public bool ServesReplicas { get; set; } = true;

        public MigrationException? FailoverRefusal { get; set; }

        /// <summary>Sentinel promotes this node instead of the target.</summary>
        public NodeEndpoint? PromotesInstead { get; set; }

        public bool Promotes { get; set; } = true;

        /// <summary>With <see cref="Promotes"/> false: Sentinel promotes the target only after the tool gave up waiting.</summary>
        public bool PromotesLate { get; set; }

        private bool _releasedAfterFailover;

        public MigrationException? FenceFailure { get; set; }

        /// <summary>How many Sentinels name the target once it is promoted.</summary>
        public int? SentinelsFollowing { get; set; }

        /// <summary>The cutover happened before this run.</summary>
        public bool AlreadyDone { get; set; }

        /// <summary>Called once the pause is set: tests cancel from here.</summary>
        public Action? OnPause { get; set; }

        // ---- The port ------------------------------------------------------------------------------

        /// <summary>Reading every Sentinel's view fails once the failover was requested (one stops answering).</summary>
        public bool SentinelsSilentAfterFailover { get; set; }

        /// <summary>How long reading the Sentinels takes, as over a slow link or on a loaded machine.</summary>
        public TimeSpan SentinelReadTime { get; set; }

        public async Task<IReadOnlyList<SentinelMasterState>> ReadSentinelsAsync(string masterName, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SentinelReadTime > TimeSpan.Zero) await Task.Delay(SentinelReadTime, cancellationToken);
            if (SentinelsSilentAfterFailover && _failoverRequested) throw new MigrationException(MigrationErrorKind.SentinelUnreachable, "The Sentinel did not answer.");
            return Sentinels.Select(State).ToList();
        }

        private SentinelMasterState State(NodeEndpoint sentinel)
        {
            var replicas = new List<ReplicaCandidate>();
            if (TargetListed) replicas.Add(Candidate(TargetEndpoint, SentinelsBlind ? 0 : _priorities[TargetEndpoint]));
            foreach (var other in Others) replicas.Add(Candidate(other.Key, SentinelsBlind ? 100 : Priority(other.Key)));
            return new SentinelMasterState
            {
                Sentinel = sentinel, MasterName = "mymaster", Primary = NamedPrimary ?? (AlreadyDone ? TargetEndpoint : SourceEndpoint), ConfigEpoch = 1, Quorum = 1,
                QuorumReachable = QuorumReachable, QuorumVerdict = QuorumReachable ? "OK" : "NOQUORUM 0 usable Sentinels", InTilt = Tilt,
                DownAfterMilliseconds = DownAfterMilliseconds, FailoverTimeoutMilliseconds = 180000, Replicas = replicas,
                Flags = InFailover ? "master,failover_in_progress" : "master",
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
            if (AlreadyDone) return Task.FromResult<NodeEndpoint?>(TargetEndpoint);
            if (!_failoverRequested) return Task.FromResult<NodeEndpoint?>(SourceEndpoint);
            if (PromotesInstead != null) return Task.FromResult<NodeEndpoint?>(PromotesInstead);
            if (!Promotes) return Task.FromResult<NodeEndpoint?>(SourceEndpoint);
            return Task.FromResult<NodeEndpoint?>(sentinel < (SentinelsFollowing ?? Sentinels.Count) ? TargetEndpoint : SourceEndpoint);
        }

        /// <summary>
        /// The first Sentinel keeps the old primary in SENTINEL MASTERS after the promotion until its
        /// failover-timeout is lowered (its failover waits on replicas that cannot sync from the target).
        /// </summary>
        public bool LeaderWaitsForReplicas { get; set; }

        /// <summary>Each Sentinel's failover-timeout, as set through the port.</summary>
        public Dictionary<NodeEndpoint, long> FailoverTimeouts { get; } = new Dictionary<NodeEndpoint, long>();

        public async Task<NodeEndpoint?> ProbeSentinelMasterAsync(int sentinel, string masterName, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var named = await ProbeSentinelPrimaryAsync(sentinel, masterName, timeout, cancellationToken);
            var waiting = LeaderWaitsForReplicas && sentinel == 0 && !(FailoverTimeouts.TryGetValue(Sentinels[0], out var t) && t < 1000);
            return waiting && !AlreadyDone ? SourceEndpoint : named;
        }

        /// <summary>The Sentinel refuses a lowered failover-timeout (its ACL, say).</summary>
        public bool RefusesLowFailoverTimeout { get; set; }

        public Task SetFailoverTimeoutAsync(NodeEndpoint sentinel, string masterName, long milliseconds, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (RefusesLowFailoverTimeout && milliseconds < 1000)
                throw new MigrationException(MigrationErrorKind.CommandFailed, $"{sentinel} refused SENTINEL: NOPERM") { ServerError = Engine.Connections.ServerError.NoPermission };
            FailoverTimeouts[sentinel] = milliseconds;
            Changes.Add($"failover-timeout {sentinel} {milliseconds}");
            return Task.CompletedTask;
        }

        /// <summary>The first Sentinel enters TILT after the preflight read it.</summary>
        public bool TiltsBeforeFailover { get; set; }

        public Task<bool?> ProbeSentinelTiltAsync(int sentinel, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult<bool?>(Tilt || TiltsBeforeFailover);

        public Task<NodeRole?> ProbeTargetRoleAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var primary = AlreadyDone || (_failoverRequested && Promotes && PromotesInstead == null) || (PromotesLate && _releasedAfterFailover);
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
                SourceFullSyncs = 1, TargetUptimeSeconds = 100 + second, Timestamp = T0.AddSeconds(second), TargetRoleName = TargetRoleName,
                TargetUnknownCommands = new Dictionary<string, long> { ["SWAPDB"] = 1 },
            });
        }

        public Task<bool> TargetServesReplicasAsync(CancellationToken cancellationToken) => Task.FromResult(ServesReplicas);

        /// <summary>Users Sentinel may use that the target refuses; null when ACL DRYRUN cannot tell.</summary>
        public IReadOnlyList<string>? SentinelRefusals { get; set; }

        public Task<IReadOnlyList<string>?> SentinelRefusalsOnTargetAsync(CancellationToken cancellationToken) => Task.FromResult(SentinelRefusals);

        public Task<long?> ReadPriorityAsync(NodeEndpoint node, CancellationToken cancellationToken) => Task.FromResult<long?>(Priority(node));

        public Task SetPriorityAsync(NodeEndpoint node, long priority, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _priorities[node] = priority;
            Changes.Add($"priority {node} {priority}");
            return Task.CompletedTask;
        }

        /// <summary>The source's min-replicas settings (Redis's defaults until a run arms them).</summary>
        public MinReplicas MinReplicas { get; private set; } = new MinReplicas(0, 10);

        /// <summary>Replicas the source counts as acknowledging.</summary>
        public int Acknowledging { get; set; } = 1;

        /// <summary>The journal on the source and on the target (it replicates until the promotion).</summary>
        public CutoverJournal? Journal { get; set; }

        /// <summary>The journal is also on the target (it replicated before the promotion).</summary>
        public bool JournalOnTarget { get; set; }

        public long ClientId { get; set; } = 7;

        /// <summary>Client ids connected to the source besides this run's.</summary>
        public HashSet<long> OtherClients { get; } = new HashSet<long>();

        /// <summary>Sentinels report a failover in progress.</summary>
        public bool InFailover { get; set; }

        public Task<MinReplicas> ReadMinReplicasAsync(CancellationToken cancellationToken) => Task.FromResult(MinReplicas);

        public Task<int> CountAcknowledgingReplicasAsync(long maxLagSeconds, CancellationToken cancellationToken) => Task.FromResult(Acknowledging);

        public Task SetMinReplicasAsync(MinReplicas settings, CancellationToken cancellationToken)
        {
            MinReplicas = settings;
            Changes.Add($"min-replicas {settings.ToWrite} {settings.MaxLagSeconds}");
            return Task.CompletedTask;
        }

        public Task<long> SourceClientIdAsync(CancellationToken cancellationToken) => Task.FromResult(ClientId);

        public Task<bool> SourceHasClientAsync(long clientId, CancellationToken cancellationToken) => Task.FromResult(clientId == ClientId || OtherClients.Contains(clientId));

        public Task<CutoverJournal?> ReadJournalAsync(NodeEndpoint node, string masterName, CancellationToken cancellationToken) =>
            Task.FromResult(node.Equals(SourceEndpoint) || JournalOnTarget ? Journal : null);

        public Task WriteJournalAsync(string masterName, CutoverJournal journal, CancellationToken cancellationToken)
        {
            Journal = journal;
            JournalOnTarget = true;
            Changes.Add("journal");
            return Task.CompletedTask;
        }

        public Task DeleteJournalAsync(NodeEndpoint node, string masterName, CancellationToken cancellationToken)
        {
            Journal = null;
            JournalOnTarget = false;
            Changes.Add($"unjournal {node}");
            return Task.CompletedTask;
        }

        public Task PauseWritesAsync(TimeSpan expiry, CutoverMarker marker, MinReplicas fence, string masterName, CancellationToken cancellationToken)
        {
            RecordedStates.Add((SourceEndpoint, CutoverState.Frozen));
            Paused = true;
            MinReplicas = fence;
            Changes.Add($"pause {expiry.TotalMilliseconds:0} fence {fence.ToWrite}");
            OnPause?.Invoke();
            if (PauseAnswerLost) throw new MigrationException(MigrationErrorKind.CommandFailed, "no answer", SourceEndpoint.ToString());
            return Task.CompletedTask;
        }

        /// <summary>The source pauses writes and arms the fence, but the answer to that transaction never comes back.</summary>
        public bool PauseAnswerLost { get; set; }

        /// <summary>Each state recorded in the journal, with the node it was written on.</summary>
        public List<(NodeEndpoint Node, CutoverState State)> RecordedStates { get; } = new List<(NodeEndpoint, CutoverState)>();

        public Task RecordStateAsync(NodeEndpoint node, string masterName, CutoverState state, CancellationToken cancellationToken)
        {
            RecordedStates.Add((node, state));
            return Task.CompletedTask;
        }

        public Task RemoveMarkerAsync(NodeEndpoint node, CutoverMarker marker, CancellationToken cancellationToken)
        {
            Changes.Add($"unmark {node}");
            return Task.CompletedTask;
        }

        /// <summary>CLIENT UNPAUSE gets no answer (the source is cut off from the tool).</summary>
        public bool UnpauseFails { get; set; }

        public Task UnpauseWritesAsync(CancellationToken cancellationToken)
        {
            if (UnpauseFails) throw new MigrationException(MigrationErrorKind.CommandFailed, "no answer", SourceEndpoint.ToString());
            _releasedAfterFailover = _failoverRequested;
            Paused = false;
            Changes.Add("unpause");
            return Task.CompletedTask;
        }

        /// <summary>The source stops answering once the pause is set.</summary>
        public bool SourceSilentAfterPause { get; set; }

        public async Task<FreezeRecord> ReadFreezeRecordAsync(CancellationToken cancellationToken)
        {
            if (SourceSilentAfterPause) await Task.Delay(Timeout.Infinite, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return new FreezeRecord { SourceOffset = 5000, TargetOffset = 5000, SourceKeys = 1000, SourceKeysExpiring = 10 };
        }

        public Task<TargetCondition?> ProbeTargetAsync(CutoverMarker? marker, TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var promoted = _failoverRequested;
            return Task.FromResult<TargetCondition?>(new TargetCondition
            {
                HasMarker = marker != null && CatchesUp, Offset = 5000,
                LinkUp = true, Syncing = !promoted && ResyncsInThePause, Keys = promoted ? KeysAfterPromotion : 1000,
                UnknownCommands = new Dictionary<string, long> { ["SENTINEL"] = 4, ["SWAPDB"] = DropsACommand ? 2 : 1 },
            });
        }

        /// <summary>SENTINEL FAILOVER never reaches Sentinel (the tool is cut off from it).</summary>
        public bool RequestLost { get; set; }

        /// <summary>Sentinel carries SENTINEL FAILOVER out, but its answer never comes back.</summary>
        public bool AnswerLost { get; set; }

        public Task RequestFailoverAsync(string masterName, CancellationToken cancellationToken)
        {
            if (FailoverRefusal != null) throw FailoverRefusal;
            if (RequestLost) throw new MigrationException(MigrationErrorKind.CommandFailed, "no answer", Sentinels[0].ToString());
            _failoverRequested = true;
            Changes.Add("failover");
            if (AnswerLost) throw new MigrationException(MigrationErrorKind.CommandFailed, "no answer", Sentinels[0].ToString());
            return Task.CompletedTask;
        }

        public Task FenceSourceAsync(MinReplicas restore, CancellationToken cancellationToken)
        {
            if (FenceFailure != null) throw FenceFailure;
            Paused = false;
            MinReplicas = restore;
            Changes.Add("fence");
            return Task.CompletedTask;
        }

        public int Closed { get; private set; }

        public void CloseOpened() => Closed++;

        public long PriorityOf(NodeEndpoint node) => Priority(node);
    }
}

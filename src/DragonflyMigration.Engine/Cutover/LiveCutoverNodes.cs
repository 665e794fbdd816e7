using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// The cutover's node operations over real connections. Owns what it opens: connections to the
    /// replicas it excludes, and the fresh connections its probes open when one stops answering.
    /// </summary>
    internal sealed class LiveCutoverNodes : ICutoverNodes
    {
        private readonly NodeClient _source;
        private readonly NodeClient _target;
        private readonly IReadOnlyList<NodeClient> _sentinels;
        private readonly IOperationObserver _observer;
        private readonly Dictionary<NodeEndpoint, NodeClient> _replicas = new Dictionary<NodeEndpoint, NodeClient>();
        private ReconnectingNode? _targetProbe;
        private readonly Dictionary<int, ReconnectingNode> _sentinelProbes = new Dictionary<int, ReconnectingNode>();

        public LiveCutoverNodes(NodeClient source, NodeClient target, IReadOnlyList<NodeClient> sentinels, IOperationObserver observer)
        {
            _source = source;
            _target = target;
            _sentinels = sentinels;
            _observer = observer;
        }

        public NodeAddresses Source => _source.Addresses;

        public NodeAddresses Target => _target.Addresses;

        public ServerIdentity SourceIdentity => _source.Identity;

        public ServerIdentity TargetIdentity => _target.Identity;

        public IReadOnlyList<NodeEndpoint> Sentinels => _sentinels.Select(s => s.Endpoint).ToList();

        public Task<IReadOnlyList<SentinelMasterState>> ReadSentinelsAsync(string masterName, CancellationToken cancellationToken) =>
            SentinelInspector.ReadAllAsync(_sentinels, masterName, cancellationToken);

        public async Task<NodeEndpoint?> ProbeSentinelPrimaryAsync(int sentinel, string masterName, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var (_, primary) = await SentinelProbe(sentinel).TryAsync((node, ct) => ReadPrimaryAsync(node, masterName, ct), timeout, cancellationToken).ConfigureAwait(false);
            return primary;
        }

        public async Task<NodeEndpoint?> ProbeSentinelMasterAsync(int sentinel, string masterName, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var (_, primary) = await SentinelProbe(sentinel).TryAsync((node, ct) => ReadMasterAsync(node, masterName, ct), timeout, cancellationToken).ConfigureAwait(false);
            return primary;
        }

        private static async Task<NodeEndpoint?> ReadMasterAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            try
            {
                return await SentinelInspector.ReadMasterAddressAsync(sentinel, masterName, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
        }

        public async Task SetFailoverTimeoutAsync(NodeEndpoint sentinel, string masterName, long milliseconds, CancellationToken cancellationToken)
        {
            var client = _sentinels.FirstOrDefault(s => s.Addresses.Matches(sentinel))
                ?? throw new MigrationException(MigrationErrorKind.SentinelUnreachable, $"The Sentinel {sentinel} is not among those given with -Sentinel.", sentinel.ToString())
                { Remedy = $"Pass every Sentinel of the group with -Sentinel, or set its failover-timeout back by hand (SENTINEL SET {masterName} failover-timeout)." };
            await client.ExecuteAsync("SENTINEL", new object[] { "SET", masterName, "failover-timeout", milliseconds.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool?> ProbeSentinelTiltAsync(int sentinel, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var (answered, tilt) = await SentinelProbe(sentinel).TryAsync(
                async (node, ct) => (await node.InfoAsync("sentinel", ct).ConfigureAwait(false)).GetInt64("sentinel_tilt") == 1, timeout, cancellationToken).ConfigureAwait(false);
            return answered ? tilt : (bool?)null;
        }

        private ReconnectingNode SentinelProbe(int sentinel)
        {
            if (!_sentinelProbes.TryGetValue(sentinel, out var probe))
                _sentinelProbes[sentinel] = probe = new ReconnectingNode(_sentinels[sentinel], CutoverTimings.ProbeReconnect);
            return probe;
        }

        // A Sentinel busy with the failover may refuse for a moment: no primary to report yet.
        private static async Task<NodeEndpoint?> ReadPrimaryAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            try
            {
                return await SentinelInspector.ReadPrimaryAsync(sentinel, masterName, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
        }

        public async Task<NodeRole?> ProbeTargetRoleAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            _targetProbe ??= new ReconnectingNode(_target, CutoverTimings.ProbeReconnect);
            var (_, role) = await _targetProbe.TryAsync(ReadRoleAsync, timeout, cancellationToken).ConfigureAwait(false);
            return role;
        }

        // A node that refuses INFO (loading, say) has no role to report yet.
        private static async Task<NodeRole?> ReadRoleAsync(NodeClient node, CancellationToken cancellationToken)
        {
            try
            {
                return ServerIdentity.FromInfo(await node.InfoAsync("replication", cancellationToken).ConfigureAwait(false)).Role;
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
        }

        public Task<ReplicationSnapshot> ReadReplicationAsync(CancellationToken cancellationToken) =>
            ReplicationSnapshotReader.ReadAsync(_source, _target, cancellationToken);

        public async Task<IReadOnlyList<string>?> SentinelRefusalsOnTargetAsync(CancellationToken cancellationToken)
        {
            var source = await SentinelAccess.ReadDenialsAsync(_source, null, cancellationToken).ConfigureAwait(false);
            var target = source == null ? null : await SentinelAccess.ReadDenialsAsync(_target, null, cancellationToken).ConfigureAwait(false);
            return source == null || target == null ? null : SentinelAccess.RefusedOnTarget(source, target);
        }

        public Task<bool> TargetServesReplicasAsync(CancellationToken cancellationToken) =>
            CommandSupport.ServesRedisReplicasAsync(_target, cancellationToken);

        public async Task<long?> ReadPriorityAsync(NodeEndpoint node, CancellationToken cancellationToken) =>
            await ServerConfig.ReadReplicaPriorityAsync(await NodeAsync(node, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        public async Task SetPriorityAsync(NodeEndpoint node, long priority, CancellationToken cancellationToken) =>
            await ServerConfig.SetReplicaPriorityAsync(await NodeAsync(node, cancellationToken).ConfigureAwait(false), priority, cancellationToken).ConfigureAwait(false);

        /// <summary>The target, or another replica, connected like the source (the same credentials and TLS).</summary>
        private async Task<NodeClient> NodeAsync(NodeEndpoint node, CancellationToken cancellationToken)
        {
            if (_target.Addresses.Matches(node)) return _target;
            if (_replicas.TryGetValue(node, out var client)) return client;
            client = await NodeConnector.ConnectAsync(node, _source.Settings, cancellationToken).ConfigureAwait(false);
            _replicas[node] = client;
            return client;
        }

        public async Task<MinReplicas> ReadMinReplicasAsync(CancellationToken cancellationToken) =>
            MinReplicas.FromConfig((await _source.ExecuteAsync("CONFIG", new object[] { "GET", "min-replicas-*" }, cancellationToken).ConfigureAwait(false)).AsFields());

        public async Task<int> CountAcknowledgingReplicasAsync(long maxLagSeconds, CancellationToken cancellationToken) =>
            MinReplicas.CountAcknowledging(await _source.InfoAsync("replication", cancellationToken).ConfigureAwait(false), maxLagSeconds);

        public Task SetMinReplicasAsync(MinReplicas settings, CancellationToken cancellationToken) =>
            _source.ExecuteTransactionAsync(settings.ConfigSetCommands(), cancellationToken);

        public async Task<long> SourceClientIdAsync(CancellationToken cancellationToken) =>
            (await _source.ExecuteAsync("CLIENT", new object[] { "ID" }, cancellationToken).ConfigureAwait(false)).AsInt64();

        public async Task<bool> SourceHasClientAsync(long clientId, CancellationToken cancellationToken) =>
            !string.IsNullOrWhiteSpace((await _source.ExecuteAsync("CLIENT", new object[] { "LIST", "ID", clientId.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false)).AsText());

        public async Task<CutoverJournal?> ReadJournalAsync(NodeEndpoint node, string masterName, CancellationToken cancellationToken) =>
            CutoverJournal.FromFields((await (await DataNodeAsync(node, cancellationToken).ConfigureAwait(false))
                .ExecuteAsync(0, "HGETALL", new object[] { CutoverJournal.Key(masterName) }, cancellationToken).ConfigureAwait(false)).AsFields());

        public Task WriteJournalAsync(string masterName, CutoverJournal journal, CancellationToken cancellationToken) =>
            _source.ExecuteAsync(0, "HSET", new object[] { CutoverJournal.Key(masterName) }.Concat(journal.ToFields()).ToArray(), cancellationToken);

        public async Task DeleteJournalAsync(NodeEndpoint node, string masterName, CancellationToken cancellationToken) =>
            await (await DataNodeAsync(node, cancellationToken).ConfigureAwait(false))
                .ExecuteAsync(0, "DEL", new object[] { CutoverJournal.Key(masterName) }, cancellationToken).ConfigureAwait(false);

        // CONFIG SET inside MULTI applies with the rest, or not at all.
        public Task PauseWritesAsync(TimeSpan expiry, CutoverMarker marker, MinReplicas fence, string masterName, CancellationToken cancellationToken) =>
            _source.ExecuteTransactionAsync(
                new[]
                {
                    ("SET", new object[] { marker.Key, marker.Token, "PX", CutoverMarker.TimeToLive(expiry) }),
                    ("HSET", new object[] { CutoverJournal.Key(masterName), CutoverJournal.StateField, CutoverState.Frozen.ToString() }),
                }
                    .Concat(fence.ConfigSetCommands())
                    .Concat(new[] { ("CLIENT", new object[] { "PAUSE", ((long)expiry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "WRITE" }) })
                    .ToList(), cancellationToken);

        public async Task RecordStateAsync(NodeEndpoint node, string masterName, CutoverState state, CancellationToken cancellationToken) =>
            await (await DataNodeAsync(node, cancellationToken).ConfigureAwait(false))
                .ExecuteAsync(0, "HSET", new object[] { CutoverJournal.Key(masterName), CutoverJournal.StateField, state.ToString() }, cancellationToken).ConfigureAwait(false);

        public async Task RemoveMarkerAsync(NodeEndpoint node, CutoverMarker marker, CancellationToken cancellationToken) =>
            await (await DataNodeAsync(node, cancellationToken).ConfigureAwait(false))
                .ExecuteAsync(0, "DEL", new object[] { marker.Key }, cancellationToken).ConfigureAwait(false);

        private async Task<NodeClient> DataNodeAsync(NodeEndpoint node, CancellationToken cancellationToken) =>
            _source.Addresses.Matches(node) ? _source : await NodeAsync(node, cancellationToken).ConfigureAwait(false);

        public Task UnpauseWritesAsync(CancellationToken cancellationToken) =>
            _source.ExecuteAsync("CLIENT", new object[] { "UNPAUSE" }, cancellationToken);

        public async Task<FreezeRecord> ReadFreezeRecordAsync(CancellationToken cancellationToken)
        {
            // The target reports what it has processed at once, when its own offset is right; otherwise the source's
            // line for it, which it refreshes with each ACK, is the best there is.
            var sourceRead = _source.InfoAsync(null, cancellationToken);
            var targetRead = _target.Capabilities.TrustworthyReplicaOffset ? null : _target.InfoAsync("server", cancellationToken);
            var sourceInfo = await sourceRead.ConfigureAwait(false);
            var targetOffset = targetRead == null ? null
                : ReplicationSnapshotReader.Compute(_source.Addresses, sourceInfo, _target.Addresses, await targetRead.ConfigureAwait(false), DateTimeOffset.Now).AcknowledgedOffset;
            return new FreezeRecord
            {
                SourceOffset = sourceInfo.GetInt64("master_repl_offset"), TargetOffset = targetOffset,
                SourceKeys = Keyspace.Total(sourceInfo), SourceKeysExpiring = Keyspace.Expiring(sourceInfo),
            };
        }

        public async Task<TargetCondition?> ProbeTargetAsync(CutoverMarker? marker, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _targetProbe ??= new ReconnectingNode(_target, CutoverTimings.ProbeReconnect);
            var (_, condition) = await _targetProbe.TryAsync((node, ct) => ReadConditionAsync(node, marker, ct), timeout, cancellationToken).ConfigureAwait(false);
            return condition;
        }

        /// <summary>GET, INFO and INFO commandstats sent together on one connection: the server answers them in order, so the INFO counts all the marker follows.</summary>
        private async Task<TargetCondition?> ReadConditionAsync(NodeClient node, CutoverMarker? marker, CancellationToken cancellationToken)
        {
            var markerRead = marker == null ? null : node.ExecuteAsync(0, "GET", new object[] { marker.Key }, cancellationToken);
            var infoRead = node.InfoAsync(null, cancellationToken);
            var unknownRead = ReplicationSnapshotReader.ReadUnknownCommandsAsync(node, cancellationToken);
            var hasMarker = markerRead != null && (await markerRead.ConfigureAwait(false)).AsText() == marker!.Token;
            var info = await infoRead.ConfigureAwait(false);
            var unknown = await unknownRead.ConfigureAwait(false);
            var replica = ServerIdentity.FromInfo(info).Role == NodeRole.Replica;
            return new TargetCondition
            {
                HasMarker = hasMarker,
                Offset = replica && _target.Capabilities.TrustworthyReplicaOffset ? info.GetInt64("slave_repl_offset") : null,
                LinkUp = !replica || string.Equals(info.Get("master_link_status"), "up", StringComparison.OrdinalIgnoreCase),
                Syncing = info.GetInt64("master_sync_in_progress") == 1,
                Loading = info.GetInt64("loading") == 1 || info.GetInt64("async_loading") == 1,
                Keys = Keyspace.Total(info),
                UnknownCommands = unknown,
            };
        }

        public async Task RequestFailoverAsync(string masterName, CancellationToken cancellationToken)
        {
            var sentinel = _sentinels[0];
            try
            {
                await sentinel.ExecuteAsync("SENTINEL", new object[] { "FAILOVER", masterName }, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                var why = ex.ServerError switch
                {
                    ServerError.FailoverInProgress => "a failover is already in progress",
                    ServerError.NoGoodReplica => "it found no replica it could promote",
                    ServerError.NoSuchMaster => $"it monitors no primary named '{masterName}'",
                    _ => ex.Message,
                };
                throw new MigrationException(MigrationErrorKind.FailoverRefused, $"The Sentinel {sentinel.Endpoint} refused the failover: {why}.", sentinel.Endpoint.ToString(), ex)
                { Remedy = "Check Get-SentinelMaster: the target must be listed, eligible and the predicted promotion on every Sentinel.", ServerError = ex.ServerError };
            }
        }

        public Task FenceSourceAsync(MinReplicas restore, CancellationToken cancellationToken) =>
            new SourceFence(_source, _target, restore, _observer).RunAsync(cancellationToken);

        public void CloseOpened()
        {
            foreach (var client in _replicas.Values) client.Dispose();
            _replicas.Clear();
            _targetProbe?.Dispose();
            _targetProbe = null;
            foreach (var probe in _sentinelProbes.Values) probe.Dispose();
            _sentinelProbes.Clear();
        }
    }
}

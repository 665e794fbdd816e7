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

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>
    /// Reads replication state from the source's and the target's INFO. Lag always comes from the
    /// source's <c>slaveN</c> line, which is right for every Dragonfly version (docs/architecture.md#flavor-capabilities);
    /// the target's own offset is not used.
    /// </summary>
    public static class ReplicationSnapshotReader
    {

        /// <summary>Takes one snapshot: one INFO on each side, and the target's count of commands it did not know.</summary>
        public static async Task<ReplicationSnapshot> ReadAsync(NodeClient source, NodeClient target, CancellationToken cancellationToken)
        {
            var sourceInfo = source.InfoAsync(null, cancellationToken);
            var targetInfo = target.InfoAsync(null, cancellationToken);
            await Task.WhenAll(sourceInfo, targetInfo).ConfigureAwait(false);
            var unknown = await ReadUnknownCommandsAsync(target, cancellationToken).ConfigureAwait(false);
            return Compute(source.Addresses, await sourceInfo.ConfigureAwait(false), target.Addresses, await targetInfo.ConfigureAwait(false), DateTimeOffset.Now, unknown);
        }

        /// <summary>Dragonfly's <c>unknown_*</c> counts from INFO commandstats; null when the node will not say.</summary>
        public static async Task<IReadOnlyDictionary<string, long>?> ReadUnknownCommandsAsync(NodeClient target, CancellationToken cancellationToken)
        {
            try
            {
                return CommandStats.Unknown(await target.InfoAsync("commandstats", cancellationToken).ConfigureAwait(false));
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
        }

        /// <summary>A snapshot from two INFO texts, for nodes known by one address each.</summary>
        public static ReplicationSnapshot Compute(NodeEndpoint sourceEndpoint, InfoDocument source, NodeEndpoint targetEndpoint, InfoDocument target, DateTimeOffset at) =>
            Compute(NodeAddresses.Of(sourceEndpoint), source, NodeAddresses.Of(targetEndpoint), target, at);

        /// <summary>
        /// A snapshot from two INFO texts. The source lists the target under the address the target
        /// announces or the source sees, so it is found by every address the target answers to.
        /// </summary>
        public static ReplicationSnapshot Compute(NodeAddresses sourceAddresses, InfoDocument source, NodeAddresses targetAddresses, InfoDocument target, DateTimeOffset at,
            IReadOnlyDictionary<string, long>? targetUnknownCommands = null)
        {
            var sourceEndpoint = sourceAddresses.Endpoint;
            var targetEndpoint = targetAddresses.Endpoint;
            var role = ServerIdentity.FromInfo(target).Role;
            var primaryHost = target.Get("master_host");
            var primaryPort = target.GetInt64("master_port");
            var targetPrimary = role == NodeRole.Replica && primaryHost != null && primaryPort.HasValue
                ? new NodeEndpoint(primaryHost, (int)primaryPort.Value).ToString()
                : null;
            var listening = (int?)target.GetInt64("tcp_port") ?? targetEndpoint.Port;
            var knownTarget = targetAddresses.With(new NodeEndpoint(targetEndpoint.Host, listening));
            var line = FindReplicaLine(source, knownTarget);
            var replicatesSource = targetPrimary != null && ReplicatesSource(source, sourceAddresses, target, primaryHost!, (int)primaryPort!.Value, line, knownTarget);
            line.TryGetValue("state", out var sourceState);
            var acknowledged = ParseLong(line, "offset");
            var sourceOffset = source.GetInt64("master_repl_offset");
            var linkUp = string.Equals(target.Get("master_link_status"), "up", StringComparison.OrdinalIgnoreCase);
            var syncing = target.GetInt64("master_sync_in_progress") == 1;
            var loading = target.GetInt64("loading") == 1 || target.GetInt64("async_loading") == 1;

            var state = !replicatesSource ? ReplicationState.NotReplicating
                : syncing || loading || sourceState == "wait_bgsave" || sourceState == "send_bulk" ? ReplicationState.FullSync
                : linkUp && sourceState == "online" ? ReplicationState.Streaming
                : linkUp ? ReplicationState.Connecting
                : target.GetInt64("master_link_down_since_seconds") >= 0 ? ReplicationState.Broken
                : ReplicationState.Connecting;

            var phase = state != ReplicationState.FullSync ? FullSyncPhase.None
                : sourceState == "wait_bgsave" ? FullSyncPhase.WaitingForSnapshot
                : sourceState == "send_bulk" ? FullSyncPhase.Transferring
                : loading || sourceState == "online" ? FullSyncPhase.Loading
                : FullSyncPhase.Transferring;

            return new ReplicationSnapshot
            {
                Source = sourceEndpoint.ToString(),
                Target = targetEndpoint.ToString(),
                State = state,
                SyncPhase = phase,
                LinkStatus = role == NodeRole.Replica ? target.Get("master_link_status") : null,
                TargetPrimary = targetPrimary,
                ListedBySource = line.Count > 0,
                SourceReplicaState = sourceState,
                SourceOffset = sourceOffset,
                AcknowledgedOffset = acknowledged,
                LagBytes = state == ReplicationState.Streaming && sourceOffset.HasValue && acknowledged.HasValue ? Math.Max(0, sourceOffset.Value - acknowledged.Value) : (long?)null,
                LagSeconds = state == ReplicationState.Streaming ? ParseLong(line, "lag") : null,
                TargetLastIoSecondsAgo = target.GetInt64("master_last_io_seconds_ago"),
                SyncBytesRead = target.GetInt64("master_sync_read_bytes"),
                SyncBytesTotal = target.GetInt64("master_sync_total_bytes") is long total && total > 0 ? total : (long?)null,
                SourceKeys = Keyspace.Total(source),
                TargetKeys = Keyspace.Total(target),
                TargetRoleName = target.Get("role"),
                TargetUnknownCommands = targetUnknownCommands,
                SourceFullSyncs = source.GetInt64("sync_full"),
                TargetUptimeSeconds = target.GetInt64("uptime_in_seconds"),
                Timestamp = at,
            };
        }

        /// <summary>
        /// The target's primary is the source when the source lists the target by an address the target
        /// answers to, or the ports agree and either the host is the one the operator used, the
        /// replication ids agree, or the source lists the target on its port.
        /// </summary>
        private static bool ReplicatesSource(InfoDocument source, NodeAddresses sourceAddresses, InfoDocument target, string host, int port,
            System.Collections.Generic.IReadOnlyDictionary<string, string> sourceLine, NodeAddresses targetAddresses)
        {
            var sourceEndpoint = sourceAddresses.Endpoint;
            var sourcePort = (int?)source.GetInt64("tcp_port") ?? sourceEndpoint.Port;
            if (sourceAddresses.Matches(new NodeEndpoint(host, port))) return true;
            // The source itself holds the target's link, whatever address the target dialled: through a
            // proxy, a tunnel or NAT that address has a port of its own, which the checks below would refuse.
            if (targetAddresses.Matches(Address(sourceLine))) return true;
            if (port != sourcePort && port != sourceEndpoint.Port) return false;
            if (string.Equals(host, sourceEndpoint.Host, StringComparison.OrdinalIgnoreCase)) return true;
            var replid = source.Get("master_replid");
            if (replid != null && string.Equals(replid, target.Get("master_replid"), StringComparison.Ordinal)) return true;
            return sourceLine.Count > 0;
        }

        /// <summary>
        /// The source's <c>slaveN</c> line of the target: the one whose address the target answers to,
        /// else one on a port the target answers to (the source may see another IP than any the target knows).
        /// </summary>
        private static System.Collections.Generic.IReadOnlyDictionary<string, string> FindReplicaLine(InfoDocument source, NodeAddresses target)
        {
            var lines = source.ReplicaLines()
                .Where(f => f.TryGetValue("port", out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .ToList();
            var ports = target.Ports.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
            return lines.FirstOrDefault(f => target.Matches(Address(f)))
                ?? lines.FirstOrDefault(f => ports.Contains(f["port"]))
                ?? new System.Collections.Generic.Dictionary<string, string>();
        }

        /// <summary>The address a <c>slaveN</c> line lists, or null when it lists none.</summary>
        private static NodeEndpoint? Address(System.Collections.Generic.IReadOnlyDictionary<string, string> f) =>
            f.TryGetValue("ip", out var ip) && !string.IsNullOrEmpty(ip) && f.TryGetValue("port", out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0 && port <= 65535
                ? new NodeEndpoint(ip, port) : null;

        private static long? ParseLong(System.Collections.Generic.IReadOnlyDictionary<string, string> fields, string key) =>
            fields.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
    }
}

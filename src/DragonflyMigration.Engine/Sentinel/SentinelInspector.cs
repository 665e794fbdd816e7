using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>Reads a Sentinel's view of one primary. Read-only: five commands on the Sentinel.</summary>
    public static class SentinelInspector
    {
        /// <summary>The primary the Sentinel names (<c>GET-MASTER-ADDR-BY-NAME</c>) as host:port, or null when it names none.</summary>
        public static async Task<string?> ReadPrimaryAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            var items = (await sentinel.ExecuteAsync("SENTINEL", new object[] { "GET-MASTER-ADDR-BY-NAME", masterName }, cancellationToken).ConfigureAwait(false)).Items;
            return items != null && items.Count == 2 && int.TryParse(items[1].AsText(), out var port) && port > 0 && port <= 65535
                ? new Endpoints.NodeEndpoint(items[0].AsText(), port).ToString()
                : null;
        }

        public static async Task<SentinelMasterState> ReadAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            SentinelReply master;
            try
            {
                master = SentinelReply.FromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "MASTER", masterName }, cancellationToken).ConfigureAwait(false));
            }
            catch (MigrationException ex) when (ex.Message.IndexOf("No such master", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new MigrationException(MigrationErrorKind.MasterNameUnknown,
                    $"The Sentinel {sentinel.Endpoint} monitors no primary named '{masterName}'.", sentinel.Endpoint.ToString(), ex)
                { Remedy = "Check -MasterName (SENTINEL MASTERS lists the names), or register the primary with Register-SentinelMaster." };
            }
            var primary = await ReadPrimaryAsync(sentinel, masterName, cancellationToken).ConfigureAwait(false) ?? string.Empty;
            var replicas = SentinelReply.ListFromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "REPLICAS", masterName }, cancellationToken).ConfigureAwait(false));
            var info = await sentinel.InfoAsync("sentinel", cancellationToken).ConfigureAwait(false);
            string verdict;
            bool quorumOk;
            try
            {
                verdict = (await sentinel.ExecuteAsync("SENTINEL", new object[] { "CKQUORUM", masterName }, cancellationToken).ConfigureAwait(false)).AsText();
                quorumOk = true;
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
            {
                verdict = ex.Message;
                quorumOk = false;
            }

            var downAfter = master.GetInt64("down-after-milliseconds") ?? 30000;
            var candidates = PromotionPredictor.Candidates(replicas, downAfter);
            return new SentinelMasterState
            {
                Sentinel = sentinel.Endpoint.ToString(),
                MasterName = masterName,
                Primary = primary,
                ConfigEpoch = master.GetInt64("config-epoch") ?? 0,
                Quorum = master.GetInt64("quorum") ?? 0,
                QuorumReachable = quorumOk,
                QuorumVerdict = verdict,
                InTilt = info.GetInt64("sentinel_tilt") == 1,
                Flags = master.Get("flags") ?? string.Empty,
                DownAfterMilliseconds = downAfter,
                FailoverTimeoutMilliseconds = master.GetInt64("failover-timeout") ?? 180000,
                OtherSentinels = master.GetInt64("num-other-sentinels") ?? 0,
                Replicas = candidates,
                PredictedPromotion = PromotionPredictor.Winner(candidates),
            };
        }
    }
}

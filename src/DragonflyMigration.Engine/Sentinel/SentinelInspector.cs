using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>Reads a Sentinel's view of one primary. Read-only: five commands on the Sentinel.</summary>
    public static class SentinelInspector
    {
        /// <summary>The primary the Sentinel names (<c>GET-MASTER-ADDR-BY-NAME</c>), or null when it names none.</summary>
        public static async Task<NodeEndpoint?> ReadPrimaryAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken) =>
            (await sentinel.ExecuteAsync("SENTINEL", new object[] { "GET-MASTER-ADDR-BY-NAME", masterName }, cancellationToken).ConfigureAwait(false)).AsAddress();

        /// <summary>
        /// The primary the Sentinel's <c>SENTINEL MASTER</c> names, what clients reading SENTINEL MASTERS follow;
        /// it changes only when that Sentinel ends its failover. Null when it names none.
        /// </summary>
        public static async Task<NodeEndpoint?> ReadMasterAddressAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            var master = SentinelReply.FromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "MASTER", masterName }, cancellationToken).ConfigureAwait(false));
            return master.Get("ip") is { } ip && master.GetInt64("port") is long port && port > 0 && port <= 65535 ? new NodeEndpoint(ip, (int)port) : null;
        }

        public static async Task<SentinelMasterState> ReadAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            SentinelReply master;
            try
            {
                master = SentinelReply.FromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "MASTER", masterName }, cancellationToken).ConfigureAwait(false));
            }
            catch (MigrationException ex) when (ex.Is(ServerError.NoSuchMaster))
            {
                throw new MigrationException(MigrationErrorKind.MasterNameUnknown,
                    $"The Sentinel {sentinel.Endpoint} monitors no primary named '{masterName}'.", sentinel.Endpoint.ToString(), ex)
                { Remedy = "Check -MasterName (SENTINEL MASTERS lists the names), or register the primary with Register-SentinelMaster." };
            }
            var primary = await ReadPrimaryAsync(sentinel, masterName, cancellationToken).ConfigureAwait(false);
            var replicas = SentinelReply.ListFromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "REPLICAS", masterName }, cancellationToken).ConfigureAwait(false));
            var info = await sentinel.InfoAsync("sentinel", cancellationToken).ConfigureAwait(false);
            string verdict;
            bool quorumOk;
            try
            {
                verdict = (await sentinel.ExecuteAsync("SENTINEL", new object[] { "CKQUORUM", masterName }, cancellationToken).ConfigureAwait(false)).AsText();
                quorumOk = true;
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                verdict = ex.Message;
                quorumOk = false;
            }

            var downAfter = master.GetInt64("down-after-milliseconds") ?? 30000;
            var candidates = PromotionPredictor.Candidates(replicas, downAfter);
            return new SentinelMasterState
            {
                Sentinel = sentinel.Endpoint,
                MasterName = masterName,
                Primary = primary,
                ConfigEpoch = master.GetInt64("config-epoch") ?? 0,
                Quorum = master.GetInt64("quorum") ?? 0,
                QuorumReachable = quorumOk,
                QuorumVerdict = verdict,
                InTilt = info.GetInt64("sentinel_tilt") == 1,
                Flags = master.Get("flags") ?? string.Empty,
                FailoverState = master.Get("failover-state") ?? "none",
                DownAfterMilliseconds = downAfter,
                FailoverTimeoutMilliseconds = master.GetInt64("failover-timeout") ?? 180000,
                OtherSentinels = master.GetInt64("num-other-sentinels") ?? 0,
                Replicas = candidates,
                PredictedPromotion = PromotionPredictor.Winner(candidates),
            };
        }

        /// <summary>
        /// Every Sentinel's view, in order, all asked at once (a group's Sentinels are often far apart, and a plan
        /// run reads many groups). A Sentinel that does not answer is <see cref="MigrationErrorKind.SentinelUnreachable"/>
        /// (the first in order, when several do not): a group decision needs all of them.
        /// </summary>
        public static async Task<IReadOnlyList<SentinelMasterState>> ReadAllAsync(IReadOnlyList<NodeClient> sentinels, string masterName, CancellationToken cancellationToken) =>
            await Task.WhenAll(sentinels.Select(s => ReadAnsweringAsync(s, masterName, cancellationToken))).ConfigureAwait(false);

        private static async Task<SentinelMasterState> ReadAnsweringAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            try
            {
                return await ReadAsync(sentinel, masterName, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed && !ex.IsServerRefusal)
            {
                throw new MigrationException(MigrationErrorKind.SentinelUnreachable, $"The Sentinel {sentinel.Endpoint} did not answer: {ex.Message}", sentinel.Endpoint.ToString(), ex)
                { Remedy = "Every Sentinel must be reachable; check it, or leave it out of -Sentinel only if it is gone for good." };
            }
        }
    }
}

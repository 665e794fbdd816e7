using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>What happened to one retired node.</summary>
    public sealed class RetiredNodeOutcome
    {
        public string Endpoint { get; init; } = string.Empty;

        public bool PriorityLowered { get; init; }

        public bool ShutDown { get; init; }

        public string? Note { get; init; }
    }

    /// <summary>
    /// After the cutover: takes the old Redis nodes out of every Sentinel's view (research note A12).
    /// Each is first made unpromotable, optionally shut down with its data saved for a rollback, then
    /// the Sentinels are reset one at a time, each given time to find the others again so the quorum
    /// never lapses.
    /// </summary>
    public static class StaleNodeRetirement
    {
        /// <summary>Replicas in the Sentinels' view that the current primary cannot serve: other flavors, or links that are not up.</summary>
        public static async Task<IReadOnlyList<string>> FindStaleAsync(IReadOnlyList<NodeClient> sentinels, string masterName, NodeClient primary, CancellationToken cancellationToken)
        {
            var primaryFlavor = primary.Identity.Flavor;
            var stale = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var sentinel in sentinels)
            {
                var replicas = SentinelReply.ListFromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "REPLICAS", masterName }, cancellationToken).ConfigureAwait(false));
                foreach (var r in replicas)
                {
                    var linkOk = string.Equals(r.Get("master-link-status"), "ok", StringComparison.OrdinalIgnoreCase);
                    if (!linkOk || primaryFlavor == ServerFlavor.Dragonfly) stale.Add(PromotionPredictor.AddressOf(r));
                }
            }
            return stale.ToList();
        }

        public static async Task<IReadOnlyList<RetiredNodeOutcome>> RetireAsync(IReadOnlyList<NodeClient> sentinels, string masterName, IReadOnlyList<NodeEndpoint> nodes,
            ConnectionSettings dataNodeSettings, bool shutdown, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var outcomes = new List<RetiredNodeOutcome>();
            foreach (var endpoint in nodes)
            {
                NodeClient node;
                try
                {
                    node = await NodeConnector.ConnectAsync(endpoint, dataNodeSettings, cancellationToken).ConfigureAwait(false);
                }
                catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.ConnectionRefused || ex.Kind == MigrationErrorKind.HostUnreachable)
                {
                    outcomes.Add(new RetiredNodeOutcome { Endpoint = endpoint.ToString(), Note = "not running" });
                    observer.Log($"{endpoint} is not running; only the Sentinels will forget it.");
                    continue;
                }
                using (node)
                {
                    if (node.Identity.Role == NodeRole.Primary)
                    {
                        throw new MigrationException(MigrationErrorKind.SourceNotPrimary,
                            $"{endpoint} is a primary; only replicas left behind by the cutover are retired.", endpoint.ToString())
                        { Remedy = "Check that the cutover completed (Get-SentinelMaster) and that the node list is right." };
                    }
                    await node.ExecuteAsync("CONFIG", new object[] { "SET", "replica-priority", "0" }, cancellationToken).ConfigureAwait(false);
                    observer.Log($"{endpoint}: replica-priority 0, so no Sentinel can promote its stale data.");
                    var down = false;
                    if (shutdown)
                    {
                        // SAVE keeps its data on disk for a rollback; the reply never comes, the connection just closes.
                        try { await node.ExecuteAsync("SHUTDOWN", new object[] { "SAVE" }, cancellationToken).ConfigureAwait(false); }
                        catch (MigrationException) { }
                        down = true;
                        observer.Log($"{endpoint}: shut down with its data saved.");
                    }
                    outcomes.Add(new RetiredNodeOutcome { Endpoint = endpoint.ToString(), PriorityLowered = true, ShutDown = down });
                }
            }

            foreach (var sentinel in sentinels)
            {
                var before = SentinelReply.FromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "MASTER", masterName }, cancellationToken).ConfigureAwait(false));
                var others = before.GetInt64("num-other-sentinels") ?? 0;
                await sentinel.ExecuteAsync("SENTINEL", new object[] { "RESET", masterName }, cancellationToken).ConfigureAwait(false);
                observer.Log($"{sentinel.Endpoint}: SENTINEL RESET {masterName}; waiting until it sees the other {others} Sentinel(s) again.");
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    var now = SentinelReply.FromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "MASTER", masterName }, cancellationToken).ConfigureAwait(false));
                    if ((now.GetInt64("num-other-sentinels") ?? 0) >= others) break;
                    if (clock.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        throw new MigrationException(MigrationErrorKind.SentinelUnreachable,
                            $"{sentinel.Endpoint} did not find the other Sentinels again within 60 s of its reset; the remaining Sentinels were not reset.", sentinel.Endpoint.ToString())
                        { Remedy = "Sentinels find each other through the primary's hello channel every 2 s; check that this Sentinel reaches the new primary." };
                    }
                    await Task.Delay(250, cancellationToken).ConfigureAwait(false);
                }
            }
            return outcomes;
        }
    }
}

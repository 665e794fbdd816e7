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

    /// <summary>What Complete-DragonflyMigration will do, worked out from the Sentinels' finished view.</summary>
    public sealed class CompletionPlan
    {
        public string MasterName { get; init; } = string.Empty;

        /// <summary>The primary every Sentinel names.</summary>
        public NodeEndpoint Primary { get; init; } = null!;

        /// <summary>The nodes to retire: those given, or every replica the primary cannot serve.</summary>
        public IReadOnlyList<NodeEndpoint> Nodes { get; init; } = Array.Empty<NodeEndpoint>();

        public bool Shutdown { get; init; }

        /// <summary>The changes, as an operator reads them.</summary>
        public string Description => Nodes.Count == 0
            ? $"SENTINEL RESET {MasterName} on each Sentinel in turn"
            : $"replica-priority 0{(Shutdown ? ", SHUTDOWN SAVE" : string.Empty)} on {string.Join(", ", Nodes)}; then SENTINEL RESET {MasterName} on each Sentinel in turn";
    }

    /// <summary>
    /// After the cutover: takes the old Redis nodes out of every Sentinel's view. Each is first made
    /// unpromotable, optionally shut down with its data saved for a rollback, then the Sentinels are
    /// reset one at a time, each given time to find the others again so the quorum never lapses.
    /// Plan first (read-only), then apply.
    /// </summary>
    public static class MigrationCompletion
    {
        /// <summary>
        /// Reads every Sentinel once none is still in a failover; they must agree on the primary, and no
        /// node to retire may be it. A reset during a failover would make the leading Sentinel forget
        /// it and name the old primary for good, so the plan is made only from a finished view.
        /// </summary>
        public static async Task<CompletionPlan> PlanAsync(IReadOnlyList<NodeClient> sentinels, string masterName, IReadOnlyList<NodeEndpoint>? nodes,
            ConnectionSettings dataNodeSettings, bool shutdown, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var states = await FinishedViewAsync(sentinels, masterName, observer, cancellationToken).ConfigureAwait(false);
            if (!SentinelGroupRules.Agree(states, sentinels.Count))
            {
                throw new MigrationException(MigrationErrorKind.SentinelsDisagree,
                    $"The Sentinels do not agree on the primary of '{masterName}': {string.Join(", ", states.Select(s => $"{s.Sentinel}: {s.Primary?.ToString() ?? "none"} (epoch {s.ConfigEpoch})"))}.", masterName)
                { Remedy = "Wait until they agree (Get-SentinelMaster) before retiring anything." };
            }
            var primary = states[0].Primary!;
            if (nodes == null)
            {
                using var client = await NodeConnector.ConnectAsync(primary, dataNodeSettings, cancellationToken).ConfigureAwait(false);
                nodes = await FindStaleAsync(sentinels, masterName, client, cancellationToken).ConfigureAwait(false);
            }
            if (nodes.Any(n => n.Equals(primary)))
            {
                throw new MigrationException(MigrationErrorKind.NodeIsPrimary,
                    $"{primary} is the current primary of '{masterName}' and cannot be retired.", primary.ToString())
                { Remedy = "Name only the old nodes in -Node, or leave -Node out to retire every replica the new primary cannot serve." };
            }
            return new CompletionPlan { MasterName = masterName, Primary = primary, Nodes = nodes, Shutdown = shutdown };
        }

        /// <summary>
        /// The Sentinels' views once no failover is in progress. A leader whose failover waits for
        /// replicas that cannot sync from the new primary (Redis replicas of a Dragonfly) ends it only
        /// when failover-timeout has passed, or when those replicas are down; this waits for that.
        /// </summary>
        private static async Task<IReadOnlyList<SentinelMasterState>> FinishedViewAsync(IReadOnlyList<NodeClient> sentinels, string masterName, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var announced = false;
            while (true)
            {
                var states = await SentinelInspector.ReadAllAsync(sentinels, masterName, cancellationToken).ConfigureAwait(false);
                var busy = SentinelGroupRules.InFailover(states);
                if (busy.Count == 0)
                {
                    if (announced) observer.Log($"Every Sentinel has ended the failover after {clock.Elapsed.TotalSeconds:0} s.");
                    return states;
                }
                var limit = TimeSpan.FromMilliseconds(busy.Max(s => s.FailoverTimeoutMilliseconds)) + FailoverEndMargin;
                if (!announced)
                {
                    observer.Log($"{string.Join(", ", busy.Select(s => s.Sentinel))} still carr{(busy.Count == 1 ? "ies" : "y")} out the failover of '{masterName}' ({busy[0].FailoverState}); "
                        + $"waiting for it to end, at most {limit.TotalSeconds:0} s: a leader waits for replicas the new primary cannot serve until failover-timeout, or until they are down.");
                    announced = true;
                }
                if (clock.Elapsed > limit)
                {
                    throw new MigrationException(MigrationErrorKind.FailoverInProgress,
                        $"{busy[0].Sentinel} is still in the failover of '{masterName}' ({busy[0].FailoverState}) after {clock.Elapsed.TotalSeconds:0} s.", busy[0].Sentinel.ToString())
                    { Remedy = "Check the Sentinel's log; run Complete-DragonflyMigration again once Get-SentinelMaster shows no failover in progress." };
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        private static readonly TimeSpan FailoverEndMargin = TimeSpan.FromSeconds(30);

        /// <summary>Replicas in the Sentinels' view that the current primary cannot serve: all of them when it knows no PSYNC, else those whose link is not up.</summary>
        internal static async Task<IReadOnlyList<NodeEndpoint>> FindStaleAsync(IReadOnlyList<NodeClient> sentinels, string masterName, NodeClient primary, CancellationToken cancellationToken)
        {
            var servesReplicas = await CommandSupport.ServesRedisReplicasAsync(primary, cancellationToken).ConfigureAwait(false);
            var stale = new List<NodeEndpoint>();
            foreach (var sentinel in sentinels)
            {
                var replicas = SentinelReply.ListFromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "REPLICAS", masterName }, cancellationToken).ConfigureAwait(false));
                foreach (var r in replicas)
                {
                    var linkOk = string.Equals(r.Get("master-link-status"), "ok", StringComparison.OrdinalIgnoreCase);
                    if ((!linkOk || !servesReplicas) && r.Address is { } address && !stale.Contains(address)) stale.Add(address);
                }
            }
            return stale.OrderBy(e => e.ToString(), StringComparer.OrdinalIgnoreCase).ToList();
        }

        public static async Task<IReadOnlyList<RetiredNodeOutcome>> ApplyAsync(IReadOnlyList<NodeClient> sentinels, CompletionPlan plan,
            ConnectionSettings dataNodeSettings, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var masterName = plan.MasterName;
            var nodes = plan.Nodes;
            var shutdown = plan.Shutdown;
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
                        throw new MigrationException(MigrationErrorKind.NodeIsPrimary,
                            $"{endpoint} is a primary; only replicas left behind by the cutover are retired.", endpoint.ToString())
                        { Remedy = "Check that the cutover completed (Get-SentinelMaster) and that the node list is right." };
                    }
                    await ServerConfig.SetReplicaPriorityAsync(node, 0, cancellationToken).ConfigureAwait(false);
                    observer.Log($"{endpoint}: replica-priority 0, so no Sentinel can promote it again.");
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
                await SentinelReset.ExactAsync(sentinel, masterName, cancellationToken).ConfigureAwait(false);
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

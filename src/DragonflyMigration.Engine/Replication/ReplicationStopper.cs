using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>The abort path: the target stops replicating and gets its promotion priority back.</summary>
    public static class ReplicationStopper
    {
        public const long DefaultReplicaPriority = 100;

        /// <summary>Whether there is anything to undo on the target.</summary>
        public static async Task<bool> IsReplicatingAsync(NodeClient target, CancellationToken cancellationToken)
        {
            var info = await target.InfoAsync("replication", cancellationToken).ConfigureAwait(false);
            return ServerIdentity.FromInfo(info).Role == NodeRole.Replica;
        }

        /// <summary>
        /// Refuses a node that replicates nothing and serves replicas of its own: that is a live primary (the
        /// source, say), where REPLICAOF NO ONE does nothing and a changed priority was never asked for.
        /// A primary without replicas is a target already stopped, whose priority may still need putting back.
        /// </summary>
        public static async Task<bool> PlanAsync(NodeClient target, CancellationToken cancellationToken)
        {
            var info = await target.InfoAsync("replication", cancellationToken).ConfigureAwait(false);
            if (ServerIdentity.FromInfo(info).Role == NodeRole.Replica) return true;
            var replicas = info.GetInt64("connected_slaves") ?? 0;
            if (replicas > 0)
                throw new MigrationException(MigrationErrorKind.NodeIsPrimary,
                    $"{target.Endpoint} is a primary serving {replicas} replica(s) and replicates nothing: it is not a target being fed, so there is no replication to stop.",
                    target.Endpoint.ToString())
                { Remedy = "Pass the target (the Dragonfly node replicating the source) to -Target, or pipe the status from Get-ReplicationStatus." };
            return false;
        }

        public static async Task StopAsync(NodeClient target, long replicaPriority, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (await PlanAsync(target, cancellationToken).ConfigureAwait(false))
            {
                await target.ExecuteAsync("REPLICAOF", new object[] { "NO", "ONE" }, cancellationToken).ConfigureAwait(false);
                observer.Log($"{target.Endpoint} no longer replicates; it keeps the data it has.");
            }
            else
            {
                observer.Log($"{target.Endpoint} was not replicating.");
            }
            var current = await ServerConfig.ReadReplicaPriorityAsync(target, cancellationToken).ConfigureAwait(false);
            if (current != replicaPriority)
            {
                await ServerConfig.SetReplicaPriorityAsync(target, replicaPriority, cancellationToken).ConfigureAwait(false);
                observer.Log($"Restored replica-priority {replicaPriority} on {target.Endpoint}.");
            }
        }
    }
}

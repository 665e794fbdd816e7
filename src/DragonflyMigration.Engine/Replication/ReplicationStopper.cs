using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
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

        public static async Task StopAsync(NodeClient target, long replicaPriority, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (await IsReplicatingAsync(target, cancellationToken).ConfigureAwait(false))
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

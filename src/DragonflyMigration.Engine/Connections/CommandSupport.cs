using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Whether a node knows a command, asked of the node itself (<c>COMMAND INFO name</c>), one name
    /// per call. Redis answers an array holding the entry, or holding a nil for a command it lacks;
    /// Dragonfly answers a nil reply as a whole for a command it lacks, and with several names of
    /// which one is missing a nil (v1.40) or <c>ERR syntax error</c> (v1.35)
    /// (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands).
    /// </summary>
    public static class CommandSupport
    {
        /// <summary>True or false as the node says; null when it refuses COMMAND INFO (an ACL, say), so it cannot tell.</summary>
        public static async Task<bool?> KnowsAsync(NodeClient node, string command, CancellationToken cancellationToken)
        {
            ReplyValue reply;
            try
            {
                reply = await node.ExecuteAsync("COMMAND", new object[] { "INFO", command }, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
            return Knows(reply);
        }

        /// <summary>
        /// Whether Redis replicas can replicate the node (it knows PSYNC): observed where the node says, and
        /// predicted from its flavor (<see cref="Info.FlavorCapabilities.CanServeRedisReplicas"/>) only when it will not.
        /// </summary>
        public static async Task<bool> ServesRedisReplicasAsync(NodeClient node, CancellationToken cancellationToken) =>
            await KnowsAsync(node, "PSYNC", cancellationToken).ConfigureAwait(false) ?? node.Capabilities.CanServeRedisReplicas;

        /// <summary>Reads one <c>COMMAND INFO name</c> reply in either server's shape.</summary>
        public static bool Knows(ReplyValue reply)
        {
            if (reply.IsNull || reply.Items == null || reply.Items.Count == 0) return false;
            var entry = reply.Items[0];
            return !entry.IsNull && entry.Items != null && entry.Items.Count > 0;
        }
    }
}

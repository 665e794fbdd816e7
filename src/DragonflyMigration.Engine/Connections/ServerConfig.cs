using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Reads and changes a node's runtime settings (<c>CONFIG GET/SET</c>), replica-priority above
    /// all: the setting that decides whether Sentinel may promote a node.
    /// </summary>
    public static class ServerConfig
    {
        private const string PriorityRemedy = "Start the node with the wanted replica priority (Dragonfly before v1.21 cannot change it while running).";

        /// <summary>The node's replica-priority from INFO (Redis prints it there) or CONFIG GET; null when it tells neither.</summary>
        public static async Task<long?> ReadReplicaPriorityAsync(NodeClient node, CancellationToken cancellationToken)
        {
            var info = await node.InfoAsync("replication", cancellationToken).ConfigureAwait(false);
            var fromInfo = info.GetInt64("slave_priority") ?? info.GetInt64("replica_priority");
            if (fromInfo.HasValue) return fromInfo;
            try
            {
                var fields = (await node.ExecuteAsync("CONFIG", new object[] { "GET", "replica-priority" }, cancellationToken).ConfigureAwait(false)).AsFields();
                // Dragonfly names its settings with underscores (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands).
                var text = fields.TryGetValue("replica-priority", out var dashed) ? dashed : fields.TryGetValue("replica_priority", out var underscored) ? underscored : null;
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (long?)null;
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
        }

        public static Task SetReplicaPriorityAsync(NodeClient node, long priority, CancellationToken cancellationToken) =>
            SetAsync(node, "replica-priority", priority.ToString(CultureInfo.InvariantCulture), PriorityRemedy, cancellationToken);

        /// <summary>
        /// CONFIG SET. A server's refusal is <see cref="MigrationErrorKind.TargetSettingRefused"/>; a lost
        /// connection stays <see cref="MigrationErrorKind.CommandFailed"/>, so callers may retry it.
        /// </summary>
        public static async Task SetAsync(NodeClient node, string name, string value, string remedy, CancellationToken cancellationToken)
        {
            try
            {
                await node.ExecuteAsync("CONFIG", new object[] { "SET", name, value }, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                // The server's text may quote the value (a password): name only the setting.
                throw new MigrationException(MigrationErrorKind.TargetSettingRefused,
                    $"{node.Endpoint} refused to set {name} while running.", node.Endpoint.ToString())
                { Remedy = remedy, ServerError = ex.ServerError };
            }
        }
    }
}

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>One page of <c>SCAN</c> over a database; a returned cursor of "0" means the walk is done.</summary>
    public static class KeyScan
    {
        public const string Start = "0";

        public static async Task<(string Cursor, IReadOnlyList<string> Keys)> PageAsync(NodeClient node, int database, string cursor, int count, CancellationToken cancellationToken)
        {
            var reply = await node.ExecuteAsync(database, "SCAN", new object[] { cursor, "COUNT", count }, cancellationToken).ConfigureAwait(false);
            return reply.AsScanPage();
        }
    }
}

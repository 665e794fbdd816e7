using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Tests.Integration;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>The acknowledged writes a node does not hold: each one is a lost write.</summary>
    internal static class LostWrites
    {
        public static async Task<(int Acknowledged, long Lost)> CountAsync(SentinelAwareWriter writer, NodeClient primary)
        {
            var acknowledged = writer.Acknowledged.ToArray();
            return (acknowledged.Length, await CountAsync(acknowledged, primary));
        }

        /// <summary>How many of the acknowledged keys the node lacks.</summary>
        public static async Task<long> CountAsync(string[] acknowledged, NodeClient primary)
        {
            long lost = 0;
            foreach (var batch in acknowledged.Chunk(1000))
            {
                // One EXISTS per batch counts the keys present: fewer than asked means some were lost.
                lost += batch.Length - (await primary.ExecuteAsync("EXISTS", batch.Cast<object>().ToArray(), CancellationToken.None)).AsInt64();
            }
            return lost;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>Writes keys of every common type, some with a TTL, so rehearsals move realistic data.</summary>
    public static class SampleData
    {
        private const int Batch = 2000;

        public static async Task WriteAsync(NodeClient node, int keyCount, CancellationToken cancellationToken)
        {
            var pending = new List<Task>(Batch);
            for (var i = 0; i < keyCount; i++)
            {
                foreach (var (command, args) in CommandsFor(i)) pending.Add(node.ExecuteAsync(command, args, cancellationToken));
                if (pending.Count >= Batch)
                {
                    await Task.WhenAll(pending).ConfigureAwait(false);
                    pending.Clear();
                }
            }
            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        internal static IEnumerable<(string Command, object[] Args)> CommandsFor(int i)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            string key;
            switch (i % 5)
            {
                case 0:
                    key = "sample:string:" + n;
                    yield return ("SET", new object[] { key, "value-" + n + new string('x', i % 64) });
                    break;
                case 1:
                    key = "sample:hash:" + n;
                    yield return ("HSET", new object[] { key, "name", "item " + n, "count", i, "flag", i % 2 });
                    break;
                case 2:
                    key = "sample:list:" + n;
                    yield return ("RPUSH", new object[] { key, "a" + n, "b" + n, "c" + n });
                    break;
                case 3:
                    key = "sample:set:" + n;
                    yield return ("SADD", new object[] { key, "x" + n, "y" + n });
                    break;
                default:
                    key = "sample:zset:" + n;
                    yield return ("ZADD", new object[] { key, 1, "one" + n, 2, "two" + n });
                    break;
            }
            if (i % 10 == 7) yield return ("EXPIRE", new object[] { key, 86400 + i });
        }
    }
}

using DragonflyMigration.Engine;
using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>Small helpers for tests that drive real servers.</summary>
    internal static class Servers
    {
        public static Task<NodeClient> Connect(NodeEndpoint endpoint) =>
            NodeConnector.ConnectAsync(endpoint, new ConnectionSettings(), CancellationToken.None);

        public static Task<SandboxTopology> StartPair(int sampleKeys = 0) =>
            SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, SampleKeyCount = sampleKeys, RedisTarget = true }, NullObserver.Instance, CancellationToken.None);

        public static async Task<long> DbSize(NodeClient node) =>
            (await node.ExecuteAsync("DBSIZE", Array.Empty<object>(), CancellationToken.None)).AsInt64();

        public static Task Run(NodeClient node, string command, params object[] args) =>
            node.ExecuteAsync(command, args, CancellationToken.None);

        /// <summary>Writes distinct keys in pipelined batches until cancelled; returns how many were acknowledged.</summary>
        public static Task<long> WriteUntil(NodeEndpoint endpoint, CancellationToken stop, string prefix = "w:", int valueSize = 0, int batch = 32) => Task.Run(async () =>
        {
            using var node = await Connect(endpoint);
            var padding = new string('x', valueSize);
            long written = 0;
            var pending = new Task[batch];
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < batch; i++)
                {
                    var n = written + i;
                    pending[i] = node.ExecuteAsync("SET", new object[] { prefix + n, "v" + n + padding }, CancellationToken.None);
                }
                await Task.WhenAll(pending);
                written += batch;
            }
            return written;
        });
    }
}

using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Replication;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class SourceFenceTests
    {
        private sealed class RecordingObserver : IOperationObserver
        {
            public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();
            public void Log(string message) => Lines.Enqueue(message);
            public void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null) { }
            public void Milestone(CutoverMilestone milestone) => Lines.Enqueue(milestone.Message);
        }

        private static void Signal(int pid, string signal) => System.Diagnostics.Process.Start("kill", $"-{signal} {pid}")!.WaitForExit();

        [Fact]
        public async Task AStepWithoutAnAnswerRunsAgainOnANewConnection()
        {
            using var sandbox = await StartPair();
            using var source = await Connect(sandbox.Source.Endpoint);
            using var target = await Connect(sandbox.Target!.Endpoint);
            await Run(source, "CLIENT", "PAUSE", "10000", "WRITE");
            var observer = new RecordingObserver();

            // The old primary stops answering for longer than a step may take, as when its connection
            // to us was cut without our noticing.
            var pid = sandbox.Source.ProcessId;
            Signal(pid, "STOP");
            Task fence;
            try
            {
                fence = new SourceFence(source, target, new MinReplicas(0, 10), observer).RunAsync(CancellationToken.None);
                await Task.Delay(700);
            }
            finally
            {
                Signal(pid, "CONT");
            }
            await fence;

            Assert.Contains(observer.Lines, l => l.Contains("trying again on a new connection"));
            var info = await source.InfoAsync("replication", CancellationToken.None);
            Assert.Equal("slave", info.Get("role"));
            Assert.Equal(sandbox.Target.Endpoint.Port.ToString(), info.Get("master_port"));
            Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(source, CancellationToken.None));
            // Unpaused: once it is a primary again, a write is answered long before the 10 s pause would end.
            await Run(source, "REPLICAOF", "NO", "ONE");
            using var primary = await Connect(sandbox.Source.Endpoint);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await primary.ExecuteAsync("SET", new object[] { "after-fence", "1" }, bound.Token);
        }
    }
}

using DragonflyMigration.Engine;
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sandbox;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class SandboxTests
    {
        [Fact]
        public async Task StartsTheRequestedTopologyAndRemovesItAfterwards()
        {
            var sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { ReplicaCount = 1, SentinelCount = 3, Quorum = 2, SampleKeyCount = 1000, FastSentinelTimers = true }, NullObserver.Instance, CancellationToken.None);
            var pids = sandbox.Servers.Select(s => s.ProcessId).ToArray();
            try
            {
                Assert.Equal(3, sandbox.Sentinels.Count);
                Assert.Single(sandbox.Replicas);
                Assert.NotNull(sandbox.Target);
                using var source = await NodeConnector.ConnectAsync(sandbox.Source.Endpoint, new ConnectionSettings(), CancellationToken.None);
                Assert.Equal(1000L, (await source.ExecuteAsync("DBSIZE", Array.Empty<object>(), CancellationToken.None)).AsInt64());
                using var sentinel = await NodeConnector.ConnectAsync(sandbox.Sentinels[0].Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
                var addr = await sentinel.ExecuteAsync("SENTINEL", new object[] { "GET-MASTER-ADDR-BY-NAME", "mymaster" }, CancellationToken.None);
                Assert.Equal(sandbox.Source.Endpoint.Port.ToString(), addr.Items![1].AsText());
                var ckquorum = await sentinel.ExecuteAsync("SENTINEL", new object[] { "CKQUORUM", "mymaster" }, CancellationToken.None);
                Assert.StartsWith("OK", ckquorum.AsText());
            }
            finally
            {
                sandbox.Dispose();
            }
            Assert.False(Directory.Exists(sandbox.Directory));
            Assert.All(pids, pid => Assert.False(IsRunning(pid)));
        }

        [Fact]
        public async Task RemovesSandboxesWhoseOwnerDied()
        {
            var sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, WithoutTarget = true }, NullObserver.Instance, CancellationToken.None);
            var orphanPid = sandbox.Source.ProcessId;
            // Pretend the owner was killed: point the owner file at a process id that cannot exist.
            File.WriteAllText(Path.Combine(sandbox.Directory, "owner.pid"), int.MaxValue.ToString());
            SandboxJanitor.SweepOrphans();
            Assert.False(Directory.Exists(sandbox.Directory));
            Assert.False(IsRunning(orphanPid));
            sandbox.Dispose();
        }

        [Fact]
        public async Task CancellingAStartLeavesNothingBehind()
        {
            var before = Directory.GetDirectories(Path.GetTempPath(), "dfmig-sandbox-*").Length;
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SandboxLauncher.StartAsync(new SandboxOptions { SampleKeyCount = 200000, SentinelCount = 1 }, NullObserver.Instance, cts.Token));
            Assert.True(Directory.GetDirectories(Path.GetTempPath(), "dfmig-sandbox-*").Length <= before);
            // No server may outlive its removed folder.
            foreach (var p in Process.GetProcessesByName("redis-server"))
            {
                var cwd = new FileInfo($"/proc/{p.Id}/cwd");
                var target = cwd.LinkTarget ?? string.Empty;
                Assert.False(target.Contains("dfmig-sandbox-") && !Directory.Exists(target), $"redis-server {p.Id} runs in a removed sandbox folder {target}");
            }
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using Xunit;
using Xunit.Abstractions;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class CutoverTests
    {
        private readonly ITestOutputHelper _output;

        public CutoverTests(ITestOutputHelper output) => _output = output;

        private sealed class Rehearsal : IDisposable
        {
            public MigrationSandbox Sandbox = null!;
            public NodeClient Source = null!;
            public NodeClient Target = null!;
            public NodeClient[] Sentinels = null!;

            public void Dispose()
            {
                foreach (var s in Sentinels ?? Array.Empty<NodeClient>()) s.Dispose();
                Source?.Dispose();
                Target?.Dispose();
                Sandbox?.Dispose();
            }
        }

        private static async Task<Rehearsal> ReplicatingAsync(int sentinels, int replicas = 0)
        {
            var r = new Rehearsal();
            r.Sandbox = await SandboxLauncher.StartAsync(new SandboxOptions
            {
                SentinelCount = sentinels, Quorum = sentinels / 2 + 1, ReplicaCount = replicas, RedisTarget = true, SampleKeyCount = 1000, FastSentinelTimers = true,
                DownAfterMilliseconds = 10000, FailoverTimeoutMilliseconds = 20000,
            }, NullObserver.Instance, CancellationToken.None);
            r.Source = await Connect(r.Sandbox.Source.Endpoint);
            r.Target = await Connect(r.Sandbox.Target!.Endpoint);
            r.Sentinels = await Task.WhenAll(r.Sandbox.Sentinels.Select(s => NodeConnector.ConnectAsync(s.Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None)));
            var plan = await ReplicationStarter.PlanAsync(r.Source, r.Target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(r.Source, r.Target, plan, NullObserver.Instance, CancellationToken.None);
            await SteadyWaiter.WaitAsync(r.Source, r.Target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMinutes(2) }, NullObserver.Instance, CancellationToken.None);
            return r;
        }

        private SentinelCutover Cutover(Rehearsal r, CutoverOptions? options = null) =>
            new SentinelCutover(r.Source, r.Target, r.Sentinels, options ?? new CutoverOptions { MasterName = "mymaster" }, new TestObserver(_output));

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public async Task NoAcknowledgedWriteIsLost(int sentinels)
        {
            using var r = await ReplicatingAsync(sentinels);
            using var writer = new SentinelAwareWriter(r.Sandbox.Sentinels[0].Endpoint, "mymaster");
            await Task.Delay(1500);

            var result = await Cutover(r).RunAsync(CancellationToken.None);
            await Task.Delay(2000);
            writer.Stop();

            Assert.Equal(r.Target.Endpoint.ToString(), result.NewPrimary);
            Assert.Equal(sentinels, result.ConfirmingSentinels.Count);
            Assert.True(result.WritePause < TimeSpan.FromSeconds(2), result.WritePause.ToString());
            var acknowledged = writer.Acknowledged.ToArray();
            Assert.True(acknowledged.Length > 100, $"only {acknowledged.Length} writes");
            var missing = 0;
            foreach (var batch in acknowledged.Chunk(500))
            {
                var exists = await Task.WhenAll(batch.Select(k => r.Target.ExecuteAsync("EXISTS", new object[] { k }, CancellationToken.None)));
                missing += exists.Count(e => e.AsInt64() == 0);
            }
            _output.WriteLine($"acknowledged {acknowledged.Length}, failed {writer.Failed}, lost {missing}, longest gap {writer.LongestGap.TotalMilliseconds:0} ms, pause {result.WritePause.TotalMilliseconds:0} ms");
            Assert.Equal(0, missing);
            Assert.Equal("slave", (await r.Source.InfoAsync("replication", CancellationToken.None)).Get("role"));

            var again = await Cutover(r).RunAsync(CancellationToken.None);
            Assert.True(again.AlreadyCompleted);
        }

        [Fact]
        public async Task AnotherReplicaThatWouldWinIsRefusedAndNothingChanges()
        {
            using var r = await ReplicatingAsync(1, replicas: 1);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, new CutoverOptions { MasterName = "mymaster" }).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.OtherReplicaWouldWin, ex.Kind);
            Assert.Contains(r.Sandbox.Replicas[0].Endpoint.ToString(), ex.Message);
            Assert.Equal(0, await ReplicationStarter.ReadPriorityAsync(r.Target, CancellationToken.None));
        }

        [Fact]
        public async Task ExcludingOtherReplicasLetsTheTargetWin()
        {
            using var r = await ReplicatingAsync(1, replicas: 1);
            var result = await Cutover(r, new CutoverOptions { MasterName = "mymaster", ExcludeOtherReplicas = true }).RunAsync(CancellationToken.None);
            Assert.Equal(r.Target.Endpoint.ToString(), result.NewPrimary);
            Assert.Contains(r.Sandbox.Replicas[0].Endpoint.ToString(), result.ExcludedReplicas);
        }

        [Fact]
        public async Task AWrongMasterNameStopsThePreflight()
        {
            using var r = await ReplicatingAsync(1);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, new CutoverOptions { MasterName = "not-mymaster" }).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.MasterNameUnknown, ex.Kind);
        }

        [Fact]
        public async Task CatchUpNotReachedInThePauseRestoresEverything()
        {
            using var r = await ReplicatingAsync(1);
            // A paused target never catches up: it stands for one that is too slow.
            await Run(r.Target, "DEBUG", "SLEEP", "0");
            using var writer = new SentinelAwareWriter(r.Sandbox.Sentinels[0].Endpoint, "mymaster");
            await Task.Delay(500);
            var sleeping = Task.Run(async () =>
            {
                // Arm takes a moment; then stall the target's replication for longer than the pause.
                await Task.Delay(1500);
                using var side = await Connect(r.Sandbox.Target!.Endpoint);
                await side.ExecuteAsync("DEBUG", new object[] { "SLEEP", "3" }, CancellationToken.None);
            });
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r, new CutoverOptions { MasterName = "mymaster", MaxWritePause = TimeSpan.FromMilliseconds(600) }).RunAsync(CancellationToken.None));
            await sleeping;
            writer.Stop();
            _output.WriteLine(ex.Message);
            Assert.True(ex.Kind == MigrationErrorKind.CatchUpTimeout || ex.Kind == MigrationErrorKind.TargetNotSteady || ex.Kind == MigrationErrorKind.ArmTimeout, ex.Kind + ": " + ex.Message);
            Assert.Contains("restored", ex.Message + "Nothing had been changed");
            Assert.Equal("master", (await r.Source.InfoAsync("replication", CancellationToken.None)).Get("role"));
            Assert.Equal(0, await ReplicationStarter.ReadPriorityAsync(r.Target, CancellationToken.None));
            await Run(r.Source, "SET", "after-abort", "1");
        }

        [Fact]
        public async Task AnUnreachableSentinelStopsThePreflight()
        {
            using var r = await ReplicatingAsync(3);
            r.Sandbox.Sentinels[2].Kill();
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Cutover(r).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.SentinelUnreachable, ex.Kind);
            Assert.Equal(0, await ReplicationStarter.ReadPriorityAsync(r.Target, CancellationToken.None));
        }

        private sealed class TestObserver : IOperationObserver
        {
            private readonly ITestOutputHelper _output;

            public TestObserver(ITestOutputHelper output) => _output = output;

            public void Log(string message) => _output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");

            public void Progress(string phase, string status, double? percent) { }
        }
    }
}

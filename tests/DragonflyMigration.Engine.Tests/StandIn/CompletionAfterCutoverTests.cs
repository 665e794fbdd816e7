using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Engine.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    public class CompletionAfterCutoverTests
    {
        private readonly ITestOutputHelper _output;

        public CompletionAfterCutoverTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// A target that cannot serve replicas, one other Redis replica, three Sentinels: the leader would
        /// reconfigure that replica (it never syncs) until failover-timeout; the cutover makes it end the
        /// failover, so Complete run at once resets no Sentinel mid-failover (which would make it name the
        /// old primary for good) and retires both old nodes.
        /// </summary>
        [Fact]
        public async Task CompleteRightAfterTheCutoverFindsTheFailoverEndedAndRetiresTheOldNodes()
        {
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_40, new SandboxOptions
            {
                SentinelCount = 3, Quorum = 2, ReplicaCount = 1, SampleKeyCount = 500, FastSentinelTimers = true,
                DownAfterMilliseconds = 10000, FailoverTimeoutMilliseconds = 20000,
            });
            var log = new TestObserver(_output);
            await r.ReplicateAsync(log);
            var result = await new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = r.Sandbox.MasterName, ExcludeOtherReplicas = true }, log)
                .RunAsync(CancellationToken.None);
            Assert.Null(result.SentinelFailoverNote);

            var plan = await MigrationCompletion.PlanAsync(r.Sentinels, r.Sandbox.MasterName, null, new ConnectionSettings(), true, log, CancellationToken.None);
            Assert.Equal(r.TargetEndpoint, plan.Primary);
            Assert.Equal(new[] { r.Sandbox.Source.Endpoint, r.Sandbox.Replicas[0].Endpoint }.Select(e => e.ToString()).OrderBy(e => e),
                plan.Nodes.Select(n => n.ToString()).OrderBy(e => e));
            await MigrationCompletion.ApplyAsync(r.Sentinels, plan, new ConnectionSettings(), log, CancellationToken.None);

            foreach (var sentinel in r.Sentinels)
            {
                var state = await SentinelInspector.ReadAsync(sentinel, r.Sandbox.MasterName, CancellationToken.None);
                Assert.Equal(r.TargetEndpoint, state.Primary);
                Assert.Empty(SentinelGroupRules.InFailover(new[] { state }));
            }
            // A Sentinel-aware client asking any Sentinel finds the new primary.
            foreach (var sentinel in r.Sandbox.Sentinels)
            {
                using var writer = new SentinelAwareWriter(sentinel.Endpoint, r.Sandbox.MasterName);
                await Task.Delay(500);
                writer.Stop();
                var key = writer.Acknowledged.First();
                Assert.Equal(1, (await r.Target.ExecuteAsync("EXISTS", new object[] { key }, CancellationToken.None)).AsInt64());
            }
        }
    }
}

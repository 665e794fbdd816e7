using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Engine.Tests.Integration;
using DragonflyMigration.Engine.Verification;
using Xunit;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// The end-to-end path (replicate, compare, cut over under a Sentinel-aware writer, complete) against
    /// every target kind: Redis, the Dragonfly stand-in's profiles, and a real Dragonfly when one is present.
    /// </summary>
    public class TargetMatrixTests
    {
        private readonly ITestOutputHelper _output;

        public TargetMatrixTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<TargetKind> Targets()
        {
            var data = new TheoryData<TargetKind>();
            foreach (var row in TargetKinds.Available()) data.Add((TargetKind)row[0]);
            return data;
        }

        public static TheoryData<TargetKind, int> TargetsAndSentinels()
        {
            var data = new TheoryData<TargetKind, int>();
            foreach (var row in TargetKinds.Available())
            foreach (var sentinels in new[] { 1, 3 })
                data.Add((TargetKind)row[0], sentinels);
            return data;
        }

        [Theory]
        [MemberData(nameof(Targets))]
        public async Task ReplicationBecomesSteadyAndTheKeyspacesCompareEqual(TargetKind kind)
        {
            using var r = await TargetRehearsal.StartAsync(kind, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 2000 });
            await r.ReplicateAsync(new TestObserver(_output));
            var comparison = await KeyspaceComparer.CompareAsync(r.Source, r.Target, new KeyspaceComparisonOptions { Full = true }, NullObserver.Instance, CancellationToken.None);
            Assert.Empty(comparison.Differences);
            Assert.All(comparison.Databases, d => Assert.Equal(d.SourceKeys, d.TargetKeys));
            Assert.Equal(2000, comparison.Databases.Sum(d => d.SourceKeys));
        }

        [Theory]
        [MemberData(nameof(TargetsAndSentinels))]
        public async Task TheCutoverLosesNoAcknowledgedWriteAndCompleteRetiresTheOldPrimary(TargetKind kind, int sentinels)
        {
            // Sentinel's default timers: the tool must wait for Sentinel, not the other way round.
            using var r = await TargetRehearsal.StartAsync(kind, new SandboxOptions { SentinelCount = sentinels, Quorum = sentinels / 2 + 1, SampleKeyCount = 1000 });
            var log = new TestObserver(_output);
            await r.ReplicateAsync(log);
            using var writer = new SentinelAwareWriter(r.Sandbox.Sentinels[0].Endpoint, r.Sandbox.MasterName);
            await Task.Delay(1000);

            var result = await new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = r.Sandbox.MasterName }, log).RunAsync(CancellationToken.None);
            await Task.Delay(2000);
            writer.Stop();

            Assert.Equal(r.TargetEndpoint.ToString(), result.NewPrimary);
            Assert.Equal(sentinels, result.ConfirmingSentinels.Count);
            var acknowledged = writer.Acknowledged.ToArray();
            Assert.True(acknowledged.Length > 100, $"only {acknowledged.Length} writes");
            long missing = 0;
            foreach (var batch in acknowledged.Chunk(1000))
            {
                // One EXISTS per batch counts the keys present: fewer than asked means some were lost.
                missing += batch.Length - (await r.Target.ExecuteAsync("EXISTS", batch.Cast<object>().ToArray(), CancellationToken.None)).AsInt64();
            }
            _output.WriteLine($"{kind}, {sentinels} Sentinel(s): acknowledged {acknowledged.Length}, failed {writer.Failed}, lost {missing}, pause {result.WritePause.TotalMilliseconds:0} ms");
            Assert.Equal(0, missing);

            // Complete with its default choice of nodes: every node the new primary cannot serve.
            var plan = await MigrationCompletion.PlanAsync(r.Sentinels, r.Sandbox.MasterName, null, new ConnectionSettings(), false, log, CancellationToken.None);
            Assert.Equal(r.TargetEndpoint, plan.Primary);
            var canServe = kind == TargetKind.Redis;
            Assert.Equal(canServe ? Array.Empty<string>() : new[] { r.Sandbox.Source.Endpoint.ToString() }, plan.Nodes.Select(n => n.ToString()));
            await MigrationCompletion.ApplyAsync(r.Sentinels, plan, new ConnectionSettings(), log, CancellationToken.None);
            foreach (var sentinel in r.Sentinels)
            {
                var state = await SentinelInspector.ReadAsync(sentinel, r.Sandbox.MasterName, CancellationToken.None);
                Assert.Equal(r.TargetEndpoint, state.Primary);
                if (!canServe) Assert.DoesNotContain(state.Replicas, c => c.Endpoint.Equals(r.Sandbox.Source.Endpoint));
            }
        }
    }
}

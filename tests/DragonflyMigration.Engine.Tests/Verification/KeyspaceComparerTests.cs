using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Verification;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Verification
{
    public class KeyspaceComparerTests
    {
        /// <summary>A source with sample data and a target holding an exact copy, no longer replicating.</summary>
        private static async Task<(SandboxTopology Sandbox, NodeClient Source, NodeClient Target)> IdenticalPairAsync()
        {
            var sandbox = await StartPair(sampleKeys: 1000);
            var source = await Connect(sandbox.Source.Endpoint);
            var target = await Connect(sandbox.Target!.Endpoint);
            await Run(source, "SELECT", "0");
            await source.ExecuteAsync(3, "SET", new object[] { "in-db3", "x" }, CancellationToken.None);
            var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
            await SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(2) }, NullObserver.Instance, CancellationToken.None);
            await ReplicationStopper.StopAsync(target, 100, NullObserver.Instance, CancellationToken.None);
            return (sandbox, source, target);
        }

        private static Task<KeyspaceComparison> Compare(NodeClient s, NodeClient t, bool full, int sample = 1000) =>
            KeyspaceComparer.CompareAsync(s, t, new KeyspaceComparisonOptions { Full = full, SampleSize = sample }, NullObserver.Instance, CancellationToken.None);

        [Fact]
        public async Task AnIdenticalPairHasNoDifferences()
        {
            var (sandbox, source, target) = await IdenticalPairAsync();
            using (sandbox) using (source) using (target)
            {
                var full = await Compare(source, target, full: true);
                Assert.Empty(full.Differences);
                Assert.Equal(1001, full.KeysCompared);
                var db0 = full.Databases.Single(d => d.Database == 0);
                Assert.Equal(db0.SourceKeys, db0.TargetKeys);
                Assert.Equal(db0.SourcePersistentKeys, db0.TargetPersistentKeys);
                Assert.Contains(full.Databases, d => d.Database == 3 && d.SourceKeys == 1 && d.TargetKeys == 1);
            }
        }

        [Fact]
        public async Task PlantedDifferencesAreFoundByKind()
        {
            var (sandbox, source, target) = await IdenticalPairAsync();
            using (sandbox) using (source) using (target)
            {
                await Run(target, "DEL", "sample:string:0");                       // missing
                await Run(target, "SET", "sample:string:5", "changed");            // changed value
                await Run(target, "DEL", "sample:hash:1");                         // changed type
                await Run(target, "SADD", "sample:hash:1", "now-a-set");
                await Run(target, "PERSIST", "sample:list:7");                     // dropped TTL (i % 10 == 7 has one)

                var result = await Compare(source, target, full: true);
                Assert.Equal(4, result.Differences.Count);
                Assert.Contains(result.Differences, d => d.Key == "sample:string:0" && d.Kind == DifferenceKind.Missing);
                Assert.Contains(result.Differences, d => d.Key == "sample:string:5" && d.Kind == DifferenceKind.ValueMismatch && d.Target == "changed");
                Assert.Contains(result.Differences, d => d.Key == "sample:hash:1" && d.Kind == DifferenceKind.TypeMismatch && d.Target == "set");
                Assert.Contains(result.Differences, d => d.Key == "sample:list:7" && d.Kind == DifferenceKind.TtlMismatch && d.Target == "no expiry");
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task AKeyOnlyTheTargetHoldsIsReported(bool full)
        {
            // A DEL the target dropped from the stream leaves such a key behind.
            var (sandbox, source, target) = await IdenticalPairAsync();
            using (sandbox) using (source) using (target)
            {
                await Run(source, "DEL", "sample:string:0");
                // A sample as large as the keyspace reads all of it, so the one extra key is found either way.
                var result = await Compare(source, target, full, sample: 4000);
                var extra = Assert.Single(result.Differences);
                Assert.Equal(DifferenceKind.OnlyOnTarget, extra.Kind);
                Assert.Equal("sample:string:0", extra.Key);
                Assert.True(result.TargetKeysChecked > 0);
            }
        }

        [Fact]
        public async Task ASampleReadsOnlyTheSample()
        {
            var (sandbox, source, target) = await IdenticalPairAsync();
            using (sandbox) using (source) using (target)
            {
                var result = await Compare(source, target, full: false, sample: 50);
                Assert.InRange(result.KeysCompared, 1, 52);
                Assert.Empty(result.Differences);
            }
        }
    }
}

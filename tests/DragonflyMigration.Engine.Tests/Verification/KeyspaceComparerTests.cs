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
            var (sandbox, source, target) = await ReplicatingPairAsync();
            await ReplicationStopper.StopAsync(target, 100, NullObserver.Instance, CancellationToken.None);
            return (sandbox, source, target);
        }

        /// <summary>A source with sample data and a target replicating it, steady.</summary>
        private static async Task<(SandboxTopology Sandbox, NodeClient Source, NodeClient Target)> ReplicatingPairAsync()
        {
            var sandbox = await StartPair(sampleKeys: 1000);
            var source = await Connect(sandbox.Source.Endpoint);
            var target = await Connect(sandbox.Target!.Endpoint);
            await Run(source, "SELECT", "0");
            await source.ExecuteAsync(3, "SET", new object[] { "in-db3", "x" }, CancellationToken.None);
            var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
            await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
            await SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(2) }, NullObserver.Instance, CancellationToken.None);
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
    
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task ALivePairUnderWritesMatchesOnceKeysInFlightArrive(bool full)
        {
            // A writer adds keys all along: some are read on the source before the target has them.
            var (sandbox, source, target) = await ReplicatingPairAsync();
            using (sandbox) using (source) using (target)
            using (var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                var writer = WriteUntil(sandbox.Source.Endpoint, stop.Token, prefix: "live:", batch: 8);
                await Task.Delay(200);
                var result = await Compare(source, target, full, sample: 2000);
                stop.Cancel();
                Assert.True(await writer > 0);
                Assert.True(result.Live);
                Assert.Empty(result.Warnings);
                Assert.Empty(result.Differences);
                Assert.True(result.CountsMatch, string.Join(", ", result.Databases.Select(d => $"db{d.Database} {d.SourcePersistentKeys}/{d.TargetPersistentKeys}")));
            }
        }

        [Fact]
        public async Task ALivePairStillReportsAKeyTheTargetNeverGets()
        {
            var (sandbox, source, target) = await ReplicatingPairAsync();
            using (sandbox) using (source) using (target)
            {
                // Written on the target alone (a replica refuses writes unless told otherwise).
                await Run(target, "CONFIG", "SET", "replica-read-only", "no");
                await Run(target, "SET", "sample:string:5", "changed");
                var result = await Compare(source, target, full: true);
                Assert.True(result.Live);
                var changed = Assert.Single(result.Differences);
                Assert.Equal("sample:string:5", changed.Key);
            }
        }

        [Fact]
        public async Task TwoPrimariesThatDoNotFeedEachOtherAreComparedWithAWarning()
        {
            var (sandbox, source, target) = await IdenticalPairAsync();
            using (sandbox) using (source) using (target)
            {
                var result = await Compare(source, target, full: false, sample: 10);
                Assert.False(result.Live);
                Assert.Contains("both primaries and neither replicates the other", Assert.Single(result.Warnings));
            }
        }

        [Fact]
        public void TheTargetsCountMayLieBetweenTheSourcesBeforeAndAfter()
        {
            DatabaseCounts Db(int db, long source, long target) => new DatabaseCounts { Database = db, SourcePersistentKeys = source, TargetPersistentKeys = target };
            Assert.True(ComparedPair.InFlightCountsMatch(new[] { Db(0, 100, 105) }, new[] { Db(0, 110, 105) }));
            Assert.True(ComparedPair.InFlightCountsMatch(new[] { Db(0, 110, 105) }, new[] { Db(0, 100, 105) }));
            Assert.True(ComparedPair.InFlightCountsMatch(new[] { Db(0, 7, 7) }, new[] { Db(0, 7, 7) }));
            Assert.False(ComparedPair.InFlightCountsMatch(new[] { Db(0, 100, 99) }, new[] { Db(0, 110, 99) }));
            Assert.False(ComparedPair.InFlightCountsMatch(new[] { Db(0, 100, 111) }, new[] { Db(0, 110, 111) }));
            // A database only one side has: the source created it after the first look.
            Assert.True(ComparedPair.InFlightCountsMatch(new[] { Db(0, 5, 5) }, new[] { Db(0, 5, 5), Db(1, 3, 0) }));
            Assert.False(ComparedPair.InFlightCountsMatch(new[] { Db(1, 3, 0) }, new[] { Db(1, 3, 0) }));
            // The old primary following the new one: the target is the primary whose counts bracket.
            Assert.True(ComparedPair.InFlightCountsMatch(new[] { Db(0, 105, 100) }, new[] { Db(0, 105, 110) }, primaryIsSource: false));
            Assert.False(ComparedPair.InFlightCountsMatch(new[] { Db(0, 105, 100) }, new[] { Db(0, 105, 110) }));
        }
    }
}

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Readiness;
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

        /// <summary>1 and 3 Sentinels alone, and 3 with one more Redis replica (which a Dragonfly target cannot serve).</summary>
        public static TheoryData<TargetKind, int, int> TargetsSentinelsAndReplicas()
        {
            var data = new TheoryData<TargetKind, int, int>();
            foreach (var row in TargetKinds.Available())
            foreach (var (sentinels, replicas) in new[] { (1, 0), (3, 0), (3, 1) })
                data.Add((TargetKind)row[0], sentinels, replicas);
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
        [MemberData(nameof(TargetsSentinelsAndReplicas))]
        public async Task TheCutoverLosesNoAcknowledgedWriteAndCompleteRetiresTheOldPrimary(TargetKind kind, int sentinels, int replicas)
        {
            // Sentinel's default timers: the tool must wait for Sentinel, not the other way round.
            using var r = await TargetRehearsal.StartAsync(kind, new SandboxOptions { SentinelCount = sentinels, Quorum = sentinels / 2 + 1, ReplicaCount = replicas, SampleKeyCount = 1000 });
            var log = new TestObserver(_output);
            await r.ReplicateAsync(log);
            // Readiness, run once replication is steady and before the window, passes every check the cutover's
            // preflight would refuse on (a v1.21 target shows the role Sentinel reads only once it replicates).
            var readiness = await ReadinessAssessor.AssessAsync(r.Source, r.Target, r.Sentinels, r.Sandbox.MasterName, new ReadinessThresholds(), ReadinessCatalog.All, log, CancellationToken.None);
            Assert.Empty(readiness.Where(c => c.Status == CheckStatus.Fail && PreflightRefuses.Contains(c.Name)).Select(c => c.ToString()));
            // Both client libraries write through Sentinel: StackExchange.Redis follows +switch-master,
            // redis-py (5 s socket timeout) asks SENTINEL MASTERS again after an error.
            using var writer = new SentinelAwareWriter(r.Sandbox.Sentinels[0].Endpoint, r.Sandbox.MasterName);
            using var pyWriter = new RedisPyWriter(r.Sandbox.SentinelEndpoints.ToArray(), r.Sandbox.MasterName, r.Sandbox.Directory);
            await Task.Delay(1500);

            CutoverResult result;
            using (var watch = new SwitchWatch(r.TargetEndpoint, r.Sandbox.SentinelEndpoints, r.Sandbox.MasterName))
            {
                result = await new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = r.Sandbox.MasterName, ExcludeOtherReplicas = true }, log).RunAsync(CancellationToken.None);
                for (var i = 0; i < 100 && watch.SwitchAfterPromotion == null; i++) await Task.Delay(100);
                await Task.Delay(3000);
                writer.Stop();
                pyWriter.Stop();
                Assert.Equal(r.TargetEndpoint.ToString(), result.NewPrimary);
                Assert.Equal(sentinels, result.ConfirmingSentinels.Count);
                var lostSe = await MissingAsync(r, writer.Acknowledged.ToArray());
                var lostPy = await MissingAsync(r, pyWriter.Acknowledged);
                _output.WriteLine($"{kind}, {sentinels} Sentinel(s), {replicas} other replica(s): acknowledged {writer.Acknowledged.Count}/{pyWriter.Acknowledged.Length}, failed {writer.Failed}, "
                    + $"lost {lostSe}/{lostPy}, pause {result.WritePause.TotalMilliseconds:0} ms, longest gap {writer.LongestGap.TotalMilliseconds:0}/{pyWriter.LongestGap.TotalMilliseconds:0} ms, "
                    + $"Sentinels switched {(watch.SwitchAfterPromotion is { } s ? s.TotalMilliseconds.ToString("0") : "never")} ms after the promotion ({pyWriter.Summary})");
                Assert.True(writer.Acknowledged.Count > 100, $"only {writer.Acknowledged.Count} StackExchange.Redis writes");
                Assert.True(pyWriter.Acknowledged.Length > 100, $"only {pyWriter.Acknowledged.Length} redis-py writes ({pyWriter.Summary})");
                Assert.Equal(0, lostSe);
                Assert.Equal(0, lostPy);
                Assert.NotNull(watch.SwitchAfterPromotion);
                // A failover-timeout the run lowered to end the failover is back on every Sentinel.
                foreach (var sentinel in r.Sentinels)
                    Assert.Equal(SandboxOptions.SentinelDefaultFailoverTimeoutMilliseconds, (await SentinelInspector.ReadAsync(sentinel, r.Sandbox.MasterName, CancellationToken.None)).FailoverTimeoutMilliseconds);
            }

            // Complete with its default choice of nodes: every node the new primary cannot serve.
            var plan = await MigrationCompletion.PlanAsync(r.Sentinels, r.Sandbox.MasterName, null, new ConnectionSettings(), false, log, CancellationToken.None);
            Assert.Equal(r.TargetEndpoint, plan.Primary);
            var canServe = kind == TargetKind.Redis;
            var stale = canServe ? Array.Empty<string>() : new[] { r.Sandbox.Source.Endpoint.ToString() }.Concat(r.Sandbox.Replicas.Select(x => x.Endpoint.ToString())).OrderBy(x => x).ToArray();
            Assert.Equal(stale, plan.Nodes.Select(n => n.ToString()).OrderBy(x => x));
            await MigrationCompletion.ApplyAsync(r.Sentinels, plan, new ConnectionSettings(), log, CancellationToken.None);
            foreach (var sentinel in r.Sentinels)
            {
                var state = await SentinelInspector.ReadAsync(sentinel, r.Sandbox.MasterName, CancellationToken.None);
                Assert.Equal(r.TargetEndpoint, state.Primary);
                if (!canServe) Assert.DoesNotContain(state.Replicas, c => c.Endpoint.Equals(r.Sandbox.Source.Endpoint));
            }
        }

        /// <summary>The readiness checks that judge, ahead of the window, what the cutover's preflight refuses.</summary>
        private static readonly string[] PreflightRefuses =
        {
            "SentinelAgreement", "SentinelQuorum", "SentinelTilt", "SentinelDownAfter", "SentinelPromotion", "TargetVersion", "SentinelAccess", "ToolAccess",
        };

        /// <summary>Acknowledged keys the new primary lacks: one EXISTS per batch counts those present.</summary>
        private static async Task<long> MissingAsync(TargetRehearsal r, string[] acknowledged)
        {
            long missing = 0;
            foreach (var batch in acknowledged.Chunk(1000))
                missing += batch.Length - (await r.Target.ExecuteAsync("EXISTS", batch.Cast<object>().ToArray(), CancellationToken.None)).AsInt64();
            return missing;
        }
    }
}

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Tests.Integration;
using DragonflyMigration.Engine.Tests.StandIn;
using Xunit;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// The cutover with the same round trip on every path (tool, replication, Sentinels, clients) under two
    /// Sentinel-aware writers (StackExchange.Redis and redis-py), onto a Redis target and onto the Dragonfly
    /// v1.40.1 stand-in: it completes and loses nothing, and the write pause grows with the round trip. Each
    /// run also prints how much of the pause was Sentinel's own promotion (from the SENTINEL FAILOVER request
    /// to the target answering as primary; on Redis that includes reopening the probe Sentinel's CLIENT KILL
    /// cut, which fails on Dragonfly). build/Measure-CutoverByLatency.ps1 tabulates the line each run prints.
    /// </summary>
    [Collection(FaultsCollection.Name)]
    public sealed class LatencyTests
    {
        private readonly ITestOutputHelper _output;

        public LatencyTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(1, TargetKind.Redis)]
        [InlineData(10, TargetKind.Redis)]
        [InlineData(50, TargetKind.Redis)]
        [InlineData(1, TargetKind.StandIn1_40)]
        [InlineData(10, TargetKind.StandIn1_40)]
        [InlineData(50, TargetKind.StandIn1_40)]
        public async Task TheCutoverCompletesAndLosesNothing(int roundTripMs, TargetKind target)
        {
            using var r = await ProxiedRehearsal.StartAsync(1, TimeSpan.FromMilliseconds(roundTripMs), standIn: TargetKinds.Profile(target));
            var requested = TimeSpan.Zero;
            var promoted = TimeSpan.Zero;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var log = new TestObserver(_output, onMilestone: m =>
            {
                if (m.Kind == CutoverMilestoneKind.FailoverRequested) requested = clock.Elapsed;
                if (m.Kind == CutoverMilestoneKind.Promoted) promoted = clock.Elapsed;
            });
            await r.ReplicateAsync(log);
            using var writer = r.StartWriter();
            // The second client library, through the same delaying proxies: it asks Sentinel again only after an error or a timeout.
            using var pyWriter = new RedisPyWriter(r.SentinelFronts.Select(f => f.Endpoint).ToArray(), ProxiedRehearsal.MasterName, r.Sandbox.Directory);
            await Task.Delay(1500);

            var result = await new SentinelCutover(r.Source, r.Target, r.Sentinels, new CutoverOptions { MasterName = ProxiedRehearsal.MasterName }, log).RunAsync(CancellationToken.None);
            await Task.Delay(2000);
            writer.Stop();
            pyWriter.Stop();

            Assert.Single(result.ConfirmingSentinels);
            using var primary = await r.ConnectPrimaryAsync();
            Assert.Equal(r.TargetServer, primary.Endpoint);
            var (acknowledged, lost) = await LostWrites.CountAsync(writer, primary);
            var pyAcknowledged = pyWriter.Acknowledged;
            var pyLost = await LostWrites.CountAsync(pyAcknowledged, primary);
            _output.WriteLine($"RTT {roundTripMs} ms, {target}: acknowledged {acknowledged}, failed {writer.Failed}, lost {lost}, pause {result.WritePause.TotalMilliseconds:0} ms, longest gap {writer.LongestGap.TotalMilliseconds:0} ms, promotion {(promoted - requested).TotalMilliseconds:0} ms; "
                + $"redis-py acknowledged {pyAcknowledged.Length}, lost {pyLost}, longest gap {pyWriter.LongestGap.TotalMilliseconds:0} ms");
            Assert.True(acknowledged > 50, $"only {acknowledged} writes");
            Assert.True(pyAcknowledged.Length > 50, $"only {pyAcknowledged.Length} redis-py writes ({pyWriter.Summary})");
            Assert.Equal(0, lost);
            Assert.Equal(0, pyLost);
            Assert.All(r.Proxies, p => Assert.True(p.Accepted > 0, $"nothing went through {p}"));
        }
    }
}

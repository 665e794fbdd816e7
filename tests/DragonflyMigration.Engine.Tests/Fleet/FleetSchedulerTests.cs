using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Fleet;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Fleet
{
    /// <summary>The plan run's scheduling, server-free: throttle, waves, and one group's failure staying its own.</summary>
    public class FleetSchedulerTests
    {
        private static IReadOnlyList<PlannedGroup> Groups(int count) => Enumerable.Range(1, count)
            .Select(i => new PlannedGroup { MasterName = "g" + i, Source = new NodeEndpoint("10.0.0." + i, 6379), Target = new NodeEndpoint("10.0.1." + i, 6379) })
            .ToList();

        private static GroupOutcome Outcome(PlannedGroup group, int wave, GroupResult result) => new GroupOutcome
        {
            MasterName = group.MasterName, Source = group.Source, Target = group.Target, Wave = wave, Result = result,
            Error = result == GroupResult.Failed ? new MigrationException(MigrationErrorKind.NotReady, "planted", group.MasterName) : null,
        };

        [Fact]
        public async Task NoMoreGroupsRunAtOnceThanTheThrottle()
        {
            var groups = Groups(7);
            var running = 0;
            var most = 0;
            var outcomes = await FleetScheduler.RunAsync(groups, FleetStage.Steady, 3, null, async (i, wave, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                await Task.Delay(20, ct);
                Interlocked.Decrement(ref running);
                return Outcome(groups[i], wave, GroupResult.Succeeded);
            }, CancellationToken.None);

            Assert.InRange(most, 1, 3);
            Assert.Equal(groups.Select(g => g.MasterName), outcomes.Select(o => o.MasterName));
        }

        [Fact]
        public async Task WithoutWavesAFailedGroupLeavesTheOthersRunning()
        {
            var groups = Groups(4);
            var outcomes = await FleetScheduler.RunAsync(groups, FleetStage.CutOver, 4, null,
                (i, wave, ct) => Task.FromResult(Outcome(groups[i], wave, i == 1 ? GroupResult.Failed : GroupResult.Succeeded)), CancellationToken.None);

            Assert.Equal(new[] { GroupResult.Succeeded, GroupResult.Failed, GroupResult.Succeeded, GroupResult.Succeeded }, outcomes.Select(o => o.Result));
            Assert.All(outcomes, o => Assert.Equal(1, o.Wave));
        }

        [Fact]
        public async Task AWaveWithAFailedGroupStopsTheLaterWavesAndTheySayWhy()
        {
            var groups = Groups(5);
            var ran = new List<int>();
            var outcomes = await FleetScheduler.RunAsync(groups, FleetStage.CutOver, 4, 2, (i, wave, ct) =>
            {
                lock (ran) ran.Add(i);
                return Task.FromResult(Outcome(groups[i], wave, i == 3 ? GroupResult.Failed : GroupResult.Succeeded));
            }, CancellationToken.None);

            Assert.Equal(new[] { 0, 1, 2, 3 }, ran.OrderBy(i => i));
            Assert.Equal(new[] { 1, 1, 2, 2, 3 }, outcomes.Select(o => o.Wave));
            Assert.Equal(GroupResult.Skipped, outcomes[4].Result);
            Assert.Equal(MigrationErrorKind.WaveStopped, outcomes[4].Error!.Kind);
            Assert.Contains("wave 2", outcomes[4].Detail);
            Assert.Contains("g4", outcomes[4].Detail);
        }

        [Fact]
        public async Task AWaveStartsOnlyWhenTheOneBeforeHasEnded()
        {
            var groups = Groups(4);
            var ended = new bool[4];
            var outcomes = await FleetScheduler.RunAsync(groups, FleetStage.CutOver, 4, 2, async (i, wave, ct) =>
            {
                if (wave == 2) Assert.True(ended[0] && ended[1], "a second-wave group started before the first wave ended");
                await Task.Delay(i == 0 ? 50 : 5, ct);
                ended[i] = true;
                return Outcome(groups[i], wave, GroupResult.Succeeded);
            }, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Equal(GroupResult.Succeeded, o.Result));
        }

        [Fact]
        public async Task CancellationEndsTheRun()
        {
            var groups = Groups(3);
            using var stop = new CancellationTokenSource();
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FleetScheduler.RunAsync(groups, FleetStage.Steady, 1, null,
                (i, wave, ct) => Task.FromResult(Outcome(groups[i], wave, GroupResult.Succeeded)), stop.Token));
        }

        [Fact]
        public async Task AThrottleOrWaveBelowOneIsRefused()
        {
            var groups = Groups(1);
            Func<int, int, CancellationToken, Task<GroupOutcome>> run = (i, wave, ct) => Task.FromResult(Outcome(groups[i], wave, GroupResult.Succeeded));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FleetScheduler.RunAsync(groups, FleetStage.Steady, 0, null, run, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FleetScheduler.RunAsync(groups, FleetStage.Steady, 1, 0, run, CancellationToken.None));
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}

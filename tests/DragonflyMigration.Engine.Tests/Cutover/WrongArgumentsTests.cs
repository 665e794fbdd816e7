using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>Arguments a new user gets wrong are refused before anything changes, never reported as a finished cutover.</summary>
    public class WrongArgumentsTests
    {
        private static CutoverOptions Options() => new CutoverOptions
        {
            MasterName = "mymaster",
            Steadiness = new SteadyCriteria { StableFor = TimeSpan.Zero, MinimumSamples = 1, SampleInterval = TimeSpan.FromMilliseconds(1) },
        };

        private static Task<CutoverPlan> Plan(FakeCutoverNodes nodes) => new SentinelCutover(nodes, Options(), NullObserver.Instance).PlanAsync(CancellationToken.None);

        [Fact]
        public async Task ASourceAndTargetThatAreOneServerByRunIdAreRefused()
        {
            var nodes = new FakeCutoverNodes { AlreadyDone = true };
            nodes.TargetInfo = nodes.SourceInfo;
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Plan(nodes));
            Assert.Equal(MigrationErrorKind.TargetIsSource, ex.Kind);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task ADragonflySourceWithTheRedisPrimaryAsTargetIsSwappedNotCompleted()
        {
            var nodes = new FakeCutoverNodes { AlreadyDone = true, SourceInfo = "redis_version:7.4.0\r\ndragonfly_version:df-v1.40.1\r\nrun_id:cccc\r\nrole:slave\r\n" };
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Plan(nodes));
            Assert.Equal(MigrationErrorKind.SourceNotPrimary, ex.Kind);
            Assert.Contains("swapped", ex.Message);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task ACompletedCutoverOntoDragonflyIsStillReportedAsCompleted()
        {
            var nodes = new FakeCutoverNodes { AlreadyDone = true, TargetInfo = "redis_version:7.4.0\r\ndragonfly_version:df-v1.40.1\r\nrun_id:cccc\r\nrole:master\r\n" };
            Assert.True((await Plan(nodes)).AlreadyCompleted);
        }
    }
}

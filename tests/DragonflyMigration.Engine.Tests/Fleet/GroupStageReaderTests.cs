using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Fleet;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Fleet
{
    public class GroupStageReaderTests
    {
        private static readonly NodeEndpoint Source = new NodeEndpoint("10.0.1.1", 6379);

        private static ReplicationSnapshot Snapshot(ReplicationState state, long? lagSeconds = null) =>
            new ReplicationSnapshot { Source = "10.0.1.1:6379", Target = "10.0.2.1:6379", State = state, LagSeconds = lagSeconds };

        [Theory]
        [InlineData(ReplicationState.NotReplicating, null, MigrationStage.NotStarted)]
        [InlineData(ReplicationState.Connecting, null, MigrationStage.Replicating)]
        [InlineData(ReplicationState.FullSync, null, MigrationStage.Replicating)]
        [InlineData(ReplicationState.Streaming, 5L, MigrationStage.Replicating)]
        [InlineData(ReplicationState.Streaming, 1L, MigrationStage.Steady)]
        [InlineData(ReplicationState.Streaming, 0L, MigrationStage.Steady)]
        [InlineData(ReplicationState.Broken, null, MigrationStage.Broken)]
        public void BeforeTheCutoverTheStageIsTheReplicationsState(ReplicationState state, long? lagSeconds, MigrationStage expected) =>
            Assert.Equal(expected, GroupStageReader.BeforeCutover(false, Snapshot(state, lagSeconds), Source).Stage);

        [Fact]
        public void AJournalOnTheSourceMeansAnInterruptedRunWhateverTheReplicationSays()
        {
            var reading = GroupStageReader.BeforeCutover(true, Snapshot(ReplicationState.Streaming, 0), Source);
            Assert.Equal(MigrationStage.Interrupted, reading.Stage);
            Assert.Contains("finishes or puts back", reading.Detail);
        }

        [Fact]
        public void AfterTheCutoverItIsCompletedOnceNoOldNodeIsLeftToRetire()
        {
            var target = new NodeEndpoint("10.0.2.1", 6379);
            Assert.Equal(MigrationStage.CutOver, GroupStageReader.AfterCutover(new[] { Source }, target).Stage);
            Assert.Equal(MigrationStage.Completed, GroupStageReader.AfterCutover(System.Array.Empty<NodeEndpoint>(), target).Stage);
        }
    }
}

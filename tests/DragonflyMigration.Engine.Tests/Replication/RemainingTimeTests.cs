using System;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Replication
{
    public class RemainingTimeTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

        private static ReplicationSnapshot Syncing(int second, long read) => new ReplicationSnapshot
        {
            Source = "s:1", Target = "t:2", State = ReplicationState.FullSync, SyncPhase = FullSyncPhase.Transferring,
            SyncBytesRead = read, SyncBytesTotal = 1000, Timestamp = T0.AddSeconds(second),
        };

        [Fact]
        public void AFullSyncIsEstimatedFromTheRateItsPercentageGrows()
        {
            var remaining = new RemainingTime(TimeSpan.FromSeconds(5));
            Assert.Null(remaining.Estimate(Syncing(0, 100), 0));
            // 10% to 30% in 10 s: 70% more takes 35 s, then the 5 s stable window.
            Assert.Equal(TimeSpan.FromSeconds(40), remaining.Estimate(Syncing(10, 300), 0));
        }

        [Fact]
        public void ASyncThatDoesNotMoveHasNoEstimate()
        {
            var remaining = new RemainingTime(TimeSpan.FromSeconds(5));
            remaining.Estimate(Syncing(0, 100), 0);
            Assert.Null(remaining.Estimate(Syncing(10, 100), 0));
        }

        [Fact]
        public void StreamingHasWhatIsLeftOfTheStableWindow()
        {
            var remaining = new RemainingTime(TimeSpan.FromSeconds(10));
            var streaming = new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.Streaming, Timestamp = T0 };
            Assert.Equal(TimeSpan.FromSeconds(7), remaining.Estimate(streaming, 0.3));
        }

        [Fact]
        public void ANewSyncAfterALostLinkStartsItsOwnEstimate()
        {
            var remaining = new RemainingTime(TimeSpan.Zero);
            remaining.Estimate(Syncing(0, 0), 0);
            remaining.Estimate(Syncing(10, 500), 0);
            remaining.Estimate(new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.Broken, Timestamp = T0.AddSeconds(11) }, 0);
            Assert.Null(remaining.Estimate(Syncing(20, 100), 0));
            Assert.Equal(TimeSpan.FromSeconds(35), remaining.Estimate(Syncing(30, 300), 0));
        }

        [Fact]
        public void TheProgressLineStartsWithTheState()
        {
            var snapshot = new ReplicationSnapshot { Source = "10.0.0.1:6379", Target = "10.0.0.2:6380", State = ReplicationState.Streaming, LagBytes = 0, LagSeconds = 0 };
            Assert.StartsWith("Streaming", snapshot.DescribeState());
            Assert.StartsWith("10.0.0.2:6380 from 10.0.0.1:6379: Streaming", snapshot.Describe());
        }
    }
}

using System;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Replication
{
    public class ReplicationSnapshotReaderTests
    {
        private static readonly NodeEndpoint Source = NodeEndpoint.Parse("127.0.0.1:6379");
        private static readonly NodeEndpoint Target = NodeEndpoint.Parse("127.0.0.1:6380");

        private static ReplicationSnapshot Read(InfoDocument source, InfoDocument target) =>
            ReplicationSnapshotReader.Compute(Source, source, Target, target, DateTimeOffset.UnixEpoch);

        [Theory]
        [InlineData("dragonfly-1.40.1-replica")]
        [InlineData("dragonfly-1.38.0-replica")]
        [InlineData("redis-7.0.15-replica")]
        public void StreamingLagComesFromTheSourcesReplicaLine(string targetSample)
        {
            var s = Read(Samples.Info("redis-7.0.15-primary"), Samples.Info(targetSample));
            Assert.Equal(ReplicationState.Streaming, s.State);
            Assert.Equal(FullSyncPhase.None, s.SyncPhase);
            Assert.Equal(1546, s.SourceOffset);
            Assert.Equal(1532, s.AcknowledgedOffset);
            Assert.Equal(14, s.LagBytes);
            Assert.Equal(0, s.LagSeconds);
            Assert.Equal("127.0.0.1:6379", s.TargetPrimary);
            Assert.Equal(100, s.SyncPercent);
        }

        [Fact]
        public void DragonflyBefore139ReportsOffsetZeroButLagIsStillRight()
        {
            var target = Samples.Info("dragonfly-1.38.0-replica");
            Assert.Equal(0, target.GetInt64("slave_repl_offset"));
            Assert.Equal(14, Read(Samples.Info("redis-7.0.15-primary"), target).LagBytes);
        }

        [Fact]
        public void DragonflyBefore122WithRoleReplicaIsRecognisedAsSyncing()
        {
            var s = Read(Samples.Info("redis-7.0.15-primary"), Samples.Info("dragonfly-1.21.2-replica"));
            Assert.Equal(ReplicationState.FullSync, s.State);
            Assert.Equal(FullSyncPhase.Loading, s.SyncPhase);
            Assert.Null(s.LagBytes);
        }

        [Fact]
        public void DragonflyFullSyncProgressIsKeysLoadedAgainstTheSourcesCount()
        {
            var source = Samples.Info("redis-7.0.15-primary");
            var target = InfoDocument.Parse(Samples.Text("dragonfly-1.40.1-replica").Replace("master_sync_in_progress:0", "master_sync_in_progress:1") + "\n# Persistence\nloading:1\n# Keyspace\ndb0:keys=601,expires=0,avg_ttl=0\n");
            var s = Read(source, target);
            Assert.Equal(ReplicationState.FullSync, s.State);
            Assert.Equal(1205, s.SourceKeys);
            Assert.Equal(601, s.TargetKeys);
            Assert.Equal(100.0 * 601 / 1205, s.SyncPercent!.Value, 6);
            Assert.Null(s.SyncBytesTotal);
        }

        [Fact]
        public void RedisFullSyncProgressIsBytes()
        {
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("state=online", "state=send_bulk"));
            var target = InfoDocument.Parse(Samples.Text("redis-7.0.15-replica")
                .Replace("master_sync_in_progress:0", "master_sync_in_progress:1\nmaster_sync_total_bytes:4000\nmaster_sync_read_bytes:1000\nmaster_sync_left_bytes:3000\nmaster_sync_perc:25.00")
                .Replace("master_link_status:up", "master_link_status:down"));
            var s = Read(source, target);
            Assert.Equal(ReplicationState.FullSync, s.State);
            Assert.Equal(FullSyncPhase.Transferring, s.SyncPhase);
            Assert.Equal(25, s.SyncPercent);
        }

        [Fact]
        public void WaitBgsaveIsTheSnapshotPhase()
        {
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("state=online", "state=wait_bgsave"));
            var target = InfoDocument.Parse(Samples.Text("dragonfly-1.40.1-replica").Replace("master_link_status:up", "master_link_status:down"));
            Assert.Equal(FullSyncPhase.WaitingForSnapshot, Read(source, target).SyncPhase);
        }

        [Fact]
        public void APrimaryTargetIsNotReplicating()
        {
            var s = Read(Samples.Info("redis-7.0.15-primary"), Samples.Info("dragonfly-1.40.1-primary"));
            Assert.Equal(ReplicationState.NotReplicating, s.State);
            Assert.Null(s.TargetPrimary);
            Assert.Null(s.LinkStatus);
        }

        [Fact]
        public void ATargetOfAnotherPrimaryIsNotReplicatingTheSource()
        {
            var target = InfoDocument.Parse(Samples.Text("dragonfly-1.40.1-replica").Replace("master_host:127.0.0.1\n", "master_host:10.9.9.9\n").Replace("master_replid:", "master_replid:x"));
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("slave0:", "gone0:"));
            var s = Read(source, target);
            Assert.Equal(ReplicationState.NotReplicating, s.State);
            Assert.Equal("10.9.9.9:6379", s.TargetPrimary);
        }

        [Fact]
        public void ATargetDiallingTheSourceThroughAProxyReplicatesItWhileTheSourceListsIt()
        {
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary"));
            var target = InfoDocument.Parse(Samples.Text("redis-7.0.15-replica").Replace("master_port:6379", "master_port:7000"));
            var s = Read(source, target);
            Assert.Equal(ReplicationState.Streaming, s.State);
            Assert.Equal("127.0.0.1:7000", s.TargetPrimary);
            Assert.Equal(ReplicationState.NotReplicating, Read(InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("slave0:", "gone0:")), target).State);
        }

        [Fact]
        public void ALinkThatWasUpAndIsDownIsBroken()
        {
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("slave0:", "gone0:"));
            var target = InfoDocument.Parse(Samples.Text("redis-7.0.15-replica").Replace("master_link_status:up", "master_link_status:down\nmaster_link_down_since_seconds:5"));
            Assert.Equal(ReplicationState.Broken, Read(source, target).State);
        }

        [Fact]
        public void ADragonflyWhoseLinkIsDownCannotSayWhetherItWasEverUp()
        {
            // It prints no master_link_down_since_seconds, and its psync counters stay 0 under a Redis
            // primary: one reading shows Connecting; SteadyJudge, which saw it stream, calls it a lost link.
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("slave0:", "gone0:"));
            var target = InfoDocument.Parse(Samples.Text("dragonfly-1.40.1-replica").Replace("master_link_status:up", "master_link_status:down"));
            Assert.Equal(ReplicationState.Connecting, Read(source, target).State);
        }

        [Fact]
        public void ARedisReplicaThatNeverConnectedIsConnecting()
        {
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary").Replace("slave0:", "gone0:"));
            var target = InfoDocument.Parse(Samples.Text("redis-7.0.15-replica").Replace("master_link_status:up", "master_link_status:down\nmaster_link_down_since_seconds:-1"));
            Assert.Equal(ReplicationState.Connecting, Read(source, target).State);
        }

        [Fact]
        public void CountersForSyncLoopsAreCarried()
        {
            var source = InfoDocument.Parse(Samples.Text("redis-7.0.15-primary") + "\n# Stats\nsync_full:3\n");
            var s = Read(source, Samples.Info("dragonfly-1.38.0-replica"));
            Assert.Equal(3, s.SourceFullSyncs);
        }

        [Fact]
        public void TotalKeysSumsEveryDatabase()
        {
            Assert.Equal(1205, Keyspace.Total(Samples.Info("redis-7.0.15-primary")));
            Assert.Equal(0, Keyspace.Total(Samples.Info("dragonfly-1.40.1-replica")));
        }
    }
}

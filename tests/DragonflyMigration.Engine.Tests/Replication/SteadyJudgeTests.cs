using System;
using System.Linq;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Replication
{
    public class SteadyJudgeTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

        private static readonly SteadyCriteria Criteria = new SteadyCriteria { StableFor = TimeSpan.FromSeconds(3), MinimumSamples = 3 };

        private static ReplicationSnapshot Streaming(int second, long sourceOffset, long acked, long lagSeconds = 0, long syncs = 1, long uptime = 100) => new ReplicationSnapshot
        {
            Source = "s:1", Target = "t:2", State = ReplicationState.Streaming, LinkStatus = "up", SourceReplicaState = "online",
            SourceOffset = sourceOffset, AcknowledgedOffset = acked, LagBytes = sourceOffset - acked, LagSeconds = lagSeconds,
            SourceFullSyncs = syncs, TargetUptimeSeconds = uptime + second, Timestamp = T0.AddSeconds(second),
        };

        private static ReplicationSnapshot Syncing(int second, long? syncs) => new ReplicationSnapshot
        {
            Source = "s:1", Target = "t:2", State = ReplicationState.FullSync, SyncPhase = FullSyncPhase.Transferring, LinkStatus = "down",
            SourceReplicaState = "send_bulk", SourceFullSyncs = syncs, TargetUptimeSeconds = 100 + second, Timestamp = T0.AddSeconds(second),
        };

        [Fact]
        public void SteadyAfterTheConditionsHoldForTheWholePeriod()
        {
            var judge = new SteadyJudge(Criteria);
            // Writes continue (offset +1000/s); the target acknowledges what the source had a second ago.
            Assert.False(judge.Judge(Streaming(0, 10_000, 9_000)));
            Assert.False(judge.Judge(Streaming(1, 11_000, 10_000)));
            Assert.False(judge.Judge(Streaming(2, 12_000, 11_000)));
            Assert.False(judge.Judge(Streaming(3, 13_000, 12_000)));
            Assert.Equal(0, judge.CatchUpLagBytes);
            Assert.False(judge.Judge(Streaming(4, 14_000, 13_000)));
            Assert.True(judge.Judge(Streaming(5, 15_000, 14_000)));
        }

        [Fact]
        public void KeepAlivePingAloneNeverBlocksSteadiness()
        {
            var judge = new SteadyJudge(Criteria);
            var steady = false;
            for (var i = 0; i <= 6; i++)
            {
                // Idle source: a 14-byte PING now and then, acknowledged within the second.
                var offset = 1000 + (i >= 3 ? 14 : 0);
                var acked = i == 3 ? 1000 : offset;
                steady = judge.Judge(Streaming(i, offset, acked));
            }
            Assert.True(steady);
        }

        [Fact]
        public void ATargetFallingBehindIsNotSteady()
        {
            var judge = new SteadyJudge(Criteria);
            for (var i = 0; i < 10; i++)
            {
                Assert.False(judge.Judge(Streaming(i, 10_000 + 5_000 * i, 10_000 + 1_000 * i)));
            }
            Assert.True(judge.CatchUpLagBytes > 0);
        }

        [Fact]
        public void LargeLagInSecondsIsNotSteady()
        {
            var judge = new SteadyJudge(Criteria);
            for (var i = 0; i < 10; i++) Assert.False(judge.Judge(Streaming(i, 1000, 1000, lagSeconds: 5)));
        }

        [Fact]
        public void ABreakResetsTheSteadyPeriod()
        {
            var judge = new SteadyJudge(Criteria);
            judge.Judge(Streaming(0, 1000, 1000));
            judge.Judge(Streaming(1, 1000, 1000));
            judge.Judge(Streaming(2, 1000, 1000));
            judge.Judge(Streaming(3, 1000, 1000, lagSeconds: 9));
            Assert.False(judge.Judge(Streaming(4, 1000, 1000)));
            Assert.False(judge.Judge(Streaming(6, 1000, 1000)));
            Assert.True(judge.Judge(Streaming(7, 1000, 1000)));
        }

        [Fact]
        public void RepeatedFullSyncsOnTheSourceAreASyncLoop()
        {
            var judge = new SteadyJudge(Criteria);
            judge.Judge(Syncing(0, syncs: 5));
            judge.Judge(Syncing(1, syncs: 6));
            judge.Judge(Syncing(2, syncs: 7));
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(Syncing(3, syncs: 8)));
            Assert.Equal(MigrationErrorKind.SyncLoop, ex.Kind);
            Assert.Contains("client-output-buffer-limit", ex.Remedy);
        }

        [Fact]
        public void ATargetFallingBackToAFullSyncAgainAndAgainIsASyncLoopWithoutAnyCounter()
        {
            // Dragonfly's psync counters stay 0 under a Redis primary; the state sequence shows the re-syncs.
            var judge = new SteadyJudge(Criteria);
            judge.Judge(Streaming(0, 1000, 1000, syncs: 1));
            judge.Judge(Syncing(1, syncs: null));
            judge.Judge(Streaming(2, 1000, 1000, syncs: 1));
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(Syncing(3, syncs: null)));
            Assert.Equal(MigrationErrorKind.SyncLoop, ex.Kind);
        }

        [Fact]
        public void CommandsTheTargetDropsFromTheStreamStopTheWaitButItsOwnProbesDoNot()
        {
            var judge = new SteadyJudge(Criteria);
            ReplicationSnapshot With(int second, params (string Name, long Count)[] unknown)
            {
                var s = Streaming(second, 1000 + second, 1000 + second);
                return new ReplicationSnapshot
                {
                    Source = s.Source, Target = s.Target, State = s.State, LinkStatus = s.LinkStatus, SourceReplicaState = s.SourceReplicaState,
                    SourceOffset = s.SourceOffset, AcknowledgedOffset = s.AcknowledgedOffset, LagBytes = 0, LagSeconds = 0, SourceFullSyncs = 1,
                    TargetUptimeSeconds = s.TargetUptimeSeconds, Timestamp = s.Timestamp,
                    TargetUnknownCommands = unknown.ToDictionary(u => u.Name, u => u.Count),
                };
            }
            judge.Judge(With(0, ("SWAPDB", 1)));
            judge.Judge(With(1, ("SWAPDB", 1), ("SENTINEL", 4)));
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(With(2, ("SWAPDB", 2), ("GEOSEARCHSTORE", 1), ("SENTINEL", 4))));
            Assert.Equal(MigrationErrorKind.CommandsDropped, ex.Kind);
            Assert.Contains("GEOSEARCHSTORE ×1, SWAPDB ×1", ex.Message);
        }

        [Fact]
        public void AReplicaThatStreamedAndIsConnectingAgainHasLostItsLink()
        {
            var judge = new SteadyJudge(Criteria);
            judge.Judge(Streaming(0, 1000, 1000));
            ReplicationSnapshot Connecting(int second) => new ReplicationSnapshot
            {
                Source = "s:1", Target = "t:2", State = ReplicationState.Connecting, LinkStatus = "down", SourceFullSyncs = 1, TargetUptimeSeconds = 100 + second, Timestamp = T0.AddSeconds(second),
            };
            judge.Judge(Connecting(1));
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(Connecting(1 + (int)new SteadyCriteria().UnreachableGrace.TotalSeconds)));
            Assert.Equal(MigrationErrorKind.ReplicationBroken, ex.Kind);
            Assert.Contains("has been down", ex.Message);
        }

        [Fact]
        public void OneFullSyncAfterTheWaitBeganIsNormal()
        {
            var judge = new SteadyJudge(Criteria);
            judge.Judge(Syncing(0, syncs: 0));
            judge.Judge(Syncing(1, syncs: 1));
            judge.Judge(Streaming(2, 1000, 1000, syncs: 1));
        }

        [Fact]
        public void AFallingUptimeIsARestart()
        {
            var judge = new SteadyJudge(Criteria);
            judge.Judge(Streaming(0, 1000, 1000, uptime: 500));
            var restarted = Syncing(1, syncs: 1);
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(new ReplicationSnapshot
            {
                Source = "s:1", Target = "t:2", State = ReplicationState.NotReplicating, TargetUptimeSeconds = 2, Timestamp = restarted.Timestamp, SourceFullSyncs = 1,
            }));
            Assert.Equal(MigrationErrorKind.TargetRestarted, ex.Kind);
            Assert.Contains("restarted", ex.Message);
        }

        [Fact]
        public void WaitingOnATargetThatDoesNotReplicateFailsAtOnce()
        {
            var judge = new SteadyJudge(Criteria);
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.NotReplicating, Timestamp = T0 }));
            Assert.Equal(MigrationErrorKind.NotReplicating, ex.Kind);
        }

        [Fact]
        public void ALinkDownForLongerThanTheGraceIsBroken()
        {
            var judge = new SteadyJudge(new SteadyCriteria { UnreachableGrace = TimeSpan.FromSeconds(5) });
            ReplicationSnapshot Broken(int second) => new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.Broken, LinkStatus = "down", Timestamp = T0.AddSeconds(second) };
            judge.Judge(Broken(0));
            judge.Judge(Broken(4));
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(Broken(5)));
            Assert.Equal(MigrationErrorKind.ReplicationBroken, ex.Kind);
        }

        [Fact]
        public void ATargetStillDiallingTheAddressItReplicatedThroughHasLostItsLinkNotChangedPrimary()
        {
            var judge = new SteadyJudge(new SteadyCriteria { UnreachableGrace = TimeSpan.FromSeconds(5) });
            // Through a proxy the source is recognised only while it lists the target: with the link down, NotReplicating.
            ReplicationSnapshot Unlisted(int second, string dialled) => new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.NotReplicating, TargetPrimary = dialled, Timestamp = T0.AddSeconds(second) };
            judge.Judge(new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.Streaming, LinkStatus = "up", SourceReplicaState = "online", TargetPrimary = "proxy:7000", SourceOffset = 1000, AcknowledgedOffset = 1000, Timestamp = T0 });
            judge.Judge(Unlisted(1, "proxy:7000"));
            var ex = Assert.Throws<MigrationException>(() => judge.Judge(Unlisted(6, "proxy:7000")));
            Assert.Equal(MigrationErrorKind.ReplicationBroken, ex.Kind);
            var other = new SteadyJudge(Criteria);
            other.Judge(new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.Streaming, TargetPrimary = "proxy:7000", Timestamp = T0 });
            Assert.Equal(MigrationErrorKind.NotReplicating, Assert.Throws<MigrationException>(() => other.Judge(Unlisted(1, "elsewhere:6379"))).Kind);
        }

        [Fact]
        public void NeverStartingToSyncIsReported()
        {
            var judge = new SteadyJudge(new SteadyCriteria { ConnectGrace = TimeSpan.FromSeconds(10) });
            ReplicationSnapshot Connecting(int second) => new ReplicationSnapshot { Source = "s:1", Target = "t:2", State = ReplicationState.Connecting, LinkStatus = "down", Timestamp = T0.AddSeconds(second) };
            judge.Judge(Connecting(0));
            Assert.Throws<MigrationException>(() => judge.Judge(Connecting(10)));
        }
    }
}

using System;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;
using static DragonflyMigration.Engine.Tests.Readiness.ReadinessFactsBuilder;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class ReplicationRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        private static Verdict Judge(double writeBytesPerSecond, double syncSeconds) =>
            ReplicationRules.OutputBufferLimit(
                Healthy().Source(s => s.WriteRate(writeBytesPerSecond)).Build(),
                new ReadinessThresholds { ExpectedSyncTime = TimeSpan.FromSeconds(syncSeconds) });

        [Fact]
        public void ParsesTheReplicaClassOfConfigGet()
        {
            var limit = ReplicationRules.ReplicaLimit.Parse("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")!;

            Assert.Equal(268435456, limit.Hard);
            Assert.Equal(67108864, limit.Soft);
            Assert.Equal(60, limit.SoftSeconds);
        }

        [Theory]
        [InlineData("replica 64mb 16mb 60", 64 * MiB, 16 * MiB, 60L)]
        [InlineData("REPLICA 1GB 256MB 30", GiB, 256 * MiB, 30L)]
        [InlineData("slave 1g 256m 30", 1_000_000_000L, 256_000_000L, 30L)]
        [InlineData("slave 512kb 100k 5", 512L * 1024, 100_000L, 5L)]
        [InlineData("normal 0 0 0 replica 0 0 0", 0L, 0L, 0L)]
        public void ParsesHandWrittenUnits(string text, long hard, long soft, long seconds)
        {
            var limit = ReplicationRules.ReplicaLimit.Parse(text)!;

            Assert.Equal(hard, limit.Hard);
            Assert.Equal(soft, limit.Soft);
            Assert.Equal(seconds, limit.SoftSeconds);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("normal 0 0 0 pubsub 33554432 8388608 60")]
        [InlineData("slave lots 67108864 60")]
        [InlineData("slave 268435456 67108864")]
        [InlineData("slave 268435456 67108864 a-minute")]
        public void AnythingWithoutAReadableReplicaClassIsNull(string? text)
        {
            Assert.Null(ReplicationRules.ReplicaLimit.Parse(text));
        }

        [Fact]
        public void AQuietSourcePasses()
        {
            var verdict = ReplicationRules.OutputBufferLimit(HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("No sync-loop risk", verdict.Message);
            Assert.Equal("replication offset", verdict.DataOf("MeasuredFrom"));
        }

        [Fact]
        public void BufferingBeyondTheHardLimitFails()
        {
            var verdict = Judge(10 * MiB, 30);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("hard limit", verdict.Message);
            Assert.Contains("client-output-buffer-limit \"replica 629145600 629145600 60\"", verdict.Remediation);
            Assert.Equal(300 * MiB, verdict.DataOf("BufferedBytes"));
        }

        [Fact]
        public void StayingAboveTheSoftLimitLongerThanItsSecondsFails()
        {
            var verdict = Judge(1 * MiB, 200);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("soft limit for longer than 60 s", verdict.Message);
        }

        [Fact]
        public void TheSuggestedLimitKeepsAMissingHardLimitMissing()
        {
            var facts = Healthy().Source(s => s.WriteRate(1 * MiB).Config("client-output-buffer-limit", "normal 0 0 0 slave 0 67108864 60 pubsub 0 0 0")).Build();

            var verdict = ReplicationRules.OutputBufferLimit(facts, new ReadinessThresholds { ExpectedSyncTime = TimeSpan.FromSeconds(200) });

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("\"replica 0 419430400 60\"", verdict.Remediation);
        }

        [Fact]
        public void RisingAboveTheSoftLimitBrieflyIsNoFailure()
        {
            var verdict = Judge(1 * MiB, 120);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
        }

        [Fact]
        public void BufferingMoreThanHalfTheHardLimitWarns()
        {
            var verdict = Judge(10 * MiB, 14);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("half the hard limit", verdict.Message);
            Assert.Contains("CONFIG SET client-output-buffer-limit", verdict.Remediation);
        }

        [Fact]
        public void NoReplicaLimitNeverLoops()
        {
            var facts = Healthy().Source(s => s.WriteRate(100 * MiB).Config("client-output-buffer-limit", "normal 0 0 0 slave 0 0 0 pubsub 0 0 0")).Build();

            var verdict = ReplicationRules.OutputBufferLimit(facts, new ReadinessThresholds { ExpectedSyncTime = TimeSpan.FromMinutes(10) });

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("no limit", verdict.Message);
        }

        [Fact]
        public void TheExpectedSyncTimeOverridesTheEstimate()
        {
            var verdict = ReplicationRules.OutputBufferLimit(HealthyFacts(), new ReadinessThresholds { ExpectedSyncTime = TimeSpan.FromSeconds(42) });

            Assert.Equal(42.0, verdict.DataOf("ExpectedSyncSeconds"));
        }

        [Fact]
        public void TheSyncTimeIsEstimatedFromTheDatasetAndTheAssumedLoadRate()
        {
            var facts = Healthy().Source(s => s.Info("used_memory_dataset", (500 * MiB).ToString())).Build();

            Assert.Equal(10.0, ReplicationRules.OutputBufferLimit(facts, Defaults).DataOf("ExpectedSyncSeconds"));
            Assert.Equal(5.0, ReplicationRules.OutputBufferLimit(facts, new ReadinessThresholds { AssumedSyncBytesPerSecond = 100 * MiB }).DataOf("ExpectedSyncSeconds"));
        }

        [Fact]
        public void TheEstimatedSyncTakesAtLeastASecond()
        {
            var facts = Healthy().Source(s => s.Info("used_memory_dataset", "1024")).Build();

            Assert.Equal(1.0, ReplicationRules.OutputBufferLimit(facts, Defaults).DataOf("ExpectedSyncSeconds"));
        }

        [Fact]
        public void ABigDatasetAloneCanCauseASyncLoop()
        {
            var facts = Healthy().Source(s => s.Info("used_memory_dataset", (50 * GiB).ToString()).WriteRate(1 * MiB)).Build();

            Assert.Equal(CheckStatus.Fail, ReplicationRules.OutputBufferLimit(facts, Defaults).Status);
        }

        [Fact]
        public void OutputBufferLimitIsSkippedWithoutTheLimit()
        {
            var facts = Healthy().Source(s => s.Config("client-output-buffer-limit", null)).Build();

            var verdict = ReplicationRules.OutputBufferLimit(facts, Defaults);

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Contains("client-output-buffer-limit", verdict.Message);
        }

        [Fact]
        public void OutputBufferLimitIsSkippedWithoutAWriteRate()
        {
            var facts = Healthy().Source(s => s.WriteRate(null)).Build();

            var verdict = ReplicationRules.OutputBufferLimit(facts, Defaults);

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Contains("write rate", verdict.Message);
        }

        [Fact]
        public void OutputBufferLimitIsSkippedWhenTheSourceIsUnreachable()
        {
            var facts = Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, ReplicationRules.OutputBufferLimit(facts, Defaults).Status);
        }
    }
}

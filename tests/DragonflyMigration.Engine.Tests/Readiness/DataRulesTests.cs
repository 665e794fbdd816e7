using System;
using System.Linq;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;
using static DragonflyMigration.Engine.Tests.Readiness.ReadinessFactsBuilder;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class DataRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        private static ReadinessFacts SavedSecondsAgo(long seconds, Action<NodeFactsBuilder>? change = null) => Healthy()
            .Source(s =>
            {
                s.Info("rdb_last_save_time", (Now - seconds).ToString());
                change?.Invoke(s);
            })
            .Build();

        [Fact]
        public void SmallKeysPassAndTheLargestIsNamed()
        {
            var verdict = DataRules.BigKeys(HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("'user:1' (2 KB)", verdict.Message);
            Assert.Equal(2, verdict.DataOf("SampledKeys"));
        }

        [Fact]
        public void KeysAboveTheThresholdWarnAndTheLargestIsNamedWithItsDatabase()
        {
            var facts = Healthy().Source(s => s.KeySample(
                new KeySize(0, "session:9", 100), new KeySize(2, "feed:global", 40 * MiB), new KeySize(0, "leaderboard", 20 * MiB))).Build();

            var verdict = DataRules.BigKeys(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("2 of 3 sampled keys", verdict.Message);
            Assert.Contains("'feed:global' in db2 (40 MB)", verdict.Message);
            Assert.Contains("split them", verdict.Remediation);
            Assert.Equal("feed:global", verdict.DataOf("LargestKey"));
            Assert.Equal(2, verdict.DataOf("LargestKeyDatabase"));
            Assert.Equal(new[] { "db2 feed:global (41943040 bytes)", "leaderboard (20971520 bytes)" }, verdict.DataOf("BigKeys"));
        }

        [Fact]
        public void AKeyExactlyAtTheThresholdCountsAsBig()
        {
            var facts = Healthy().Source(s => s.KeySample(new KeySize(0, "edge", 16 * MiB))).Build();

            Assert.Equal(CheckStatus.Warn, DataRules.BigKeys(facts, Defaults).Status);
        }

        [Fact]
        public void TheBigKeyThresholdComesFromTheThresholds()
        {
            Assert.Equal(CheckStatus.Warn, DataRules.BigKeys(HealthyFacts(), new ReadinessThresholds { BigKeyBytes = 1024 }).Status);
        }

        [Fact]
        public void AtMostTenBigKeysAreListed()
        {
            var keys = Enumerable.Range(1, 15).Select(i => new KeySize(0, "blob:" + i, (20 + i) * MiB)).ToArray();
            var facts = Healthy().Source(s => s.KeySample(keys)).Build();

            var verdict = DataRules.BigKeys(facts, Defaults);

            Assert.Contains("15 of 15", verdict.Message);
            Assert.Equal(10, ((string[])verdict.DataOf("BigKeys")!).Length);
            Assert.Equal("blob:15", verdict.DataOf("LargestKey"));
        }

        [Fact]
        public void AnEmptySamplePasses()
        {
            var facts = Healthy().Source(s => s.KeySample()).Build();

            var verdict = DataRules.BigKeys(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal(0, verdict.DataOf("SampledKeys"));
        }

        [Fact]
        public void BigKeysIsSkippedWhenNoKeysWereSampled()
        {
            var facts = Healthy().Source(s => s.KeySample(null)).Build();

            Assert.Equal(CheckStatus.Skipped, DataRules.BigKeys(facts, Defaults).Status);
        }

        [Fact]
        public void BigKeysIsSkippedWhenTheSourceIsUnreachable()
        {
            var facts = Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, DataRules.BigKeys(facts, Defaults).Status);
        }

        [Fact]
        public void ARecentSavePasses()
        {
            var verdict = DataRules.LastSave(HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal("ok", verdict.DataOf("LastSaveStatus"));
            Assert.Equal(false, verdict.DataOf("AofEnabled"));
        }

        [Fact]
        public void TheAgeIsMeasuredAgainstTheServersOwnClock()
        {
            Assert.Equal(3600L, DataRules.LastSave(SavedSecondsAgo(3600), Defaults).DataOf("SecondsSinceSave"));
        }

        [Fact]
        public void ASaveStampedAheadOfTheServersClockCountsAsJustNow()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(-300), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal(0L, verdict.DataOf("SecondsSinceSave"));
        }

        [Fact]
        public void AnOldSaveWithoutAofWarns()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(2 * 86400), Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("48 h ago", verdict.Message);
            Assert.Contains("no AOF", verdict.Message);
            Assert.Contains("BGSAVE", verdict.Remediation);
        }

        [Fact]
        public void AnOldSaveWithAHealthyAofPasses()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(2 * 86400, s => s.Info("aof_enabled", "1").Info("aof_last_write_status", "ok")), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("AOF", verdict.Message);
            Assert.Equal(true, verdict.DataOf("AofEnabled"));
        }

        [Fact]
        public void AnOldSaveWithAFailingAofWarns()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(2 * 86400, s => s.Info("aof_enabled", "1").Info("aof_last_write_status", "err")), Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
        }

        [Fact]
        public void ChangesSinceStartWithoutAnySaveWarn()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(600, s => s.Info("rdb_saves", "0").Info("rdb_changes_since_last_save", "42").Info("uptime_in_seconds", "600")), Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("not saved since it started", verdict.Message);
            Assert.Contains("42 changes", verdict.Message);
        }

        [Fact]
        public void NoChangesSinceStartPassEvenWithoutASave()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(600, s => s.Info("rdb_saves", "0").Info("rdb_changes_since_last_save", "0")), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
        }

        [Fact]
        public void TheMaximumAgeComesFromTheThresholds()
        {
            Assert.Equal(CheckStatus.Warn, DataRules.LastSave(SavedSecondsAgo(3600), new ReadinessThresholds { MaxTimeSinceSave = TimeSpan.FromMinutes(30) }).Status);
        }

        [Fact]
        public void AFailedBackgroundSaveWarnsEvenWhenRecent()
        {
            var verdict = DataRules.LastSave(SavedSecondsAgo(60, s => s.Info("rdb_last_bgsave_status", "err")), Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("rdb_last_bgsave_status:err", verdict.Message);
            Assert.StartsWith("Find out why", verdict.Remediation);
            Assert.Contains("run BGSAVE", verdict.Remediation);
        }

        [Fact]
        public void LastSaveIsSkippedWithoutASaveTime()
        {
            var facts = Healthy().Source(s => s.Info("rdb_last_save_time", null)).Build();

            Assert.Equal(CheckStatus.Skipped, DataRules.LastSave(facts, Defaults).Status);
        }

        [Fact]
        public void LastSaveIsSkippedWhenTheSourceIsUnreachable()
        {
            var facts = Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, DataRules.LastSave(facts, Defaults).Status);
        }
    }
}

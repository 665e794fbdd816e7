using System.Globalization;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;
using static DragonflyMigration.Engine.Tests.Readiness.ReadinessFactsBuilder;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class MemoryRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        private static NodeFactsBuilder WithMaxMemory(NodeFactsBuilder target, long bytes) =>
            target.Info("maxmemory", bytes.ToString()).Config("maxmemory", bytes.ToString());

        [Fact]
        public void ATargetWithAmpleMaxMemoryPasses()
        {
            var verdict = MemoryRules.TargetMemory(HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal(100 * MiB, verdict.DataOf("SourceDatasetBytes"));
            Assert.Equal(8 * GiB, verdict.DataOf("TargetLimitBytes"));
            Assert.Equal("maxmemory", verdict.DataOf("TargetLimit"));
        }

        [Fact]
        public void ATargetSmallerThanTheDatasetFails()
        {
            var facts = Healthy().Target(t => WithMaxMemory(t, 50 * MiB)).Build();

            var verdict = MemoryRules.TargetMemory(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("does not fit", verdict.Message);
            Assert.Contains("120 MB", verdict.Remediation);
        }

        [Fact]
        public void TheHeadroomIsWrittenTheSameWayWhateverTheMachinesLanguage()
        {
            var facts = Healthy().Target(t => WithMaxMemory(t, 110 * MiB)).Build();
            var culture = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            try
            {
                Assert.Contains("the 20% headroom", MemoryRules.TargetMemory(facts, Defaults).Message);
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }
        }

        [Fact]
        public void ATargetWithinTheHeadroomWarns()
        {
            var facts = Healthy().Target(t => WithMaxMemory(t, 110 * MiB)).Build();

            var verdict = MemoryRules.TargetMemory(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("headroom", verdict.Message);
            Assert.Contains("120 MB", verdict.Remediation);
        }

        [Fact]
        public void TheHeadroomComesFromTheThresholds()
        {
            var facts = Healthy().Target(t => WithMaxMemory(t, 110 * MiB)).Build();

            Assert.Equal(CheckStatus.Pass, MemoryRules.TargetMemory(facts, new ReadinessThresholds { MemoryHeadroom = 0.05 }).Status);
        }

        [Fact]
        public void WithoutMaxMemoryTheHostsMemoryIsTheLimit()
        {
            var facts = Healthy().Target(t => WithMaxMemory(t, 0).Info("total_system_memory", (64 * MiB).ToString())).Build();

            var verdict = MemoryRules.TargetMemory(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("host memory", verdict.Message);
            Assert.Equal(64 * MiB, verdict.DataOf("TargetLimitBytes"));
        }

        [Fact]
        public void MaxMemoryIsReadFromConfigWhenInfoLacksIt()
        {
            var facts = Healthy().Target(t => t.Info("maxmemory", null).Config("maxmemory", (50 * MiB).ToString())).Build();

            var verdict = MemoryRules.TargetMemory(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Equal("maxmemory", verdict.DataOf("TargetLimit"));
        }

        [Fact]
        public void TheSourcesUsedMemoryStandsInForAMissingDatasetSize()
        {
            var facts = Healthy().Source(s => s.Info("used_memory_dataset", null)).Build();

            Assert.Equal(120 * MiB, MemoryRules.TargetMemory(facts, Defaults).DataOf("SourceDatasetBytes"));
        }

        [Fact]
        public void TargetMemoryIsSkippedWhenTheTargetReportsNoLimitAndNoHostMemory()
        {
            var facts = Healthy().Target(t => WithMaxMemory(t, 0).Info("total_system_memory", null)).Build();

            var verdict = MemoryRules.TargetMemory(facts, Defaults);

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Equal(100 * MiB, verdict.DataOf("SourceDatasetBytes"));
        }

        [Fact]
        public void TargetMemoryIsSkippedWhenTheSourceReportsNoMemory()
        {
            var facts = Healthy().Source(s => s.Info("used_memory_dataset", null).Info("used_memory", null)).Build();

            Assert.Equal(CheckStatus.Skipped, MemoryRules.TargetMemory(facts, Defaults).Status);
        }

        [Fact]
        public void TargetMemoryIsSkippedWhenEitherNodeIsUnreachable()
        {
            var facts = Healthy().Target(t => t.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, MemoryRules.TargetMemory(facts, Defaults).Status);
        }

        [Fact]
        public void NeitherSideEvictingPasses()
        {
            var verdict = MemoryRules.EvictionPolicy(HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal("noeviction", verdict.DataOf("SourcePolicy"));
            Assert.Equal("noeviction", verdict.DataOf("TargetPolicy"));
        }

        [Fact]
        public void AnEvictingRedisTargetWarns()
        {
            var facts = Healthy().Target(t => t.Redis("7.0.15").Info("maxmemory_policy", "allkeys-lru")).Build();

            var verdict = MemoryRules.EvictionPolicy(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("allkeys-lru", verdict.Message);
            Assert.Contains("maxmemory-policy noeviction", verdict.Remediation);
        }

        [Fact]
        public void DragonflyInCacheModeWarns()
        {
            var facts = Healthy().Target(t => t.Config("cache_mode", "true")).Build();

            var verdict = MemoryRules.EvictionPolicy(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("cache_mode", verdict.Message);
            Assert.Contains("--cache_mode", verdict.Remediation);
        }

        [Fact]
        public void DragonflysCacheModeIsReadFromInfoWhenConfigDoesNotAnswer()
        {
            var facts = Healthy().Target(t => t.Config("cache_mode", null).Info("cache_mode", "cache")).Build();

            Assert.Equal(CheckStatus.Warn, MemoryRules.EvictionPolicy(facts, Defaults).Status);
        }

        [Fact]
        public void AnEvictingSourceWithANonEvictingTargetWarns()
        {
            var facts = Healthy().Source(s => s.Info("maxmemory_policy", "volatile-lru")).Build();

            var verdict = MemoryRules.EvictionPolicy(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("source evicts", verdict.Message);
            Assert.Contains("volatile-lru", verdict.Message);
        }

        [Fact]
        public void TheSourcesPolicyIsReadFromConfigWhenInfoLacksIt()
        {
            var facts = Healthy().Source(s => s.Info("maxmemory_policy", null).Config("maxmemory-policy", "allkeys-lfu")).Build();

            Assert.Equal("allkeys-lfu", MemoryRules.EvictionPolicy(facts, Defaults).DataOf("SourcePolicy"));
        }

        [Fact]
        public void EvictionPolicyIsSkippedWhenTheTargetsPolicyIsUnknown()
        {
            var facts = Healthy().Target(t => t.Redis("7.0.15")).Build();

            Assert.Equal(CheckStatus.Skipped, MemoryRules.EvictionPolicy(facts, Defaults).Status);
        }

        [Fact]
        public void EvictionPolicyIsSkippedWhenEitherNodeIsUnreachable()
        {
            var facts = Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, MemoryRules.EvictionPolicy(facts, Defaults).Status);
        }
    }
}

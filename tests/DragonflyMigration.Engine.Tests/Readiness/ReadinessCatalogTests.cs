using System;
using System.Linq;
using DragonflyMigration.Engine.Readiness;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class ReadinessCatalogTests
    {
        private static readonly string[] Categories =
        {
            ReadinessCategory.Connectivity, ReadinessCategory.Topology, ReadinessCategory.Compatibility, ReadinessCategory.Memory,
            ReadinessCategory.Replication, ReadinessCategory.Data, ReadinessCategory.Backup, ReadinessCategory.Sentinel, ReadinessCategory.Security,
            ReadinessCategory.Application,
        };

        [Fact]
        public void CheckNamesAreUnique()
        {
            var names = ReadinessCatalog.All.Select(c => c.Name).ToList();

            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void EveryCheckIsFiledUnderAKnownCategory()
        {
            Assert.All(ReadinessCatalog.All, c => Assert.Contains(c.Category, Categories));
        }

        [Fact]
        public void EveryCategoryHasAtLeastOneCheck()
        {
            Assert.All(Categories, category => Assert.Contains(ReadinessCatalog.All, c => c.Category == category));
        }

        [Fact]
        public void OnlyTheSampledChecksAskForCostlyFacts()
        {
            var costly = ReadinessCatalog.All.Where(c => c.Needs != FactNeeds.None).ToDictionary(c => c.Name, c => c.Needs);

            Assert.Equal(2, costly.Count);
            Assert.Equal(FactNeeds.WriteRate, costly["OutputBufferLimit"]);
            Assert.Equal(FactNeeds.KeySample, costly["BigKeys"]);
        }

        [Fact]
        public void EveryCheckPassesForAHealthyMigrationWithSentinels()
        {
            var facts = ReadinessFactsBuilder.Healthy().Sentinel().Sentinel().Sentinel().Build();

            var results = ReadinessCatalog.All.Select(c => new CheckResult(c, c.Evaluate(facts, new ReadinessThresholds()))).ToList();

            Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, r.ToString()));
        }

        [Fact]
        public void UnreachableNodesFailConnectivityAndSkipRatherThanThrow()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Unreachable()).Target(t => t.Unreachable()).Build();

            var results = ReadinessCatalog.All.ToDictionary(c => c.Name, c => c.Evaluate(facts, new ReadinessThresholds()).Status);

            Assert.Equal(CheckStatus.Fail, results["SourceReachable"]);
            Assert.Equal(CheckStatus.Fail, results["TargetReachable"]);
            Assert.All(results.Where(r => r.Key != "SourceReachable" && r.Key != "TargetReachable" && r.Key != "TlsParity"),
                r => Assert.True(r.Value == CheckStatus.Skipped, $"{r.Key}: {r.Value}"));
        }
    }
}

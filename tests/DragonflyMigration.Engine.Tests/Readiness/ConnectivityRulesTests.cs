using System;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class ConnectivityRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        [Fact]
        public void AQuickSourcePassesAndNamesItsFlavorAndVersion()
        {
            var verdict = ConnectivityRules.SourceReachable(ReadinessFactsBuilder.HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("Redis 7.0.15", verdict.Message);
            Assert.Equal(ReadinessFactsBuilder.SourceEndpoint, verdict.DataOf("Endpoint"));
            Assert.Null(verdict.Remediation);
        }

        [Fact]
        public void AQuickTargetPassesAndNamesItsDragonflyVersion()
        {
            var verdict = ConnectivityRules.TargetReachable(ReadinessFactsBuilder.HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("Dragonfly df-v1.40.1", verdict.Message);
            Assert.Equal("Dragonfly", verdict.DataOf("Flavor"));
        }

        [Fact]
        public void ASlowRoundTripWarns()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.RoundTrip(TimeSpan.FromMilliseconds(80))).Build();

            var verdict = ConnectivityRules.TargetReachable(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("80 ms", verdict.Message);
            Assert.Contains("close to the servers", verdict.Remediation);
            Assert.Equal(80.0, verdict.DataOf("RoundTripMilliseconds"));
        }

        [Fact]
        public void TheRoundTripLimitComesFromTheThresholds()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.RoundTrip(TimeSpan.FromMilliseconds(80))).Build();

            var verdict = ConnectivityRules.SourceReachable(facts, new ReadinessThresholds { MaxRoundTrip = TimeSpan.FromMilliseconds(100) });

            Assert.Equal(CheckStatus.Pass, verdict.Status);
        }

        [Fact]
        public void AnUnreachableSourceFailsWithTheReasonAndANetworkRemedy()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Unreachable("connection refused")).Build();

            var verdict = ConnectivityRules.SourceReachable(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("connection refused", verdict.Message);
            Assert.Contains("reach it", verdict.Remediation);
        }

        [Fact]
        public void AFailedLoginPointsAtTheCredentials()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Unreachable("WRONGPASS invalid username-password pair", authenticationFailed: true)).Build();

            var verdict = ConnectivityRules.TargetReachable(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("WRONGPASS", verdict.Message);
            Assert.Contains("user and password", verdict.Remediation);
        }

        [Fact]
        public void SentinelsAreSkippedWhenNoneWereGiven()
        {
            Assert.Equal(CheckStatus.Skipped, ConnectivityRules.SentinelsReachable(ReadinessFactsBuilder.HealthyFacts(), Defaults).Status);
        }

        [Fact]
        public void SentinelsPassWhenEveryOneAnswers()
        {
            var facts = ReadinessFactsBuilder.Healthy().Sentinel().Sentinel().Sentinel().Build();

            var verdict = ConnectivityRules.SentinelsReachable(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("All 3", verdict.Message);
            Assert.Contains(ReadinessFactsBuilder.MasterName, verdict.Message);
        }

        [Fact]
        public void OneUnreadableSentinelFailsAndIsListed()
        {
            var facts = ReadinessFactsBuilder.Healthy().Sentinel().UnreadableSentinel("timeout after 5 s").Build();

            var verdict = ConnectivityRules.SentinelsReachable(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("1 of 2", verdict.Message);
            Assert.Contains("timeout after 5 s", verdict.Message);
            Assert.Equal(new[] { "10.0.0.22:26379" }, verdict.DataOf("Unreadable"));
        }
    }
}

using System;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;
using static DragonflyMigration.Engine.Tests.Readiness.ReadinessFactsBuilder;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class SentinelRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        public static TheoryData<string> Rules => new TheoryData<string>
        {
            nameof(SentinelRules.SentinelAgreement), nameof(SentinelRules.SentinelQuorum), nameof(SentinelRules.SentinelTilt),
            nameof(SentinelRules.SentinelDownAfter), nameof(SentinelRules.SentinelPromotion), nameof(SentinelRules.SentinelOtherReplicas),
        };

        private static Verdict Run(string rule, ReadinessFacts facts) =>
            ((Func<ReadinessFacts, ReadinessThresholds, Verdict>)Delegate.CreateDelegate(
                typeof(Func<ReadinessFacts, ReadinessThresholds, Verdict>), typeof(SentinelRules).GetMethod(rule)!))(facts, Defaults);

        [Theory]
        [MemberData(nameof(Rules))]
        public void EverySentinelRuleIsSkippedWithoutSentinels(string rule)
        {
            var verdict = Run(rule, HealthyFacts());

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Contains("-Sentinel", verdict.Message);
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void EverySentinelRuleIsSkippedWhenNoSentinelCouldBeRead(string rule)
        {
            var verdict = Run(rule, Healthy().UnreadableSentinel().UnreadableSentinel().Build());

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Contains("SentinelsReachable", verdict.Message);
        }

        [Fact]
        public void UnreadableSentinelsFailReachabilityWhileTheirRulesAreSkipped()
        {
            var facts = Healthy().UnreadableSentinel().UnreadableSentinel().Build();

            Assert.Equal(CheckStatus.Fail, ConnectivityRules.SentinelsReachable(facts, Defaults).Status);
            Assert.Equal(CheckStatus.Skipped, SentinelRules.SentinelAgreement(facts, Defaults).Status);
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void EverySentinelRulePassesOnHealthySentinels(string rule)
        {
            Assert.Equal(CheckStatus.Pass, Run(rule, Healthy().Sentinel().Sentinel().Sentinel().Build()).Status);
        }

        [Fact]
        public void SentinelsAgreeingOnTheSourcePass()
        {
            var verdict = SentinelRules.SentinelAgreement(Healthy().Sentinel().Sentinel().Build(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("All 2", verdict.Message);
            Assert.Contains("epoch 1", verdict.Message);
        }

        [Fact]
        public void ASentinelNamingAnotherPrimaryFails()
        {
            var facts = Healthy().Sentinel().Sentinel(s => s.Primary("10.0.0.5:6379")).Build();

            var verdict = SentinelRules.SentinelAgreement(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("10.0.0.22:26379: 10.0.0.5:6379", verdict.Message);
            Assert.Contains("SENTINEL RESET", verdict.Remediation);
        }

        [Fact]
        public void SentinelsThatAllNameAnotherPrimaryFail()
        {
            var facts = Healthy().Sentinel(s => s.Primary("10.0.0.5:6379")).Sentinel(s => s.Primary("10.0.0.5:6379")).Build();

            Assert.Equal(CheckStatus.Fail, SentinelRules.SentinelAgreement(facts, Defaults).Status);
        }

        [Fact]
        public void DifferingConfigEpochsFail()
        {
            var facts = Healthy().Sentinel(s => s.Epoch(3)).Sentinel(s => s.Epoch(4)).Build();

            var verdict = SentinelRules.SentinelAgreement(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("different config epochs", verdict.Message);
            Assert.Contains("(epoch 4)", verdict.Message);
        }

        [Fact]
        public void AgreementIsJudgedOnTheSentinelsThatCouldBeRead()
        {
            var facts = Healthy().Sentinel().UnreadableSentinel().Build();

            var verdict = SentinelRules.SentinelAgreement(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Single((string[])verdict.DataOf("Views")!);
        }

        [Fact]
        public void QuorumReachableEverywherePasses()
        {
            var verdict = SentinelRules.SentinelQuorum(Healthy().Sentinel().Build(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal(2L, verdict.DataOf("Quorum"));
            Assert.Equal(3L, verdict.DataOf("SentinelsKnown"));
        }

        [Fact]
        public void ASentinelWithoutQuorumFailsWithWhatCkquorumSaid()
        {
            var facts = Healthy().Sentinel().Sentinel(s => s.NoQuorum("NOQUORUM 1 usable Sentinels")).Build();

            var verdict = SentinelRules.SentinelQuorum(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("10.0.0.22:26379: NOQUORUM 1 usable Sentinels", verdict.Message);
            Assert.DoesNotContain("10.0.0.21", verdict.Message);
        }

        [Fact]
        public void ASentinelInTiltFailsAndIsNamed()
        {
            var facts = Healthy().Sentinel().Sentinel(s => s.Tilted()).Build();

            var verdict = SentinelRules.SentinelTilt(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("10.0.0.22:26379 is in TILT", verdict.Message);
            Assert.Equal(new[] { "10.0.0.22:26379" }, verdict.DataOf("InTilt"));
        }

        [Fact]
        public void SeveralSentinelsInTiltAreAllNamed()
        {
            var verdict = SentinelRules.SentinelTilt(Healthy().Sentinel(s => s.Tilted()).Sentinel(s => s.Tilted()).Build(), Defaults);

            Assert.Contains("10.0.0.21:26379, 10.0.0.22:26379 are in TILT", verdict.Message);
        }

        [Theory]
        [InlineData(30000, CheckStatus.Pass)]
        [InlineData(4000, CheckStatus.Pass)]
        [InlineData(3999, CheckStatus.Fail)]
        public void DownAfterMustCoverTwiceThePlannedWritePause(long downAfter, CheckStatus expected)
        {
            var verdict = SentinelRules.SentinelDownAfter(Healthy().Sentinel(s => s.DownAfter(downAfter)).Build(), Defaults);

            Assert.Equal(expected, verdict.Status);
            Assert.Equal(downAfter, verdict.DataOf("DownAfterMilliseconds"));
            Assert.Equal(2000L, verdict.DataOf("PlannedWritePauseMilliseconds"));
        }

        [Fact]
        public void TheShortestDownAfterDecidesAndTheRemedyGivesTheNeededValue()
        {
            var facts = Healthy().Sentinel().Sentinel(s => s.DownAfter(3000)).Build();

            var verdict = SentinelRules.SentinelDownAfter(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("3000 ms", verdict.Message);
            Assert.Contains("down-after-milliseconds 4000", verdict.Remediation);
        }

        [Fact]
        public void AShorterPlannedPauseNeedsLessDownAfter()
        {
            var facts = Healthy().Sentinel(s => s.DownAfter(3000)).Build();

            Assert.Equal(CheckStatus.Pass, SentinelRules.SentinelDownAfter(facts, new ReadinessThresholds { PlannedWritePause = TimeSpan.FromSeconds(1) }).Status);
        }

        [Fact]
        public void OtherReplicasADragonflyCannotServeWarnWithWhatTheCutoverDoesToThem()
        {
            var facts = Healthy().Target(t => t.KnowsPsync(false)).Sentinel(s => s.Replica("10.0.0.3:6379")).Build();

            var verdict = SentinelRules.SentinelOtherReplicas(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("10.0.0.3:6379 cannot replicate the target", verdict.Message);
            Assert.Contains("failover-timeout", verdict.Message);
            Assert.Contains("Complete-DragonflyMigration", verdict.Remediation);
        }

        [Fact]
        public void ATargetThatKnowsPsyncServesTheOtherReplicas()
        {
            var facts = Healthy().Target(t => t.KnowsPsync(true)).Sentinel(s => s.Replica("10.0.0.3:6379")).Build();

            Assert.Equal(CheckStatus.Pass, SentinelRules.SentinelOtherReplicas(facts, Defaults).Status);
        }

        [Fact]
        public void WhenTheTargetWouldNotSayItsFlavorPredicts()
        {
            // COMMAND INFO refused (an ACL): Dragonfly is predicted not to serve Redis replicas.
            var facts = Healthy().Target(t => t.KnowsPsync(null)).Sentinel(s => s.Replica("10.0.0.3:6379")).Build();

            Assert.Equal(CheckStatus.Warn, SentinelRules.SentinelOtherReplicas(facts, Defaults).Status);
        }

        [Fact]
        public void NoOtherReplicaMeansNoCompetition()
        {
            var verdict = SentinelRules.SentinelPromotion(Healthy().Sentinel().Build(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("No replica is eligible for promotion today", verdict.Message);
            Assert.Null(verdict.DataOf("PredictedPromotion"));
        }

        [Fact]
        public void ARivalAtOrBelowTheArmPriorityFails()
        {
            var facts = Healthy().Sentinel(s => s.Replica("10.0.0.3:6379", priority: 1)).Build();

            var verdict = SentinelRules.SentinelPromotion(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("Sentinel would promote 10.0.0.3:6379 today", verdict.Message);
            Assert.Contains("10.0.0.3:6379 (priority 1, offset 1000) could beat the target", verdict.Message);
            Assert.Contains("-ExcludeOtherReplicas", verdict.Remediation);
            Assert.Equal("10.0.0.3:6379", verdict.DataOf("PredictedPromotion"));
        }

        [Fact]
        public void TheArmPriorityComesFromTheThresholds()
        {
            var facts = Healthy().Sentinel(s => s.Replica("10.0.0.3:6379", priority: 5)).Build();

            Assert.Equal(CheckStatus.Warn, SentinelRules.SentinelPromotion(facts, Defaults).Status);
            Assert.Equal(CheckStatus.Fail, SentinelRules.SentinelPromotion(facts, new ReadinessThresholds { ArmPriority = 5 }).Status);
        }

        [Fact]
        public void OtherEligibleReplicasOfHigherPriorityWarn()
        {
            var facts = Healthy().Sentinel(s => s.Replica("10.0.0.3:6379", priority: 100).Replica("10.0.0.4:6379", priority: 50)).Build();

            var verdict = SentinelRules.SentinelPromotion(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("outranks 10.0.0.3:6379", verdict.Message);
            Assert.Contains("10.0.0.4:6379", verdict.Message);
            Assert.Equal("10.0.0.4:6379", verdict.DataOf("PredictedPromotion"));
        }

        [Fact]
        public void IneligibleReplicasDoNotCompete()
        {
            var facts = Healthy().Sentinel(s => s.Replica("10.0.0.3:6379", priority: 1, excludedBecause: "it is down")).Build();

            var verdict = SentinelRules.SentinelPromotion(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal(new[] { "10.0.0.3:6379 (not eligible: it is down)" }, verdict.DataOf("Replicas"));
        }

        [Fact]
        public void TheTargetIsNotItsOwnRival()
        {
            var facts = Healthy().Sentinel(s => s.Replica(TargetEndpoint, priority: 1)).Build();

            var verdict = SentinelRules.SentinelPromotion(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains($"Sentinel would promote {TargetEndpoint} today", verdict.Message);
        }

        [Fact]
        public void ARivalSeenByOnlyOneSentinelStillCounts()
        {
            var facts = Healthy().Sentinel().Sentinel(s => s.Replica("10.0.0.3:6379", priority: 1)).Build();

            var verdict = SentinelRules.SentinelPromotion(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("would promote different replicas today", verdict.Message);
            Assert.Contains("10.0.0.21:26379: none", verdict.Message);
        }
    }
}

using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class TopologyRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        private static ReadinessFactsBuilder TargetReplicatingTheSource() => ReadinessFactsBuilder.Healthy()
            .Target(t => t.ReplicaOf("10.0.0.1", 6379).Keys(0, 1000));

        [Fact]
        public void APrimarySourcePasses()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Info("connected_slaves", "2")).Build();

            var verdict = TopologyRules.SourceIsPrimary(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("2 replica(s)", verdict.Message);
        }

        [Fact]
        public void AReplicaSourceFailsAndNamesItsPrimary()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.ReplicaOf("10.0.0.5", 6379)).Build();

            var verdict = TopologyRules.SourceIsPrimary(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("10.0.0.5:6379", verdict.Message);
            Assert.Contains("Get-SentinelMaster", verdict.Remediation);
            Assert.Equal("Replica", verdict.DataOf("Role"));
        }

        [Fact]
        public void SourceIsPrimaryIsSkippedWhenTheSourceIsUnreachable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, TopologyRules.SourceIsPrimary(facts, Defaults).Status);
        }

        [Fact]
        public void AnEmptyTargetPasses()
        {
            var verdict = TopologyRules.TargetIsEmpty(ReadinessFactsBuilder.HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal(0L, verdict.DataOf("KeyCount"));
        }

        [Fact]
        public void ATargetWithKeysFailsAndCountsThemPerDatabase()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Keys(0, 10).Keys(2, 5)).Build();

            var verdict = TopologyRules.TargetIsEmpty(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("15 keys", verdict.Message);
            Assert.Contains("db2 5", verdict.Message);
            Assert.Contains("FLUSHALL", verdict.Remediation);
            Assert.Equal(15L, verdict.DataOf("KeyCount"));
        }

        [Fact]
        public void ATargetAlreadyReplicatingTheSourceMayHoldItsKeys()
        {
            var facts = TargetReplicatingTheSource().Build();

            var verdict = TopologyRules.TargetIsEmpty(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("already replicates the source", verdict.Message);
        }

        [Fact]
        public void TargetIsEmptyIsSkippedWhenTheTargetIsUnreachable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, TopologyRules.TargetIsEmpty(facts, Defaults).Status);
        }

        [Fact]
        public void AStandaloneTargetIsFree()
        {
            var verdict = TopologyRules.TargetIsFree(ReadinessFactsBuilder.HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal("Primary", verdict.DataOf("Role"));
        }

        [Theory]
        [InlineData("slave")]
        [InlineData("replica")]
        public void ATargetReplicatingTheSourceByAddressIsFree(string role)
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.ReplicaOf("10.0.0.1", 6379, role)).Build();

            var verdict = TopologyRules.TargetIsFree(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal("10.0.0.1:6379", verdict.DataOf("ReplicaOf"));
        }

        [Fact]
        public void ATargetReplicatingTheSourceUnderAnotherNameIsRecognisedFromTheSourcesReplicaList()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.Info("connected_slaves", "1").Info("slave0", "ip=10.0.0.9,port=6380,state=online,offset=1532,lag=0"))
                .Target(t => t.ReplicaOf("redis-primary.internal", 6379).Keys(0, 1000))
                .Build();

            Assert.Equal(CheckStatus.Pass, TopologyRules.TargetIsFree(facts, Defaults).Status);
            Assert.Equal(CheckStatus.Pass, TopologyRules.TargetIsEmpty(facts, Defaults).Status);
        }

        [Fact]
        public void ATargetReplicatingAnotherHostIsNotFree()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.ReplicaOf("10.0.0.7", 6379).Keys(0, 50)).Build();

            var verdict = TopologyRules.TargetIsFree(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("10.0.0.7:6379", verdict.Message);
            Assert.Contains("REPLICAOF NO ONE", verdict.Remediation);
            Assert.Equal(CheckStatus.Fail, TopologyRules.TargetIsEmpty(facts, Defaults).Status);
        }

        [Fact]
        public void AReplicaOfAnotherHostIsNotMistakenForOneOfTheSourcesReplicasWithTheSamePort()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.Info("connected_slaves", "1").Info("slave0", "ip=10.0.0.2,port=6380,state=online,offset=1532,lag=0"))
                .Target(t => t.ReplicaOf("10.0.0.7", 6379).Keys(0, 50))
                .Build();

            Assert.Equal(CheckStatus.Fail, TopologyRules.TargetIsFree(facts, Defaults).Status);
            Assert.Equal(CheckStatus.Fail, TopologyRules.TargetIsEmpty(facts, Defaults).Status);
        }

        [Fact]
        public void ASharedReplicationIdShowsTheTargetReplicatesTheSourceWhateverItsAddress()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.Info("master_replid", "8d2a8f0e6c1c4f3f9b0b1f7c2e5d4a3b2c1d0e9f"))
                .Target(t => t.ReplicaOf("redis-vip.internal", 6379).Info("master_replid", "8d2a8f0e6c1c4f3f9b0b1f7c2e5d4a3b2c1d0e9f").Keys(0, 50))
                .Build();

            Assert.Equal(CheckStatus.Pass, TopologyRules.TargetIsFree(facts, Defaults).Status);
        }

        [Fact]
        public void ASourceWithoutARoleIsSaidToReportNone()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Info("role", null)).Build();

            Assert.Contains("reports no role", TopologyRules.SourceIsPrimary(facts, Defaults).Message);
        }

        [Fact]
        public void ATargetReplicatingAnotherPortOfTheSourceHostIsNotFree()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.ReplicaOf("10.0.0.1", 6390)).Build();

            Assert.Equal(CheckStatus.Fail, TopologyRules.TargetIsFree(facts, Defaults).Status);
        }

        [Fact]
        public void TheSameRunIdOnBothSidesMeansTheSameServer()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Target(t => t.Redis("7.0.15").Info("run_id", "7b1c4e2f0a9d8c6b5a4f3e2d1c0b9a8f7e6d5c4b"))
                .Build();

            var verdict = TopologyRules.TargetIsFree(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("same server", verdict.Message);
        }

        [Fact]
        public void TargetIsFreeIsSkippedWhenEitherNodeIsUnreachable()
        {
            var sourceDown = ReadinessFactsBuilder.Healthy().Source(s => s.Unreachable()).Build();
            var targetDown = ReadinessFactsBuilder.Healthy().Target(t => t.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, TopologyRules.TargetIsFree(sourceDown, Defaults).Status);
            Assert.Equal(CheckStatus.Skipped, TopologyRules.TargetIsFree(targetDown, Defaults).Status);
        }
    }
}

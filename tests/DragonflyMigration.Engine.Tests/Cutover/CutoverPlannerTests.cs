using System;
using System.Linq;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    public class CutoverPlannerTests
    {
        private static readonly NodeEndpoint Source = new NodeEndpoint("10.0.0.1", 6379);
        private static readonly NodeEndpoint Target = new NodeEndpoint("10.0.0.9", 6380);
        private static readonly NodeEndpoint Other = new NodeEndpoint("10.0.0.3", 6379);

        private static SentinelMasterState Healthy(long otherPriority = 100, long downAfter = 30000) => new SentinelMasterState
        {
            Sentinel = new NodeEndpoint("10.0.0.21", 26379), Primary = Source, ConfigEpoch = 1, Quorum = 1, QuorumReachable = true, DownAfterMilliseconds = downAfter,
            Replicas = new[]
            {
                new ReplicaCandidate { Endpoint = Target, Priority = 0, ExcludedBecause = "its replica-priority is 0" },
                new ReplicaCandidate { Endpoint = Other, Priority = otherPriority },
            },
        };

        private static readonly ReplicationSnapshot Streaming = new ReplicationSnapshot { Source = "10.0.0.1:6379", Target = "10.0.0.9:6380", State = ReplicationState.Streaming, LinkStatus = "up" };

        private static CutoverOptions Options(bool exclude = false) => new CutoverOptions { MasterName = "mymaster", ExcludeOtherReplicas = exclude };

        [Fact]
        public void TheCheckingOrderPutsTheSentinelsAgreementFirst()
        {
            var states = new[] { new SentinelMasterState { Sentinel = Healthy().Sentinel, Primary = Other, InTilt = true, DownAfterMilliseconds = 30000, Replicas = Healthy().Replicas } };
            Assert.Equal(MigrationErrorKind.SentinelsDisagree, Assert.Throws<MigrationException>(() => CutoverPlanner.CheckSentinels(states, Source, Target, Options())).Kind);
        }

        [Fact]
        public void ATargetThatCannotServeTheOtherReplicasPlansToEndTheFailoverAndSaysSo()
        {
            var states = new[] { new SentinelMasterState { Sentinel = Healthy().Sentinel, Primary = Source, DownAfterMilliseconds = 30000, FailoverTimeoutMilliseconds = 180000, Replicas = Healthy().Replicas } };
            var plan = CutoverPlanner.Plan(states, Source, Target, 0, false, Streaming, Options());
            Assert.True(plan.EndsFailoverEarly);
            Assert.Equal(180000, plan.LeaderFailoverTimeoutMilliseconds);
            Assert.Contains(plan.Steps, s => s.Contains("set its failover-timeout to 1 ms") && s.Contains(Other.ToString()) && s.Contains("put 180000 ms back"));
        }

        [Fact]
        public void ATargetThatServesTheOtherReplicasOrHasNoneLeavesTheFailoverAlone()
        {
            Assert.False(CutoverPlanner.Plan(new[] { Healthy() }, Source, Target, 0, true, Streaming, Options()).EndsFailoverEarly);
            var alone = new SentinelMasterState { Sentinel = Healthy().Sentinel, Primary = Source, DownAfterMilliseconds = 30000, Replicas = new[] { Healthy().Replicas[0] } };
            var plan = CutoverPlanner.Plan(new[] { alone }, Source, Target, 0, false, Streaming, Options());
            Assert.False(plan.EndsFailoverEarly);
            Assert.DoesNotContain(plan.Steps, s => s.Contains("failover-timeout"));
        }

        [Fact]
        public void TheWritePauseMustFitInHalfOfDownAfter()
        {
            var ex = Assert.Throws<MigrationException>(() => CutoverPlanner.CheckSentinels(new[] { Healthy(downAfter: 3999) }, Source, Target, Options()));
            Assert.Equal(MigrationErrorKind.WritePauseTooLong, ex.Kind);
            CutoverPlanner.CheckSentinels(new[] { Healthy(downAfter: 4000) }, Source, Target, Options());
        }

        [Fact]
        public void ARivalThatCouldWinIsRefusedUnlessItWillBeExcluded()
        {
            var states = new[] { Healthy(otherPriority: 1) };
            Assert.Equal(MigrationErrorKind.OtherReplicaWouldWin, Assert.Throws<MigrationException>(() => CutoverPlanner.CheckSentinels(states, Source, Target, Options())).Kind);
            CutoverPlanner.CheckSentinels(states, Source, Target, Options(exclude: true));
        }

        [Fact]
        public void ThePlanExcludesEveryEligibleRivalOnlyWhenAskedAndTimesThePause()
        {
            var states = new[] { Healthy(otherPriority: 100, downAfter: 10000) };
            var plain = CutoverPlanner.Plan(states, Source, Target, 0, true, Streaming, Options());
            Assert.Empty(plain.Excluded);
            Assert.Equal(TimeSpan.FromSeconds(5), plain.PauseExpiry);
            Assert.Equal(TimeSpan.FromSeconds(1), plain.CatchUpBudget);
            Assert.Equal(6, plain.Steps.Count);

            var excluding = CutoverPlanner.Plan(states, Source, Target, 0, true, Streaming, Options(exclude: true));
            Assert.Equal(new[] { Other }, excluding.Excluded.Select(e => e.Endpoint));
            Assert.StartsWith($"Arm: set replica-priority 0 on {Other}", excluding.Steps[1]);
        }

        [Fact]
        public void APlanForATargetThatCannotServeReplicasSaysTheOthersWillBeMadeUnpromotable()
        {
            var plan = CutoverPlanner.Plan(new[] { Healthy() }, Source, Target, 0, false, Streaming, Options());
            Assert.Equal(new[] { Other }, plan.OtherReplicas);
            Assert.Contains(plan.Steps, s => s.Contains($"replica-priority 0 on {Other}, which cannot replicate the target"));
        }

        [Fact]
        public void SentinelsAgreeOnlyWhenAllAskedNameOnePrimaryWithOneEpoch()
        {
            var one = Healthy();
            var otherEpoch = new SentinelMasterState { Sentinel = one.Sentinel, Primary = Source, ConfigEpoch = 2 };
            var none = new SentinelMasterState { Sentinel = one.Sentinel, Primary = null, ConfigEpoch = 1 };
            Assert.True(SentinelGroupRules.Agree(new[] { one, one }, 2));
            Assert.False(SentinelGroupRules.Agree(new[] { one }, 2));
            Assert.False(SentinelGroupRules.Agree(new[] { one, otherEpoch }, 2));
            Assert.False(SentinelGroupRules.Agree(new[] { none }, 1));
        }

        [Fact]
        public void EachPlanKindSaysWhatItsRunWillDo()
        {
            var journal = new CutoverJournal(Target, 3, DateTimeOffset.UtcNow, new System.Collections.Generic.Dictionary<NodeEndpoint, long> { [Target] = 100 }, new MinReplicas(0, 10));
            var cutover = CutoverPlanner.Plan(new[] { Healthy() }, Source, Target, 0, true, Streaming, Options());
            var done = CutoverPlanner.Completed(Source, Target, 1, Options());
            var finish = CutoverPlanner.Completed(Source, Target, 1, Options(), journal);
            var restore = CutoverPlanner.Interrupted(Source, Target, 1, Options(), journal);

            Assert.Equal(CutoverPlanKind.Cutover, cutover.Kind);
            Assert.Equal(CutoverPlanKind.AlreadyCompleted, done.Kind);
            Assert.Equal(CutoverPlanKind.FinishInterrupted, finish.Kind);
            Assert.Equal(CutoverPlanKind.RestoreInterrupted, restore.Kind);
            Assert.StartsWith("nothing:", Assert.Single(done.Steps));
            Assert.StartsWith("finish what an interrupted run left: fence the old primary", Assert.Single(finish.Steps));
            Assert.Equal(2, restore.Steps.Count);
            Assert.StartsWith("put back what an interrupted run changed", restore.Steps[0]);
            Assert.StartsWith("Arm:", cutover.Steps[0]);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sentinel;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    public class CutoverDecisionsTests
    {
        private static readonly NodeEndpoint Source = new NodeEndpoint("10.0.0.1", 6379);
        private static readonly NodeEndpoint Target = new NodeEndpoint("10.0.0.9", 6380);
        private static readonly NodeEndpoint Other = new NodeEndpoint("10.0.0.3", 6379);
        private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

        private static SentinelMasterState State(params (NodeEndpoint Node, long Priority)[] replicas)
        {
            var candidates = replicas.Select(r => new ReplicaCandidate { Endpoint = r.Node, Priority = r.Priority, ExcludedBecause = r.Priority == 0 ? "its replica-priority is 0" : null }).ToList();
            return new SentinelMasterState { Sentinel = new NodeEndpoint("10.0.0.21", 26379), Primary = Source, Replicas = candidates, PredictedPromotion = PromotionPredictor.Winner(candidates) };
        }

        [Fact]
        public void TheFirstSentinelNotListingTheTargetIsNamed()
        {
            var listing = State((Target, 0));
            var blind = State((Other, 100));
            Assert.Null(CutoverDecisions.NotListingTarget(new[] { listing }, Target));
            Assert.Same(blind, CutoverDecisions.NotListingTarget(new[] { listing, blind }, Target));
        }

        [Fact]
        public void CompletedMeansThePrimaryTargetNamedByEverySentinel()
        {
            Assert.True(CutoverDecisions.AlreadyCompleted(NodeRole.Primary, new NodeEndpoint?[] { Target, new NodeEndpoint("10.0.0.9", 6380) }, Target));
            Assert.False(CutoverDecisions.AlreadyCompleted(NodeRole.Replica, new NodeEndpoint?[] { Target }, Target));
            Assert.False(CutoverDecisions.AlreadyCompleted(NodeRole.Primary, new NodeEndpoint?[] { Target, Source }, Target));
            Assert.False(CutoverDecisions.AlreadyCompleted(NodeRole.Primary, new NodeEndpoint?[] { Target, null }, Target));
            Assert.False(CutoverDecisions.AlreadyCompleted(NodeRole.Primary, Array.Empty<NodeEndpoint?>(), Target));
        }

        [Fact]
        public void ArmedWhenEverySentinelPicksTheTargetAndSeesTheExcludedAtZero()
        {
            var excluded = new[] { Other };
            Assert.True(CutoverDecisions.Armed(new[] { State((Target, 1), (Other, 0)) }, Target, excluded));
            Assert.False(CutoverDecisions.Armed(new[] { State((Target, 1), (Other, 0)), State((Target, 0), (Other, 0)) }, Target, excluded));
            Assert.False(CutoverDecisions.Armed(new[] { State((Target, 1), (Other, 5)) }, Target, excluded));
        }

        [Theory]
        [InlineData(true, 100, CatchUpStep.CaughtUp)]
        [InlineData(true, 5000, CatchUpStep.CaughtUp)]
        [InlineData(false, 100, CatchUpStep.Wait)]
        [InlineData(false, 1001, CatchUpStep.TimedOut)]
        public void TheCatchUpEndsWhenTheMarkerArrivesOrTheBudgetIsSpent(bool arrived, int pausedMilliseconds, CatchUpStep expected)
        {
            Assert.Equal(expected, CutoverDecisions.CatchUp(arrived, TimeSpan.FromMilliseconds(pausedMilliseconds), Second));
        }

        [Fact]
        public void ThePromotionIsWatchedUntilTheFenceDeadline()
        {
            var deadline = CutoverDecisions.FenceDeadline(TimeSpan.FromSeconds(15));
            Assert.Equal(TimeSpan.FromSeconds(14), deadline);
            Assert.Equal(TimeSpan.FromMilliseconds(800), CutoverDecisions.FenceDeadline(Second));
            Assert.Equal(PromotionStep.Promoted, CutoverDecisions.Promotion(NodeRole.Primary, null, Source, Target, Second, deadline));
            Assert.Equal(PromotionStep.Wait, CutoverDecisions.Promotion(NodeRole.Replica, Source, Source, Target, Second, deadline));
            Assert.Equal(PromotionStep.Wait, CutoverDecisions.Promotion(null, null, Source, Target, Second, deadline));
            Assert.Equal(PromotionStep.Wait, CutoverDecisions.Promotion(NodeRole.Replica, Target, Source, Target, Second, deadline));
            Assert.Equal(PromotionStep.OtherPromoted, CutoverDecisions.Promotion(NodeRole.Replica, Other, Source, Target, Second, deadline));
            Assert.Equal(PromotionStep.TimedOut, CutoverDecisions.Promotion(NodeRole.Replica, Source, Source, Target, deadline + Second, deadline));
        }

        [Fact]
        public void ASentinelStillInTheFailoverIsNamedWithWhenItEnds()
        {
            var done = State((Target, 1));
            var busy = new SentinelMasterState { Sentinel = new NodeEndpoint("10.0.0.22", 26379), Flags = "master,failover_in_progress", FailoverState = "reconf_slaves", FailoverTimeoutMilliseconds = 180000 };
            Assert.Null(CutoverDecisions.FailoverNote(new[] { done }, DateTimeOffset.UnixEpoch, targetServesReplicas: false));
            var note = CutoverDecisions.FailoverNote(new[] { done, busy }, DateTimeOffset.UnixEpoch, targetServesReplicas: false);
            Assert.Contains("10.0.0.22:26379", note);
            Assert.Contains("reconf_slaves", note);
            Assert.Contains("1970-01-01 00:03:00Z", note);
            Assert.Contains("never do", note);
            // On a Redis target the other replicas do follow: the note must not say they never will.
            var onRedis = CutoverDecisions.FailoverNote(new[] { done, busy }, DateTimeOffset.UnixEpoch, targetServesReplicas: true);
            Assert.DoesNotContain("never", onRedis);
            Assert.Contains("once they have synced", onRedis);
            Assert.Equal(new[] { busy }, SentinelGroupRules.InFailover(new[] { done, busy }));
        }

        [Fact]
        public void ConfirmedNeedsThePrimaryAndEverySentinel()
        {
            Assert.True(CutoverDecisions.Confirmed(NodeRole.Primary, 3, 3));
            Assert.False(CutoverDecisions.Confirmed(NodeRole.Primary, 2, 3));
            Assert.False(CutoverDecisions.Confirmed(null, 3, 3));
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Sentinel;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Sentinel
{
    public class PromotionPredictorTests
    {
        private static SentinelReply Replica(string ip, int port, long priority = 100, long offset = 1000, string flags = "slave", string? runid = null,
            long infoRefresh = 500, long lastOkPing = 200, long linkDown = 0) => new SentinelReply(new Dictionary<string, string>
        {
            ["ip"] = ip, ["port"] = port.ToString(), ["slave-priority"] = priority.ToString(), ["slave-repl-offset"] = offset.ToString(),
            ["flags"] = flags, ["runid"] = runid ?? "", ["info-refresh"] = infoRefresh.ToString(), ["last-ok-ping-reply"] = lastOkPing.ToString(),
            ["master-link-down-time"] = linkDown.ToString(),
        });

        private static ReplicaCandidate? Winner(params SentinelReply[] replicas) =>
            PromotionPredictor.Winner(PromotionPredictor.Candidates(replicas, 30000));

        [Fact]
        public void LowestPriorityWins()
        {
            Assert.Equal("10.0.0.2:6380", Winner(Replica("10.0.0.1", 6379, priority: 100, offset: 9999), Replica("10.0.0.2", 6380, priority: 1, offset: 1))!.Endpoint.ToString());
        }

        [Fact]
        public void AtEqualPriorityTheHigherOffsetWins()
        {
            Assert.Equal("10.0.0.1:6379", Winner(Replica("10.0.0.1", 6379, offset: 2000), Replica("10.0.0.2", 6380, offset: 1000))!.Endpoint.ToString());
        }

        [Fact]
        public void DragonflyBefore139LosesEveryOffsetTie()
        {
            // Dragonfly (no run id, offset 0 from a Redis primary) against a Redis replica of equal priority.
            var dragonfly = Replica("10.0.0.9", 6380, priority: 100, offset: 0, runid: null);
            var redis = Replica("10.0.0.2", 6379, priority: 100, offset: 500, runid: "a".PadRight(40, 'a'));
            Assert.Equal("10.0.0.2:6379", Winner(dragonfly, redis)!.Endpoint.ToString());
        }

        [Fact]
        public void AtEqualOffsetTheSmallerRunIdWinsAndNoRunIdIsLast()
        {
            var none = Replica("10.0.0.1", 1, runid: null);
            var b = Replica("10.0.0.2", 2, runid: "b".PadRight(40, 'b'));
            var a = Replica("10.0.0.3", 3, runid: "a".PadRight(40, 'a'));
            Assert.Equal("10.0.0.3:3", Winner(none, b, a)!.Endpoint.ToString());
            Assert.Equal("10.0.0.2:2", Winner(none, b)!.Endpoint.ToString());
        }

        [Theory]
        [InlineData("slave,s_down", 100, 500, 200, 0, "down")]
        [InlineData("slave,disconnected", 100, 500, 200, 0, "disconnected")]
        [InlineData("slave", 100, 500, 6000, 0, "PING")]
        [InlineData("slave", 0, 500, 200, 0, "priority is 0")]
        [InlineData("slave", 100, 31000, 200, 0, "INFO")]
        [InlineData("slave", 100, 500, 200, 300001, "link to the primary")]
        public void SentinelsExclusionRulesApply(string flags, long priority, long infoRefresh, long lastPing, long linkDown, string reason)
        {
            var candidates = PromotionPredictor.Candidates(new[] { Replica("10.0.0.1", 6379, priority, 1, flags, null, infoRefresh, lastPing, linkDown) }, 30000);
            Assert.False(candidates.Single().IsEligible);
            Assert.Contains(reason, candidates.Single().ExcludedBecause);
            Assert.Null(PromotionPredictor.Winner(candidates));
        }

        [Fact]
        public void Ipv6AddressesAreBracketed()
        {
            Assert.Equal("[::1]:6380", Winner(Replica("::1", 6380))!.Endpoint.ToString());
        }
    }
}

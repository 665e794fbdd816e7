using DragonflyMigration.Engine.Connections;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Connections
{
    /// <summary>COMMAND INFO read in both servers' shapes (Samples/tool-commands holds Dragonfly's).</summary>
    public class CommandSupportTests
    {
        private static ReplyValue Entry(string name) => ReplyValue.FromItems(new[] { ReplyValue.FromText(name), ReplyValue.FromInteger(-3) });

        [Fact]
        public void RedisArrayHoldingTheEntryMeansKnown() =>
            Assert.True(CommandSupport.Knows(ReplyValue.FromItems(new[] { Entry("psync") })));

        [Fact]
        public void RedisArrayHoldingANilMeansUnknown() =>
            Assert.False(CommandSupport.Knows(ReplyValue.FromItems(new[] { ReplyValue.Null })));

        [Fact]
        public void DragonflysNilReplyAsAWholeMeansUnknown() =>
            Assert.False(CommandSupport.Knows(ReplyValue.Null));

        [Fact]
        public void AnEmptyArrayMeansUnknown() =>
            Assert.False(CommandSupport.Knows(ReplyValue.FromItems(new ReplyValue[0])));
    }
}

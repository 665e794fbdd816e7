using System.Linq;
using Xunit;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>The capture reader gets redis-cli's printing right, so the replay compares what Dragonfly really sent.</summary>
    public class CapturedRepliesTests
    {
        private static ReplyShape Only(string block)
        {
            var blocks = CapturedReplies.Parse(block);
            Assert.Single(blocks);
            return Assert.Single(blocks[0].Replies);
        }

        [Fact]
        public void ANestedRoleIsAnArrayHoldingAnEmptyArray()
        {
            var role = Only("> ROLE\n1) \"master\"\n2) (empty array)\n\n");
            Assert.Equal("array(2)[string, array(0)[]]", role.ToString());
        }

        [Fact]
        public void CommandInfoSetIsOneEntryOfSevenWithNestedLists()
        {
            var info = Only(string.Join("\n",
                "> COMMAND INFO SET", "1) 1) SET", "   2) (integer) -3", "   3) 1) SLOW", "      2) write", "      3) denyoom", "   4) (integer) 1",
                "   5) (integer) 1", "   6) (integer) 1", "   7) 1) @WRITE", "      2) @STRING", "      3) @SLOW", "", ""));
            Assert.Equal("array(1)[array(7)[string, integer, array(3)[string, string, string], integer, integer, integer, array(3)[string, string, string]]]", info.ToString());
            Assert.Equal("-3", info.Items[0].Items[1].Text);
        }

        [Fact]
        public void ModuleListInResp3IsAnArrayOfMaps()
        {
            var modules = Only("> MODULE LIST\n1) 1# name => ReJSON\n   2# ver => (integer) 20808\n2) 1# name => search\n   2# ver => (integer) 21015\n\n");
            Assert.Equal("array(2)[map(2)[string => string, string => integer], map(2)[string => string, string => integer]]", modules.ToString());
            Assert.Equal("search", modules.Items[1].Items[1].Text);
        }

        [Fact]
        public void AMapWithQuotedKeysAndAnEmptyMapAreMaps()
        {
            var hello = Only("> HELLO 3\n1# \"server\" => \"redis\"\n2# \"proto\" => (integer) 3\n\n");
            Assert.Equal("map(2)[string => string, string => integer]", hello.ToString());
            Assert.Equal(ShapeKind.Map, Only("> CONFIG GET slave-priority\n(empty hash)\n\n").Kind);
        }

        [Fact]
        public void AnInfoBlockIsOneStringAndAnEmptyRawReplyIsAnEmptyString()
        {
            var both = CapturedReplies.Parse("> INFO replication\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n\r\n> PING\r\nPONG\r\n");
            var info = Assert.Single(both[0].Replies);
            Assert.Equal(ShapeKind.String, info.Kind);
            Assert.Equal("PONG", Assert.Single(both[1].Replies).Text);
            Assert.Contains("connected_slaves:0", info.Text);
            var blocks = CapturedReplies.Parse("> CLIENT LIST ID 1\n\n> REPLCONF ACK 0\n\n");
            Assert.Equal("", Assert.Single(blocks[0].Replies).Text);
            Assert.Empty(blocks[1].Replies);
        }

        [Fact]
        public void ErrorsKeepTheirTextPrintedTaggedRawOrByRedisClisReplicaMode()
        {
            Assert.Equal("ERR unknown command `OBJECT`", Only("> OBJECT ENCODING k:list\n(error) ERR unknown command `OBJECT`\n\n").Text);
            var raw = Only("> CLIENT LIST ID 1\nERR syntax error\n\n");
            Assert.Equal((ShapeKind.Error, "ERR"), (raw.Kind, raw.ErrorCode));
            var psync = Only("> PSYNC ? -1\nSYNC with master failed: -ERR unknown command `PSYNC`\r\nEntering replica output mode...  (press Ctrl-C to quit)\n\n");
            Assert.Equal((ShapeKind.Error, "ERR unknown command `PSYNC`"), (psync.Kind, psync.Text));
        }

        [Fact]
        public void ASequenceHasOneReplyPerCommand()
        {
            var block = CapturedReplies.Parse("> MULTI / SET marker 1 PX 5000 / CLIENT PAUSE 300 WRITE / EXEC\nOK\nQUEUED\nQUEUED\n1) OK\n2) OK\n\n").Single();
            Assert.Equal(new[] { "MULTI", "SET", "CLIENT", "EXEC" }, block.Commands.Select(c => c[0]));
            Assert.Equal(new[] { "string", "string", "string", "array(2)[string, string]" }, block.Replies.Select(r => r.ToString()));

            var promotion = CapturedReplies.Parse("> REPLICAOF NO ONE in MULTI with CLIENT KILL TYPE normal (as Sentinel sends it)\nOK\nQUEUED\nQUEUED\nQUEUED\n1) OK\n"
                + "2) (error) ERR The server is running without a config file\n3) (error) ERR syntax error\n\n").Single();
            Assert.Equal(new[] { "MULTI", "REPLICAOF NO ONE", "CONFIG REWRITE", "CLIENT KILL TYPE normal", "EXEC" }, promotion.Commands.Select(c => string.Join(" ", c)));
            Assert.Equal(ShapeKind.Error, promotion.Replies[4].Items[2].Kind);
        }

        [Theory]
        [MemberData(nameof(CaptureReplayTests.Captures), MemberType = typeof(CaptureReplayTests))]
        public void EveryCaptureReadsWithOneReplyPerCommandOrNone(string version, string file)
        {
            var blocks = CapturedReplies.Load(version, file);
            Assert.True(blocks.Count > 50, $"{version}/{file}: only {blocks.Count} blocks");
            Assert.All(blocks, b => Assert.True(b.Replies.Count == 0 || b.Replies.Count == b.Commands.Count, b.Title));
            Assert.Equal("HELLO", blocks[0].Commands[0][0]);
        }
    }
}

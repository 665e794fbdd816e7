using System.Linq;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Info
{
    public class InfoDocumentTests
    {
        [Fact]
        public void ReadsValuesAndSections()
        {
            var info = Samples.Info("redis-7.0.15-primary");
            Assert.Equal("7.0.15", info.Get("redis_version"));
            Assert.Equal("Replication", info.SectionOf("master_repl_offset"));
            Assert.Equal(1546L, info.GetInt64("master_repl_offset"));
            Assert.Null(info.Get("no_such_field"));
            Assert.Null(info.GetInt64("role"));
        }

        [Fact]
        public void ParsesReplicaLinesIntoFields()
        {
            var slave = Samples.Info("redis-7.0.15-primary").GetFields("slave0")!;
            Assert.Equal("127.0.0.1", slave["ip"]);
            Assert.Equal("6380", slave["port"]);
            Assert.Equal("online", slave["state"]);
            Assert.Equal("1532", slave["offset"]);
        }

        [Fact]
        public void ReplicaLinesAreOnlyTheSlaveNLines()
        {
            var info = InfoDocument.Parse(string.Join("\r\n", "# Replication", "role:master", "slave_read_repl_offset:1",
                "slave0:ip=10.0.0.9,port=6380,state=online", "slave12:ip=10.0.0.8,port=6381,state=wait_bgsave", "slave_priority:100"));
            Assert.Equal(new[] { "6380", "6381" }, info.ReplicaLines().Select(l => l["port"]));
        }

        [Fact]
        public void ParsesKeyspaceLines()
        {
            var db0 = Samples.Info("redis-7.0.15-primary").GetFields("db0")!;
            Assert.Equal("1200", db0["keys"]);
            Assert.Equal("24", db0["expires"]);
        }

        [Fact]
        public void ToleratesCrLfBlankLinesAndJunk()
        {
            var info = InfoDocument.Parse("# Server\r\nredis_version:7.0.15\r\n\r\nnot a field\r\n:novalue\r\nkey:with:colons\r\n");
            Assert.Equal("7.0.15", info.Get("redis_version"));
            Assert.Equal("with:colons", info.Get("key"));
            Assert.Equal(2, info.Keys.Count);
        }

        [Fact]
        public void EmptyTextGivesAnEmptyDocument()
        {
            Assert.Empty(InfoDocument.Parse(null).Keys);
            Assert.Empty(InfoDocument.Parse("").Keys);
        }
    }
}

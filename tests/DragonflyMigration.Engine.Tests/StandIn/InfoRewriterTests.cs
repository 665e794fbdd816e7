using System.Linq;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>The stand-in's INFO and ROLE follow the captures of real Dragonfly runs, field for field.</summary>
    public class InfoRewriterTests
    {
        private static string[] Keys(string info) => info.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.IndexOf(':') > 0).Select(l => l.Substring(0, l.IndexOf(':'))).ToArray();

        private static string ReplicationOf(string info)
        {
            var start = info.IndexOf("# Replication");
            var end = info.IndexOf("\n#", start + 1);
            return end < 0 ? info.Substring(start) : info.Substring(start, end - start);
        }

        [Theory]
        [InlineData("1.21.4")]
        [InlineData("1.35.1")]
        [InlineData("1.40.1")]
        public void AReplicasReplicationSectionHasTheObservedFieldsInTheirOrder(string version)
        {
            var profile = version == "1.21.4" ? DragonflyProfile.V1_21_4 : version == "1.35.1" ? DragonflyProfile.V1_35_1 : DragonflyProfile.V1_40_1;
            var rewritten = InfoRewriter.Rewrite(ReplicationOf(Samples.Text("redis-7.0.15-replica")), profile, 6380);
            Assert.Equal(Keys(Samples.Text($"dragonfly-{version}-observed-replica")), Keys(rewritten));
            var observedRole = Samples.Info($"dragonfly-{version}-observed-replica").Get("role");
            Assert.Equal(observedRole, InfoDocument.Parse(rewritten).Get("role"));
        }

        [Fact]
        public void TheOffsetIsAbsentZeroOrRealByVersion()
        {
            var redis = ReplicationOf(Samples.Text("redis-7.0.15-replica"));
            Assert.Null(InfoDocument.Parse(InfoRewriter.Rewrite(redis, DragonflyProfile.V1_21_4, 6380)).Get("slave_repl_offset"));
            Assert.Equal("0", InfoDocument.Parse(InfoRewriter.Rewrite(redis, DragonflyProfile.V1_35_1, 6380)).Get("slave_repl_offset"));
            Assert.Equal("1532", InfoDocument.Parse(InfoRewriter.Rewrite(redis, DragonflyProfile.V1_40_1, 6380)).Get("slave_repl_offset"));
        }

        [Fact]
        public void ThePrimaryShowsNoOffsetAndTheServerSectionIsDragonflys()
        {
            var rewritten = InfoDocument.Parse(InfoRewriter.Rewrite(Samples.Text("redis-7.0.15-primary"), DragonflyProfile.V1_35_1, 6380));
            Assert.Equal("master", rewritten.Get("role"));
            Assert.Null(rewritten.Get("master_repl_offset"));
            Assert.Null(rewritten.Get("run_id"));
            Assert.Equal("df-v1.35.1", rewritten.Get("dragonfly_version"));
            Assert.Equal("6380", rewritten.Get("tcp_port"));
            var identity = ServerIdentity.FromInfo(rewritten);
            Assert.Equal(ServerFlavor.Dragonfly, identity.Flavor);
            Assert.Equal(new System.Version(1, 35, 1), identity.Version);
        }

        [Fact]
        public void RoleHasDragonflysShape()
        {
            var replica = InfoRewriter.Role(ReplicationOf(Samples.Text("redis-7.0.15-replica")), DragonflyProfile.V1_40_1);
            Assert.Equal(new[] { "slave", "127.0.0.1", "6379", "online" }, replica.Words);
            Assert.Equal("stable_sync", InfoRewriter.Role(ReplicationOf(Samples.Text("redis-7.0.15-replica")), DragonflyProfile.V1_21_4).Words[3]);
            var primary = InfoRewriter.Role(ReplicationOf(Samples.Text("redis-7.0.15-primary")), DragonflyProfile.V1_40_1);
            Assert.Equal("master", primary.Items![0].AsText());
            Assert.Empty(primary.Items[1].Items!);
        }
    }
}

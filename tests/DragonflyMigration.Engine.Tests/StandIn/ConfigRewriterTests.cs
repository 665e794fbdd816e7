using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>The stand-in's CONFIG speaks Dragonfly's names and formats, as the captures show them.</summary>
    public class ConfigRewriterTests
    {
        private static Task<string> Redis(string name) => Task.FromResult(name switch
        {
            "replica-priority" => "100",
            "databases" => "16",
            "maxmemory" => "19829155430",
            _ => throw new InvalidOperationException($"The stand-in asked its backend for {name}."),
        });

        private static async Task<string[]> Names(string pattern, DragonflyProfile profile) =>
            (await ConfigRewriter.GetAsync(new[] { pattern }, profile, false, Redis)).Items!.Where((_, i) => i % 2 == 0).Select(n => n.AsText()).ToArray();

        [Fact]
        public async Task OnlyDragonflysOwnNamesExistWithUnderscores()
        {
            Assert.Equal(new[] { "replica_priority", "maxmemory", "dbnum", "announce_port", "cluster_announce_ip" }, await Names("*", DragonflyProfile.V1_40_1));
            Assert.Equal(new[] { "replica_priority" }, await Names("replica-priority", DragonflyProfile.V1_35_1));
            Assert.Empty(await Names("slave-priority", DragonflyProfile.V1_40_1));
            Assert.Empty(await Names("*announce*", DragonflyProfile.V1_35_1));
            Assert.Equal('%', (await ConfigRewriter.GetAsync(new[] { "dbnum" }, DragonflyProfile.V1_40_1, true, Redis)).Marker);
        }

        [Fact]
        public async Task MaxmemoryIsHumanReadableBeforeV1_40()
        {
            async Task<string> Maxmemory(DragonflyProfile profile) => (await ConfigRewriter.GetAsync(new[] { "maxmemory" }, profile, false, Redis)).Items![1].AsText();
            Assert.Equal("18.47GiB", await Maxmemory(DragonflyProfile.V1_35_1));
            Assert.Equal("19829155430", await Maxmemory(DragonflyProfile.V1_40_1));
        }

        [Fact]
        public void ConfigSetTakesEitherSpellingAndPassesOtherNamesOn()
        {
            Assert.Equal("replica-priority", ConfigRewriter.RedisName("replica_priority", DragonflyProfile.V1_21_4));
            Assert.Equal("replica-priority", ConfigRewriter.RedisName("replica-priority", DragonflyProfile.V1_40_1));
            Assert.Equal("min-replicas-to-write", ConfigRewriter.RedisName("min-replicas-to-write", DragonflyProfile.V1_40_1));
        }
    }
}

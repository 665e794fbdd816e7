using System;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Info
{
    public class FlavorCapabilitiesTests
    {
        [Theory]
        // version,  slave role, runtime priority, trustworthy offset, CLIENT KILL, CONFIG REWRITE
        [InlineData("1.13.0", false, false, false, false, false)]
        [InlineData("1.17.0", false, false, false, true, false)]
        [InlineData("1.20.0", false, false, false, true, false)]
        [InlineData("1.21.2", false, true, false, true, false)]
        [InlineData("1.22.0", true, true, false, true, false)]
        [InlineData("1.32.0", true, true, false, true, true)]
        [InlineData("1.38.0", true, true, false, true, true)]
        [InlineData("1.39.0", true, true, true, true, true)]
        [InlineData("1.40.1", true, true, true, true, true)]
        public void DragonflyCapabilitiesFollowItsReleaseHistory(string version, bool slaveRole, bool runtimePriority, bool offset, bool clientKill, bool configRewrite)
        {
            var c = FlavorCapabilities.For(ServerFlavor.Dragonfly, Version.Parse(version));
            Assert.Equal(slaveRole, c.ReportsSlaveRole);
            Assert.Equal(runtimePriority, c.RuntimeReplicaPriority);
            Assert.Equal(offset, c.TrustworthyReplicaOffset);
            Assert.Equal(clientKill, c.SupportsClientKill);
            Assert.Equal(configRewrite, c.SupportsConfigRewrite);
            Assert.False(c.CanServeRedisReplicas);
        }

        [Fact]
        public void UnknownDragonflyVersionIsTreatedAsTheOldest()
        {
            var c = FlavorCapabilities.For(ServerFlavor.Dragonfly, null);
            Assert.False(c.ReportsSlaveRole);
            Assert.False(c.RuntimeReplicaPriority);
        }

        [Theory]
        [InlineData(ServerFlavor.Redis)]
        [InlineData(ServerFlavor.Valkey)]
        [InlineData(ServerFlavor.KeyDB)]
        public void RedisFamilyHasEveryCapability(ServerFlavor flavor)
        {
            var c = FlavorCapabilities.For(flavor, new Version(7, 0, 15));
            Assert.True(c.ReportsSlaveRole && c.RuntimeReplicaPriority && c.TrustworthyReplicaOffset && c.SupportsClientKill && c.SupportsConfigRewrite && c.CanServeRedisReplicas);
        }
    }
}

using System;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Info
{
    public class ServerIdentityTests
    {
        [Theory]
        [InlineData("redis-7.0.15-primary", ServerFlavor.Redis, "7.0.15", NodeRole.Primary)]
        [InlineData("redis-7.0.15-replica", ServerFlavor.Redis, "7.0.15", NodeRole.Replica)]
        [InlineData("sentinel-7.0.15", ServerFlavor.Redis, "7.0.15", NodeRole.Sentinel)]
        [InlineData("dragonfly-1.40.1-replica", ServerFlavor.Dragonfly, "1.40.1", NodeRole.Replica)]
        [InlineData("dragonfly-1.40.1-primary", ServerFlavor.Dragonfly, "1.40.1", NodeRole.Primary)]
        [InlineData("dragonfly-1.38.0-replica", ServerFlavor.Dragonfly, "1.38.0", NodeRole.Replica)]
        [InlineData("dragonfly-1.21.2-replica", ServerFlavor.Dragonfly, "1.21.2", NodeRole.Replica)]
        [InlineData("valkey-8.0.1", ServerFlavor.Valkey, "8.0.1", NodeRole.Primary)]
        [InlineData("keydb-6.3.4", ServerFlavor.KeyDB, "6.3.4", NodeRole.Replica)]
        public void DetectsFlavorVersionAndRole(string sample, ServerFlavor flavor, string version, NodeRole role)
        {
            var identity = ServerIdentity.FromInfo(Samples.Info(sample));
            Assert.Equal(flavor, identity.Flavor);
            Assert.Equal(Version.Parse(version), identity.Version);
            Assert.Equal(role, identity.Role);
        }

        [Fact]
        public void KeepsDragonflysOwnVersionApartFromItsRedisCompatibleOne()
        {
            var identity = ServerIdentity.FromInfo(Samples.Info("dragonfly-1.40.1-replica"));
            Assert.Equal("df-v1.40.1", identity.VersionText);
            Assert.Equal(new Version(7, 4, 0), identity.RedisCompatibleVersion);
            Assert.Null(identity.RunId);
        }

        [Fact]
        public void ReadsTheRunIdWhereThereIsOne()
        {
            Assert.Equal("7b1c4e2f0a9d8c6b5a4f3e2d1c0b9a8f7e6d5c4b", ServerIdentity.FromInfo(Samples.Info("redis-7.0.15-primary")).RunId);
        }

        [Theory]
        [InlineData("7.0.15", "7.0.15")]
        [InlineData("df-v1.40.1", "1.40.1")]
        [InlineData("v1.21.0-rc1", "1.21.0")]
        [InlineData("6.2", "6.2")]
        [InlineData("255.255.255.255.9", "255.255.255.255")]
        public void ParsesVersionTexts(string text, string expected)
        {
            Assert.Equal(Version.Parse(expected), ServerIdentity.ParseVersion(text));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("unknown")]
        [InlineData("df-vX")]
        public void UnreadableVersionsAreNull(string? text)
        {
            Assert.Null(ServerIdentity.ParseVersion(text));
        }

        [Fact]
        public void AnEmptyInfoIsUnknown()
        {
            var identity = ServerIdentity.FromInfo(InfoDocument.Parse(""));
            Assert.Equal(ServerFlavor.Unknown, identity.Flavor);
            Assert.Equal(NodeRole.Unknown, identity.Role);
            Assert.Null(identity.Version);
        }
    }
}

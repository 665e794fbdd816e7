using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Endpoints
{
    public class NodeEndpointTests
    {
        [Theory]
        [InlineData("10.0.0.1:6379", "10.0.0.1", 6379, "10.0.0.1:6379")]
        [InlineData("redis.example.com:6380", "redis.example.com", 6380, "redis.example.com:6380")]
        [InlineData("localhost", "localhost", 6379, "localhost:6379")]
        [InlineData("[::1]:6379", "::1", 6379, "[::1]:6379")]
        [InlineData("[fe80::1]", "fe80::1", 6379, "[fe80::1]:6379")]
        [InlineData("  host-1:1  ", "host-1", 1, "host-1:1")]
        [InlineData("my_host.internal:65535", "my_host.internal", 65535, "my_host.internal:65535")]
        public void ParsesValidEndpoints(string text, string host, int port, string canonical)
        {
            var endpoint = NodeEndpoint.Parse(text);
            Assert.Equal(host, endpoint.Host);
            Assert.Equal(port, endpoint.Port);
            Assert.Equal(canonical, endpoint.ToString());
        }

        [Fact]
        public void UsesTheCallersDefaultPort()
        {
            Assert.Equal(26379, NodeEndpoint.Parse("sentinel-a", NodeEndpoint.DefaultSentinelPort).Port);
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("host:", "port")]
        [InlineData("host:0", "port")]
        [InlineData("host:65536", "port")]
        [InlineData("host:abc", "port")]
        [InlineData("::1:6379", "brackets")]
        [InlineData("[::1", "closing")]
        [InlineData("[10.0.0.1]:6379", "IPv6")]
        [InlineData("[::1]6379", "port")]
        [InlineData("redis://host:6379", "scheme")]
        [InlineData("10.0.0.1:6379,10.0.0.2:6379", "one endpoint per element")]
        [InlineData("bad host:6379", "host name")]
        [InlineData("-host:6379", "host name")]
        [InlineData("a..b:6379", "host name")]
        public void RejectsMalformedEndpointsWithAReason(string text, string reasonFragment)
        {
            var ex = Assert.Throws<MigrationException>(() => NodeEndpoint.Parse(text));
            Assert.Equal(MigrationErrorKind.EndpointInvalid, ex.Kind);
            Assert.Contains(reasonFragment, ex.Message, System.StringComparison.OrdinalIgnoreCase);
            Assert.Contains("host:port", ex.Message);
        }

        [Fact]
        public void EqualityIgnoresHostCase()
        {
            Assert.Equal(NodeEndpoint.Parse("Redis.Example.com:1"), NodeEndpoint.Parse("redis.example.com:1"));
            Assert.NotEqual(NodeEndpoint.Parse("a:1"), NodeEndpoint.Parse("a:2"));
        }
    }
}

using System.Net;
using DragonflyMigration.Engine.Endpoints;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Endpoints
{
    public class NodeAddressesTests
    {
        [Fact]
        public void ANodeMatchesItsEndpointItsResolvedAddressesAndWhatItAnnounces()
        {
            var addresses = NodeAddresses.Resolved(new NodeEndpoint("cache-a.internal", 6379), new[] { IPAddress.Parse("10.1.2.3"), IPAddress.Parse("::ffff:10.1.2.4") })
                .With(new NodeEndpoint("203.0.113.7", 16379));
            Assert.True(addresses.Matches(new NodeEndpoint("CACHE-A.internal", 6379)));
            Assert.True(addresses.Matches(new NodeEndpoint("10.1.2.3", 6379)));
            Assert.True(addresses.Matches(new NodeEndpoint("10.1.2.4", 6379)));
            Assert.True(addresses.Matches(new NodeEndpoint("203.0.113.7", 16379)));
            Assert.False(addresses.Matches(new NodeEndpoint("10.1.2.3", 6380)));
            Assert.False(addresses.Matches(null));
            Assert.Equal("cache-a.internal:6379", addresses.ToString());
        }
    }
}

using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sentinel;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class SentinelInspectorTests : IClassFixture<SandboxFixture>
    {
        private readonly SandboxFixture _fixture;

        public SentinelInspectorTests(SandboxFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task ReadsASentinelsViewOfARealTopology()
        {
            using var sentinel = await NodeConnector.ConnectAsync(_fixture.Sandbox.Sentinels[0].Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
            var state = await SentinelInspector.ReadAsync(sentinel, "mymaster", CancellationToken.None);
            Assert.Equal(_fixture.Sandbox.Source.Endpoint.ToString(), state.Primary?.ToString());
            Assert.True(state.QuorumReachable, state.QuorumVerdict);
            Assert.False(state.InTilt);
            Assert.Equal(30000, state.DownAfterMilliseconds);
            var replica = Assert.Single(state.Replicas);
            Assert.Equal(_fixture.Sandbox.Replicas[0].Endpoint.ToString(), replica.Endpoint.ToString());
            Assert.Equal(100, replica.Priority);
            Assert.Equal(replica.Endpoint, state.PredictedPromotion!.Endpoint);
        }

        [Fact]
        public async Task AnUnknownMasterNameIsReportedAsSuch()
        {
            using var sentinel = await NodeConnector.ConnectAsync(_fixture.Sandbox.Sentinels[0].Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
            var ex = await Assert.ThrowsAsync<MigrationException>(() => SentinelInspector.ReadAsync(sentinel, "no-such-master", CancellationToken.None));
            Assert.Equal(MigrationErrorKind.MasterNameUnknown, ex.Kind);
        }
    }
}

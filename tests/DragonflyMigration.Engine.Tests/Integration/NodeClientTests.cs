using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Errors;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class NodeClientTests
    {
        [Fact]
        public async Task AWriteTheClientLibraryRefusesIsACommandFailure()
        {
            using var sandbox = await StartPair();
            using (var target = await Connect(sandbox.Target!.Endpoint))
                await Run(target, "REPLICAOF", sandbox.Source.Endpoint.Host, sandbox.Source.Endpoint.Port.ToString());
            using var replica = await Connect(sandbox.Target.Endpoint);

            var ex = await Assert.ThrowsAsync<MigrationException>(() => replica.ExecuteAsync("SET", new object[] { "k", "v" }, CancellationToken.None));

            Assert.Equal(MigrationErrorKind.CommandFailed, ex.Kind);
            Assert.Contains("SET", ex.Message);
        }

        [Fact]
        public async Task ANodePromotedSinceTheConnectionOpenedTakesWrites()
        {
            // The cutover's target: connected as a replica, promoted, then the marker and journal are deleted on it.
            using var sandbox = await StartPair();
            using (var target = await Connect(sandbox.Target!.Endpoint))
                await Run(target, "REPLICAOF", sandbox.Source.Endpoint.Host, sandbox.Source.Endpoint.Port.ToString());
            using var node = await Connect(sandbox.Target.Endpoint);
            using (var other = await Connect(sandbox.Target.Endpoint))
                await Run(other, "REPLICAOF", "NO", "ONE");

            await node.ExecuteAsync("SET", new object[] { "k", "v" }, CancellationToken.None);

            Assert.Equal(1, (await node.ExecuteAsync("DEL", new object[] { "k" }, CancellationToken.None)).AsInt64());
        }

        [Fact]
        public async Task ANodeUsedAfterItsConnectionWasClosedIsANamedError()
        {
            using var sandbox = await StartPair();
            var node = await Connect(sandbox.Source.Endpoint);
            node.Dispose();
            var ex = await Assert.ThrowsAsync<MigrationException>(() => node.InfoAsync("server", CancellationToken.None));
            Assert.Equal(MigrationErrorKind.NodeDisconnected, ex.Kind);
            Assert.Contains("Connect-RedisNode", ex.Remedy);
        }
    }
}

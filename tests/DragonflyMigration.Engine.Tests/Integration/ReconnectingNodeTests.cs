using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Info;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>
    /// The cutover's probes inside the write pause: a look that got no answer replaces the connection, and the
    /// replacement is the same node, not asked again who it is (a full connect costs about twice the round trips).
    /// </summary>
    public class ReconnectingNodeTests
    {
        [Fact]
        public async Task ALookWithoutAnAnswerReopensTheSameNodeForTheNext()
        {
            using var sandbox = await StartPair();
            using var original = await Connect(sandbox.Source.Endpoint);
            using var probe = new ReconnectingNode(original, TimeSpan.FromSeconds(10));

            var (answered, _) = await probe.TryAsync<bool>((node, ct) => throw new OperationCanceledException(ct), TimeSpan.FromSeconds(10), CancellationToken.None);
            var (answeredNext, info) = await probe.TryAsync((node, ct) => node.InfoAsync("replication", ct), TimeSpan.FromSeconds(10), CancellationToken.None);

            Assert.False(answered);
            Assert.True(answeredNext);
            Assert.Equal(NodeRole.Primary, ServerIdentity.FromInfo(info).Role);
            Assert.NotSame(original, probe.Current);
            Assert.Same(original.Identity, probe.Current.Identity);
            Assert.Equal(original.Endpoint, probe.Current.Endpoint);
            Assert.Equal(original.Addresses.All, probe.Current.Addresses.All);
        }

        [Fact]
        public async Task DisposingTheProbeClosesTheReplacementAndKeepsTheOriginal()
        {
            using var sandbox = await StartPair();
            using var original = await Connect(sandbox.Source.Endpoint);
            var probe = new ReconnectingNode(original, TimeSpan.FromSeconds(10));
            await probe.TryAsync<bool>((node, ct) => throw new OperationCanceledException(ct), TimeSpan.FromSeconds(10), CancellationToken.None);
            var replacement = probe.Current;

            probe.Dispose();

            Assert.NotSame(original, replacement);
            Assert.True(replacement.IsClosed);
            Assert.False(original.IsClosed);
            Assert.Same(original, probe.Current);
        }
    }
}

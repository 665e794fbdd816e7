using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Sentinel;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Sentinel
{
    public class SentinelResetTests
    {
        [Theory]
        [InlineData("mymaster", "mymaster")]
        [InlineData("cache*", @"cache\*")]
        [InlineData("a?b", @"a\?b")]
        [InlineData("svc[1]", @"svc\[1\]")]
        [InlineData(@"back\slash", @"back\\slash")]
        public void ANameIsEscapedToMatchItselfAlone(string name, string pattern) => Assert.Equal(pattern, SentinelReset.Pattern(name));

        [Fact]
        public async Task OnSharedSentinelsAGlobNameResetsOnlyItsOwnGroup()
        {
            using var sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 1, WithoutTarget = true }, NullObserver.Instance, CancellationToken.None);
            using var sentinel = await NodeConnector.ConnectAsync(sandbox.Sentinels[0].Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
            var source = sandbox.Source.Endpoint;
            foreach (var name in new[] { "grp*", "grp1", "grp?" })
                await sentinel.ExecuteAsync("SENTINEL", new object[] { "MONITOR", name, source.Host, source.Port, 1 }, CancellationToken.None);

            // The hazard is real: the name as a pattern resets its neighbours as well.
            Assert.Equal(3, (await sentinel.ExecuteAsync("SENTINEL", new object[] { "RESET", "grp*" }, CancellationToken.None)).AsInt64());
            // Escaped, each name resets one group; a second master of the same shape is untouched.
            await SentinelReset.ExactAsync(sentinel, "grp*", CancellationToken.None);
            await SentinelReset.ExactAsync(sentinel, "grp?", CancellationToken.None);
            await SentinelReset.ExactAsync(sentinel, "grp1", CancellationToken.None);
        }
    }
}

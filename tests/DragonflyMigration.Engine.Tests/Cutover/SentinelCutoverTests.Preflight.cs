using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>The preflight's refusals: each names its reason and changes nothing.</summary>
    public partial class SentinelCutoverTests
    {
        [Theory]
        [InlineData(nameof(FakeCutoverNodes.Tilt), MigrationErrorKind.SentinelInTilt)]
        [InlineData(nameof(FakeCutoverNodes.QuorumReachable), MigrationErrorKind.QuorumUnreachable)]
        [InlineData(nameof(FakeCutoverNodes.DownAfterMilliseconds), MigrationErrorKind.WritePauseTooLong)]
        [InlineData(nameof(FakeCutoverNodes.NamedPrimary), MigrationErrorKind.SentinelsDisagree)]
        [InlineData(nameof(FakeCutoverNodes.TargetListed), MigrationErrorKind.TargetNotListed)]
        [InlineData(nameof(FakeCutoverNodes.Steady), MigrationErrorKind.TargetNotSteady)]
        [InlineData(nameof(FakeCutoverNodes.TargetRoleName), MigrationErrorKind.TargetUnreadableBySentinel)]
        [InlineData(nameof(FakeCutoverNodes.SentinelRefusals), MigrationErrorKind.SentinelAccessDenied)]
        public async Task APreflightRefusalChangesNothing(string fault, MigrationErrorKind expected)
        {
            var nodes = new FakeCutoverNodes();
            switch (fault)
            {
                case nameof(FakeCutoverNodes.Tilt): nodes.Tilt = true; break;
                case nameof(FakeCutoverNodes.QuorumReachable): nodes.QuorumReachable = false; break;
                case nameof(FakeCutoverNodes.DownAfterMilliseconds): nodes.DownAfterMilliseconds = 3000; break;
                case nameof(FakeCutoverNodes.NamedPrimary): nodes.NamedPrimary = Rival; break;
                case nameof(FakeCutoverNodes.TargetListed): nodes.TargetListed = false; break;
                case nameof(FakeCutoverNodes.Steady): nodes.Steady = false; break;
                case nameof(FakeCutoverNodes.TargetRoleName): nodes.TargetRoleName = "replica"; break;
                case nameof(FakeCutoverNodes.SentinelRefusals): nodes.SentinelRefusals = new[] { "sentinel (SLAVEOF NO ONE)" }; break;
            }
            var ex = await Fails(nodes, Options(preflightMs: 500));
            Assert.Equal(expected, ex.Kind);
            Assert.Empty(nodes.Changes);
        }

        [Fact]
        public async Task APreflightBoundThatRunsOutDuringALookStillNamesTheReason()
        {
            // Slow looks: the bound ends while the Sentinels are being read, not between reads.
            var nodes = new FakeCutoverNodes { TargetListed = false, SentinelReadTime = TimeSpan.FromMilliseconds(300) };
            var ex = await Fails(nodes, Options(preflightMs: 500));
            Assert.Equal(MigrationErrorKind.TargetNotListed, ex.Kind);
            Assert.Empty(nodes.Changes);
        }
    }
}

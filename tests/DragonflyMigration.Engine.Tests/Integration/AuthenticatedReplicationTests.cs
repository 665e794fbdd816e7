using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class AuthenticatedReplicationTests
    {
        [Fact]
        public async Task TheTargetIsGivenTheSourcesCredentialsWithoutShowingThem()
        {
            const string password = "source-only-secret-42";
            using var protectedSource = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, WithoutTarget = true, Password = password, SampleKeyCount = 300 }, NullObserver.Instance, CancellationToken.None);
            using var plain = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, WithoutTarget = true }, NullObserver.Instance, CancellationToken.None);
            using var source = await NodeConnector.ConnectAsync(protectedSource.Source.Endpoint, new ConnectionSettings { Password = password }, CancellationToken.None);
            using var target = await Connect(plain.Source.Endpoint);

            var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
            Assert.Contains(plan.Steps, s => s.Contains("masterauth"));
            Assert.DoesNotContain(plan.Steps, s => s.Contains(password));
            var log = new RecordingObserver();
            await ReplicationStarter.StartAsync(source, target, plan, log, CancellationToken.None);
            await SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMinutes(2) }, log, CancellationToken.None);
            Assert.Equal(300, await DbSize(target));
            Assert.DoesNotContain(password, log.Text);
        }

        private sealed class RecordingObserver : IOperationObserver
        {
            public string Text { get; private set; } = string.Empty;

            public void Log(string message) => Text += message + "\n";

            public void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null) => Text += phase + " " + status + "\n";

            public void Milestone(CutoverMilestone milestone) => Log(milestone.Message);
        }
    }
}

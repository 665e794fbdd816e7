using DragonflyMigration.Engine;
using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Sandbox;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>One real sandbox (source, a replica, a Sentinel, a target) shared by a test class.</summary>
    public sealed class SandboxFixture : IAsyncLifetime
    {
        public SandboxTopology Sandbox { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            Sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { ReplicaCount = 1, SentinelCount = 1, SampleKeyCount = 500, FastSentinelTimers = true }, NullObserver.Instance, cts.Token);
        }

        public Task DisposeAsync()
        {
            Sandbox?.Dispose();
            return Task.CompletedTask;
        }
    }
}

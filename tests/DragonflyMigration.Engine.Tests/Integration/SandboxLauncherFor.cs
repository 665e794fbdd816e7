using DragonflyMigration.Engine;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration.Engine.Tests.Integration
{
    internal static class SandboxLauncherFor
    {
        public static Task<SandboxTopology> ReplicaAndTarget() =>
            SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, ReplicaCount = 1, RedisTarget = true }, NullObserver.Instance, CancellationToken.None);
    }
}

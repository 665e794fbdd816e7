using System.Linq;
using DragonflyMigration.Engine.Sandbox;
using EngineSandbox = DragonflyMigration.Engine.Sandbox.MigrationSandbox;

namespace DragonflyMigration
{
    /// <summary>A running local rehearsal topology, as <c>Start-MigrationSandbox</c> returns it.</summary>
    public sealed class MigrationSandbox
    {
        internal MigrationSandbox(EngineSandbox sandbox)
        {
            Engine = sandbox;
            MasterName = sandbox.MasterName;
            Source = sandbox.Source.Endpoint.ToString();
            Replicas = sandbox.Replicas.Select(r => r.Endpoint.ToString()).ToArray();
            Sentinels = sandbox.Sentinels.Select(s => s.Endpoint.ToString()).ToArray();
            Target = sandbox.Target?.Endpoint.ToString();
            TargetFlavor = sandbox.Target == null ? null : sandbox.Target.Kind == SandboxServerKind.Dragonfly ? "Dragonfly" : "Redis";
            Directory = sandbox.Directory;
        }

        internal EngineSandbox Engine { get; }

        public string MasterName { get; }

        public string Source { get; }

        public string[] Replicas { get; }

        public string[] Sentinels { get; }

        public string? Target { get; }

        /// <summary>Dragonfly when a dragonfly binary was found, otherwise Redis.</summary>
        public string? TargetFlavor { get; }

        public string Directory { get; }

        public bool IsRunning => !Engine.IsDisposed;

        public override string ToString() => $"{MasterName}: source {Source}, target {Target}";
    }
}

using System;
using System.Linq;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration
{
    /// <summary>A running local rehearsal topology, as <c>Start-MigrationSandbox</c> returns it.</summary>
    public sealed class MigrationSandbox
    {
        internal MigrationSandbox(SandboxTopology sandbox)
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

        internal SandboxTopology Engine { get; }

        public string MasterName { get; }

        public string Source { get; }

        public string[] Replicas { get; }

        public string[] Sentinels { get; }

        public string? Target { get; }

        /// <summary>Dragonfly when a dragonfly binary was found, otherwise Redis.</summary>
        public string? TargetFlavor { get; }

        public string Directory { get; }

        public bool IsRunning => !Engine.IsDisposed;

        /// <summary>Writes the sandbox's client had acknowledged so far (0 without -WriteRate).</summary>
        public long WritesAcknowledged => Engine.Writer?.Acknowledged ?? 0;

        /// <summary>Writes the sandbox's client saw fail.</summary>
        public long WritesFailed => Engine.Writer?.Failed ?? 0;

        /// <summary>The longest time the sandbox's client went without a successful write.</summary>
        public double LongestWriteGapMilliseconds => Math.Round(Engine.Writer?.LongestGap.TotalMilliseconds ?? 0, 1);

        public override string ToString() => $"{MasterName}: source {Source}, target {Target}";
    }
}

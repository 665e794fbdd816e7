using System;
using System.Collections.Generic;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>Many Sentinel groups to migrate as one change: each group with its options, defaults applied.</summary>
    public sealed class MigrationPlan
    {
        public IReadOnlyList<PlannedGroup> Groups { get; init; } = Array.Empty<PlannedGroup>();
    }

    /// <summary>One Sentinel group of a plan: where it is, how to reach it, and how to migrate it.</summary>
    public sealed class PlannedGroup
    {
        public string MasterName { get; init; } = string.Empty;

        public NodeEndpoint Source { get; init; } = null!;

        public NodeEndpoint Target { get; init; } = null!;

        public IReadOnlyList<NodeEndpoint> Sentinels { get; init; } = Array.Empty<NodeEndpoint>();

        /// <summary>The data nodes' credential, by reference; null when they need none.</summary>
        public CredentialReference? Credential { get; init; }

        /// <summary>The Sentinels' credential, by reference; null when they need none.</summary>
        public CredentialReference? SentinelCredential { get; init; }

        public TimeSpan MaxWritePause { get; init; }

        public TimeSpan StableFor { get; init; }

        public TimeSpan SteadyTimeout { get; init; }

        public bool ExcludeOtherReplicas { get; init; }

        /// <summary>Let replication replace keys the target holds.</summary>
        public bool ForceTarget { get; init; }
    }

    /// <summary>Where a credential comes from: never the secret itself, which a plan file must not hold.</summary>
    public enum CredentialSource
    {
        /// <summary>An Azure Automation credential asset (Get-AutomationPSCredential).</summary>
        Automation,

        /// <summary>A SecretManagement secret (Get-Secret).</summary>
        Secret,

        /// <summary>A PSCredential passed to the command, by the key it is passed under.</summary>
        Parameter,
    }

    public sealed class CredentialReference
    {
        public CredentialSource Source { get; init; }

        public string Name { get; init; } = string.Empty;

        public override string ToString() => $"{Source}:{Name}";
    }
}

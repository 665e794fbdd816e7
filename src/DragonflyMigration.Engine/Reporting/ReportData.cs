using System;
using System.Collections.Generic;
using DragonflyMigration.Engine.Replication;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>
    /// Everything a migration report shows, as plain values copied from the cmdlets' output objects.
    /// Nothing here is read from a server or a credential, so a report cannot carry a secret.
    /// </summary>
    public sealed class ReportData
    {
        public string Title { get; init; } = "Migration report";

        public string User { get; init; } = string.Empty;

        public string Machine { get; init; } = string.Empty;

        public string ModuleVersion { get; init; } = string.Empty;

        public DateTimeOffset Generated { get; init; }

        public string? MasterName { get; init; }

        public string? Source { get; init; }

        public string? Target { get; init; }

        /// <summary>The source's flavor and version ("Redis 7.0.15"), when an output object carried its node.</summary>
        public string? SourceServer { get; init; }

        /// <summary>The target's flavor and version ("Dragonfly df-v1.40.1"), when an output object carried its node.</summary>
        public string? TargetServer { get; init; }

        /// <summary>The target is Dragonfly, whose replicas Redis replicas cannot be; null when no object said.</summary>
        public bool? TargetIsDragonfly { get; init; }

        public IReadOnlyList<ReadinessRow> Readiness { get; init; } = Array.Empty<ReadinessRow>();

        public ReplicationData? Replication { get; init; }

        public FailoverData? Failover { get; init; }

        public VerificationData? Verification { get; init; }

        public IReadOnlyList<RetiredRow> Retired { get; init; } = Array.Empty<RetiredRow>();

        /// <summary>A plan run's groups (Invoke-MigrationPlan), each with its own cutover; empty for one group's runbook.</summary>
        public IReadOnlyList<GroupRow> Groups { get; init; } = Array.Empty<GroupRow>();

        /// <summary>The first moment the inputs record: the first replication sample.</summary>
        public DateTimeOffset? Started => Replication?.Samples.Count > 0 ? Replication.Samples[0].Timestamp : (DateTimeOffset?)null;
    }

    public sealed class ReadinessRow
    {
        public string Name { get; init; } = string.Empty;

        public string Category { get; init; } = string.Empty;

        /// <summary>Pass, Warn, Fail or Skipped.</summary>
        public string Status { get; init; } = string.Empty;

        public string Message { get; init; } = string.Empty;

        public string? Remediation { get; init; }
    }

    public sealed class ReplicationData
    {
        public string? Source { get; init; }

        public string? Target { get; init; }

        public bool IsSteady { get; init; }

        /// <summary>The target's replica-priority before Start-DragonflyReplication set it to 0.</summary>
        public long? TargetPriorityBefore { get; init; }

        public IReadOnlyList<LagSample> Samples { get; init; } = Array.Empty<LagSample>();
    }

    public sealed class FailoverData
    {
        public string MasterName { get; init; } = string.Empty;

        public string OldPrimary { get; init; } = string.Empty;

        public string NewPrimary { get; init; } = string.Empty;

        public bool AlreadyCompleted { get; init; }

        public IReadOnlyList<PhaseRow> Phases { get; init; } = Array.Empty<PhaseRow>();

        public double WritePauseMilliseconds { get; init; }

        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> ConfirmingSentinels { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> ExcludedReplicas { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> UnpromotableReplicas { get; init; } = Array.Empty<string>();

        public string? SentinelFailoverNote { get; init; }

        public IReadOnlyList<string> Recovered { get; init; } = Array.Empty<string>();
    }

    /// <summary>One group of a plan run: its outcome, its write pause, and what a writer measured on it.</summary>
    public sealed class GroupRow
    {
        public string MasterName { get; init; } = string.Empty;

        public string Source { get; init; } = string.Empty;

        public string Target { get; init; } = string.Empty;

        public string Requested { get; init; } = string.Empty;

        public int Wave { get; init; }

        /// <summary>Succeeded, Failed or Skipped.</summary>
        public string Result { get; init; } = string.Empty;

        public string? StageBefore { get; init; }

        public string? StageAfter { get; init; }

        public string? ErrorId { get; init; }

        public string Detail { get; init; } = string.Empty;

        public double? WritePauseMilliseconds { get; init; }

        /// <summary>Writes a writer measured on this group (Measure-SandboxWrite); null when none was given.</summary>
        public long? AcknowledgedWrites { get; init; }

        public long? LostWrites { get; init; }

        public FailoverData? Cutover { get; init; }
    }

    public sealed class PhaseRow
    {
        public string Name { get; init; } = string.Empty;

        public double DurationMilliseconds { get; init; }

        public bool Succeeded { get; init; }

        public string Detail { get; init; } = string.Empty;
    }

    public sealed class VerificationData
    {
        public string Source { get; init; } = string.Empty;

        public string Target { get; init; } = string.Empty;

        public long KeysCompared { get; init; }

        public bool Full { get; init; }

        public bool CountsMatch { get; init; }

        public int DifferenceCount { get; init; }

        /// <summary>One node replicated the other while they were compared (keys in flight were waited for).</summary>
        public bool Live { get; init; }

        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        public bool IsEqual => CountsMatch && DifferenceCount == 0;

        public IReadOnlyList<DatabaseRow> Databases { get; init; } = Array.Empty<DatabaseRow>();

        public IReadOnlyList<DifferenceRow> Differences { get; init; } = Array.Empty<DifferenceRow>();
    }

    public sealed class DatabaseRow
    {
        public int Database { get; init; }

        public long SourceKeys { get; init; }

        public long TargetKeys { get; init; }

        public long SourcePersistentKeys { get; init; }

        public long TargetPersistentKeys { get; init; }
    }

    public sealed class DifferenceRow
    {
        public int Database { get; init; }

        public string Key { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string SourceValue { get; init; } = string.Empty;

        public string TargetValue { get; init; } = string.Empty;
    }

    public sealed class RetiredRow
    {
        public string Endpoint { get; init; } = string.Empty;

        public bool PriorityLowered { get; init; }

        public bool ShutDown { get; init; }

        public string? Note { get; init; }
    }
}

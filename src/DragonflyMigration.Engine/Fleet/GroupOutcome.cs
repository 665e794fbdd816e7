using System;
using System.Collections.Generic;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Readiness;

namespace DragonflyMigration.Engine.Fleet
{
    public enum GroupResult
    {
        /// <summary>The group reached the stage asked for (or was past it already).</summary>
        Succeeded,

        /// <summary>The group stopped on an error; its own guarantee held (a failed cutover undoes itself).</summary>
        Failed,

        /// <summary>The group was not run: a group of an earlier wave failed.</summary>
        Skipped,
    }

    /// <summary>What a plan run did with one group. A failure is this group's outcome, never the fleet's end.</summary>
    public sealed class GroupOutcome
    {
        public string MasterName { get; init; } = string.Empty;

        public NodeEndpoint Source { get; init; } = null!;

        public NodeEndpoint Target { get; init; } = null!;

        /// <summary>The stage asked for.</summary>
        public FleetStage Requested { get; init; }

        /// <summary>The wave the group ran in, from 1.</summary>
        public int Wave { get; init; }

        public GroupResult Result { get; init; }

        /// <summary>Where the group stood before the run; null when it could not be read.</summary>
        public MigrationStage? StageBefore { get; init; }

        /// <summary>Where the group stood when the run ended with it, as far as the run knows.</summary>
        public MigrationStage? StageAfter { get; init; }

        /// <summary>What happened, in a sentence.</summary>
        public string Detail { get; init; } = string.Empty;

        public MigrationException? Error { get; init; }

        /// <summary>The readiness checks that failed (NotReady).</summary>
        public IReadOnlyList<CheckResult> FailedChecks { get; init; } = Array.Empty<CheckResult>();

        /// <summary>The cutover this run made, when it made one.</summary>
        public CutoverResult? Cutover { get; init; }

        public TimeSpan Duration { get; init; }

        public override string ToString() => $"{MasterName}: {Result} ({Detail})";
    }
}

using System;
using System.Collections.Generic;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>What a completed (or already completed) cutover did.</summary>
    public sealed class CutoverResult
    {
        public string MasterName { get; init; } = string.Empty;

        public string OldPrimary { get; init; } = string.Empty;

        public string NewPrimary { get; init; } = string.Empty;

        /// <summary>True when the cutover had been done before and nothing was touched.</summary>
        public bool AlreadyCompleted { get; init; }

        public IReadOnlyList<PhaseRecord> Phases { get; init; } = Array.Empty<PhaseRecord>();

        /// <summary>From CLIENT PAUSE to CLIENT UNPAUSE on the source.</summary>
        public TimeSpan WritePause { get; init; }

        public long? SourceOffsetAtFreeze { get; init; }

        public long? TargetOffsetAtFreeze { get; init; }

        /// <summary>The replica the Sentinels were predicted to choose.</summary>
        public string? SentinelChoice { get; init; }

        public IReadOnlyList<string> ConfirmingSentinels { get; init; } = Array.Empty<string>();

        /// <summary>Other replicas whose priority was lowered to 0 for the cutover.</summary>
        public IReadOnlyList<string> ExcludedReplicas { get; init; } = Array.Empty<string>();
    }
}

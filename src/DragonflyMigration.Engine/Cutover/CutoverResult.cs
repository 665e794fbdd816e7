using System;
using System.Collections.Generic;
using System.Linq;

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

        /// <summary>Keys the source held with writes paused.</summary>
        public long? SourceKeysAtFreeze { get; init; }

        /// <summary>What the operator must look at although the cutover completed (a new primary short of keys, still loading).</summary>
        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> ConfirmingSentinels { get; init; } = Array.Empty<string>();

        /// <summary>Other replicas whose priority was lowered to 0 for the cutover.</summary>
        public IReadOnlyList<string> ExcludedReplicas { get; init; } = Array.Empty<string>();

        /// <summary>Other replicas set to priority 0 after the promotion because they cannot replicate the new primary.</summary>
        public IReadOnlyList<string> UnpromotableReplicas { get; init; } = Array.Empty<string>();

        /// <summary>When Sentinels are still in the failover after the confirmation: which, why, and by when it ends.</summary>
        public string? SentinelFailoverNote { get; init; }

        /// <summary>What this run put back or finished of an earlier run that died (from its journal); empty when there was none.</summary>
        public IReadOnlyList<string> Recovered { get; init; } = Array.Empty<string>();

        internal CutoverResult WithRecovered(IReadOnlyList<string> recovered) => new CutoverResult
        {
            MasterName = MasterName, OldPrimary = OldPrimary, NewPrimary = NewPrimary, AlreadyCompleted = AlreadyCompleted, Phases = Phases,
            WritePause = WritePause, SourceOffsetAtFreeze = SourceOffsetAtFreeze, TargetOffsetAtFreeze = TargetOffsetAtFreeze,
            SourceKeysAtFreeze = SourceKeysAtFreeze, Warnings = Warnings, ConfirmingSentinels = ConfirmingSentinels,
            ExcludedReplicas = ExcludedReplicas, UnpromotableReplicas = UnpromotableReplicas, SentinelFailoverNote = SentinelFailoverNote,
            Recovered = recovered.Concat(Recovered).ToList(),
        };
    }
}

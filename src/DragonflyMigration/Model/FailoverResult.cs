using System;
using System.Linq;
using DragonflyMigration.Engine.Cutover;

namespace DragonflyMigration
{
    /// <summary>What Invoke-SentinelFailover did: old and new primary, each phase, the write pause.</summary>
    public sealed class FailoverResult
    {
        internal FailoverResult(CutoverResult result)
        {
            MasterName = result.MasterName;
            OldPrimary = result.OldPrimary;
            NewPrimary = result.NewPrimary;
            AlreadyCompleted = result.AlreadyCompleted;
            Phases = result.Phases.Select(p => new FailoverPhase(p)).ToArray();
            WritePauseMilliseconds = Math.Round(result.WritePause.TotalMilliseconds, 1);
            SourceOffsetAtFreeze = result.SourceOffsetAtFreeze;
            SourceKeysAtFreeze = result.SourceKeysAtFreeze;
            Warnings = result.Warnings.ToArray();
            TargetOffsetAtFreeze = result.TargetOffsetAtFreeze;
            ConfirmingSentinels = result.ConfirmingSentinels.ToArray();
            ExcludedReplicas = result.ExcludedReplicas.ToArray();
            SentinelFailoverNote = result.SentinelFailoverNote;
            UnpromotableReplicas = result.UnpromotableReplicas.ToArray();
            Recovered = result.Recovered.ToArray();
        }

        public string MasterName { get; }

        public string OldPrimary { get; }

        public string NewPrimary { get; }

        /// <summary>The cutover had been done before; nothing was touched but what <see cref="Recovered"/> lists.</summary>
        public bool AlreadyCompleted { get; }

        public FailoverPhase[] Phases { get; }

        /// <summary>From CLIENT PAUSE to CLIENT UNPAUSE on the old primary.</summary>
        public double WritePauseMilliseconds { get; }

        public long? SourceOffsetAtFreeze { get; }

        public long? TargetOffsetAtFreeze { get; }

        /// <summary>Keys the source held with writes paused; the new primary is checked against it.</summary>
        public long? SourceKeysAtFreeze { get; }

        /// <summary>What to look at although the cutover completed (also written as warnings).</summary>
        public string[] Warnings { get; }

        public string[] ConfirmingSentinels { get; }

        /// <summary>Other replicas lowered to replica-priority 0 for the cutover, and left there (on a Dragonfly target their data stops at the cutover).</summary>
        public string[] ExcludedReplicas { get; }

        /// <summary>Other replicas set to priority 0 after the promotion: they cannot replicate the new primary (a Dragonfly).</summary>
        public string[] UnpromotableReplicas { get; }

        /// <summary>Set when a Sentinel is still in the failover after the confirmation: which, why, and by when it ends.</summary>
        public string? SentinelFailoverNote { get; }

        /// <summary>What this run put back or finished of an earlier run that died (kill -9, a crashed job); empty when there was none.</summary>
        public string[] Recovered { get; }

        public override string ToString() => $"{MasterName}: {OldPrimary} -> {NewPrimary}";
    }

    /// <summary>One named phase of a cutover.</summary>
    public sealed class FailoverPhase
    {
        internal FailoverPhase(PhaseRecord record)
        {
            Name = record.Phase.ToString();
            DurationMilliseconds = Math.Round(record.Duration.TotalMilliseconds, 1);
            Succeeded = record.Succeeded;
            Detail = record.Detail;
        }

        public string Name { get; }

        public double DurationMilliseconds { get; }

        public bool Succeeded { get; }

        public string Detail { get; }

        public override string ToString() => $"{Name} {DurationMilliseconds} ms";
    }
}

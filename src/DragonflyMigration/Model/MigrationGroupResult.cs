using System;
using System.Linq;
using DragonflyMigration.Engine.Fleet;

namespace DragonflyMigration
{
    /// <summary>
    /// What Invoke-MigrationPlan did with one group. Plain values only, so it survives serialization
    /// (Export-Clixml, a job's output, an Azure Automation child job) and still feeds Export-MigrationReport.
    /// </summary>
    public sealed class MigrationGroupResult
    {
        internal MigrationGroupResult(GroupOutcome outcome)
        {
            MasterName = outcome.MasterName;
            Source = outcome.Source.ToString();
            Target = outcome.Target.ToString();
            Requested = outcome.Requested.ToString();
            Wave = outcome.Wave;
            Result = outcome.Result.ToString();
            StageBefore = outcome.StageBefore?.ToString();
            StageAfter = outcome.StageAfter?.ToString();
            Detail = outcome.Detail;
            ErrorId = outcome.Error?.Kind.ToString();
            FailedChecks = outcome.FailedChecks.Select(c => $"{c.Name}: {c.Message}").ToArray();
            Failover = outcome.Cutover == null ? null : new FailoverResult(outcome.Cutover);
            WritePauseMilliseconds = outcome.Cutover == null || outcome.Cutover.AlreadyCompleted ? (double?)null : Math.Round(outcome.Cutover.WritePause.TotalMilliseconds, 1);
            DurationSeconds = Math.Round(outcome.Duration.TotalSeconds, 1);
        }

        public string MasterName { get; }

        public string Source { get; }

        public string Target { get; }

        /// <summary>The stage asked for: Readiness, Steady, CutOver or Completed.</summary>
        public string Requested { get; }

        /// <summary>The wave the group ran in, from 1.</summary>
        public int Wave { get; }

        /// <summary>Succeeded, Failed, or Skipped (a group of an earlier wave failed).</summary>
        public string Result { get; }

        /// <summary>Where the group stood before (Get-MigrationStage's stages); null when it could not be read.</summary>
        public string? StageBefore { get; }

        /// <summary>Where it stood when the run ended with it.</summary>
        public string? StageAfter { get; }

        public string Detail { get; }

        /// <summary>The error's id (as in the error record's FullyQualifiedErrorId), or null.</summary>
        public string? ErrorId { get; }

        /// <summary>The readiness checks that failed, as "Name: message".</summary>
        public string[] FailedChecks { get; }

        /// <summary>The cutover this run made or found done, or null.</summary>
        public FailoverResult? Failover { get; }

        /// <summary>The write pause of a cutover this run made.</summary>
        public double? WritePauseMilliseconds { get; }

        public double DurationSeconds { get; }

        public override string ToString() => $"{MasterName}: {Result}";
    }
}

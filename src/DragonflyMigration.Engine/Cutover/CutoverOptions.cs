using System;
using DragonflyMigration.Engine.Options;
using DragonflyMigration.Engine.Replication;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>Bounds and choices of one cutover.</summary>
    public sealed class CutoverOptions
    {
        public string MasterName { get; init; } = string.Empty;

        /// <summary>The longest the source's writes may be paused; kept well below down-after-milliseconds.</summary>
        public TimeSpan MaxWritePause { get; init; } = OptionRanges.MaxWritePause.Default;

        /// <summary>Lower other eligible replicas to priority 0 for the cutover instead of refusing.</summary>
        public bool ExcludeOtherReplicas { get; init; }

        /// <summary>The priority the target gets for the promotion (lower wins; 0 would mean never).</summary>
        public long ArmPriority { get; init; } = OptionRanges.ArmPriority;

        /// <summary>Includes waiting for every Sentinel to list the target and for steady replication.</summary>
        public TimeSpan PreflightTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Sentinel refreshes a replica's INFO every 10 s by default; arming waits for every Sentinel to see it.</summary>
        public TimeSpan ArmTimeout { get; init; } = TimeSpan.FromSeconds(45);

        public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary>What steady means at the preflight: the definition Wait-ReplicationSteady uses, judged once.</summary>
        public SteadyCriteria Steadiness { get; init; } = SteadyCriteria.AtCutover;
    }
}

using System;
using DragonflyMigration.Engine.Options;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>The limits readiness checks judge against; every one can be overridden by the caller.</summary>
    public sealed class ReadinessThresholds
    {
        /// <summary>A round trip slower than this is a warning: every cutover step pays it several times.</summary>
        public TimeSpan MaxRoundTrip { get; init; } = OptionRanges.MaxRoundTrip.Default;

        /// <summary>The write pause the cutover is planned with (Invoke-SentinelFailover -MaxWritePause).</summary>
        public TimeSpan PlannedWritePause { get; init; } = OptionRanges.MaxWritePause.Default;

        /// <summary>Spare room the target's maxmemory should leave above the source's dataset.</summary>
        public double MemoryHeadroom { get; init; } = 0.2;

        /// <summary>A key whose MEMORY USAGE exceeds this is reported as big.</summary>
        public long BigKeyBytes { get; init; } = 16L * 1024 * 1024;

        /// <summary>How many keys the big-key check samples; its cost grows with this, not with the keyspace.</summary>
        public int BigKeySampleSize { get; init; } = 1000;

        /// <summary>A source whose last successful save is older than this has no recent backup.</summary>
        public TimeSpan MaxTimeSinceSave { get; init; } = OptionRanges.MaxTimeSinceSave.Default;

        /// <summary>How long the full sync is expected to take; null to estimate it from the dataset size.</summary>
        public TimeSpan? ExpectedSyncTime { get; init; }

        /// <summary>The load rate assumed when the sync time is estimated (bytes of dataset per second).</summary>
        public long AssumedSyncBytesPerSecond { get; init; } = 50L * 1024 * 1024;

        /// <summary>How long the source's write rate is measured over.</summary>
        public TimeSpan WriteRateWindow { get; init; } = OptionRanges.WriteRateWindow.Default;

        /// <summary>A target that is not Dragonfly fails TargetVersion instead of passing as a rehearsal.</summary>
        public bool RequireDragonfly { get; init; }

        /// <summary>The priority the cutover arms the target with; replicas at or below it compete.</summary>
        public long ArmPriority { get; init; } = OptionRanges.ArmPriority;
    }
}

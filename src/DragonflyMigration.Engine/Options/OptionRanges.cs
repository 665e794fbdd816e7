using System;
using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Options
{
    /// <summary>
    /// Every duration option's one default and one accepted range. The engine's option classes take
    /// their defaults from here and the cmdlets validate their parameters against the same entries
    /// when binding, so a default or a limit is written once.
    /// </summary>
    public static class OptionRanges
    {
        /// <summary>The longest write pause of the cutover (Invoke-SentinelFailover, and what readiness plans for).</summary>
        public static readonly DurationOption MaxWritePause = new DurationOption(nameof(MaxWritePause), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

        public static readonly DurationOption ConnectTimeout = new DurationOption(nameof(ConnectTimeout), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));

        /// <summary>Well under Azure Automation's 3-hour job limit by default.</summary>
        public static readonly DurationOption SteadyTimeout = new DurationOption(nameof(SteadyTimeout), TimeSpan.FromHours(2), TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));

        public static readonly DurationOption StableFor = new DurationOption(nameof(StableFor), TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromDays(1));

        public static readonly DurationOption MaxRoundTrip = new DurationOption(nameof(MaxRoundTrip), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));

        public static readonly DurationOption MaxTimeSinceSave = new DurationOption(nameof(MaxTimeSinceSave), TimeSpan.FromHours(24), TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));

        /// <summary>No default: estimated from the dataset size unless given.</summary>
        public static readonly DurationOption ExpectedSyncTime = new DurationOption(nameof(ExpectedSyncTime), null, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));

        public static readonly DurationOption WriteRateWindow = new DurationOption(nameof(WriteRateWindow), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        public static readonly DurationOption TtlTolerance = new DurationOption(nameof(TtlTolerance), TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromDays(1));

        /// <summary>The priority the cutover arms the target with; replicas at or below it compete.</summary>
        public const long ArmPriority = 1;

        private static readonly IReadOnlyDictionary<string, DurationOption> ByName = new[]
        {
            MaxWritePause, ConnectTimeout, SteadyTimeout, StableFor, MaxRoundTrip, MaxTimeSinceSave, ExpectedSyncTime, WriteRateWindow, TtlTolerance,
        }.ToDictionary(o => o.Name, StringComparer.Ordinal);

        /// <summary>The option of that name; an unknown name is a programming error.</summary>
        public static DurationOption Duration(string name) =>
            ByName.TryGetValue(name, out var option) ? option : throw new ArgumentException($"No duration option is named '{name}'.", nameof(name));
    }
}

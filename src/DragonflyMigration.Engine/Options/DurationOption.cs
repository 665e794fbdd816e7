using System;
using DragonflyMigration.Engine.Formatting;

namespace DragonflyMigration.Engine.Options
{
    /// <summary>A duration option: its one default and the range it accepts.</summary>
    public sealed class DurationOption
    {
        internal DurationOption(string name, TimeSpan? @default, TimeSpan minimum, TimeSpan maximum)
        {
            Name = name;
            Default = @default ?? minimum;
            HasDefault = @default.HasValue;
            Minimum = minimum;
            Maximum = maximum;
        }

        public string Name { get; }

        /// <summary>The default; the minimum for an option that has none (see <see cref="HasDefault"/>).</summary>
        public TimeSpan Default { get; }

        public bool HasDefault { get; }

        public TimeSpan Minimum { get; }

        public TimeSpan Maximum { get; }

        public bool Accepts(TimeSpan value) => value >= Minimum && value <= Maximum;

        public string DescribeRange() => $"{Units.Duration(Minimum)} to {Units.Duration(Maximum)}";
    }
}

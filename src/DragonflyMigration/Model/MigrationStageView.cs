using DragonflyMigration.Engine.Fleet;

namespace DragonflyMigration
{
    /// <summary>Where one group's migration stands, from Get-MigrationStage.</summary>
    public sealed class MigrationStageView
    {
        internal MigrationStageView(string masterName, string source, string target, GroupStageReading reading)
        {
            MasterName = masterName;
            Source = source;
            Target = target;
            Stage = reading.Stage.ToString();
            Primary = reading.Primary?.ToString();
            Detail = reading.Detail;
        }

        public string MasterName { get; }

        public string Source { get; }

        public string Target { get; }

        /// <summary>NotStarted, Replicating, Steady, Broken, Interrupted, CutOver, Completed or Elsewhere.</summary>
        public string Stage { get; }

        /// <summary>The primary the Sentinels name.</summary>
        public string? Primary { get; }

        /// <summary>What the stage rests on.</summary>
        public string Detail { get; }

        public override string ToString() => $"{MasterName}: {Stage}";
    }
}

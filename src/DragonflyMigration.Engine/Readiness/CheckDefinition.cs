using System;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>The costly facts a check needs; the reader gathers them only when a selected check does.</summary>
    [Flags]
    public enum FactNeeds
    {
        None = 0,
        KeySample = 1,
        WriteRate = 2,
    }

    /// <summary>One readiness check: its stable name, its category and the rule that judges the facts.</summary>
    public sealed class CheckDefinition
    {
        public CheckDefinition(string name, string category, Func<ReadinessFacts, ReadinessThresholds, Verdict> evaluate, FactNeeds needs = FactNeeds.None)
        {
            Name = name;
            Category = category;
            Evaluate = evaluate;
            Needs = needs;
        }

        public string Name { get; }

        public string Category { get; }

        public FactNeeds Needs { get; }

        public Func<ReadinessFacts, ReadinessThresholds, Verdict> Evaluate { get; }
    }
}

using System;
using System.Linq;
using DragonflyMigration.Engine.Fleet;

namespace DragonflyMigration
{
    /// <summary>A migration plan read from its file by Import-MigrationPlan: its groups, defaults applied.</summary>
    public sealed class MigrationPlan
    {
        internal MigrationPlan(string path, Engine.Fleet.MigrationPlan plan)
        {
            Path = path;
            Groups = plan.Groups.Select(g => new MigrationPlanGroup(g)).ToArray();
        }

        /// <summary>The plan file.</summary>
        public string Path { get; }

        public MigrationPlanGroup[] Groups { get; }

        public override string ToString() => $"{Path}: {Groups.Length} group(s)";
    }

    /// <summary>One Sentinel group of a plan.</summary>
    public sealed class MigrationPlanGroup
    {
        internal MigrationPlanGroup(PlannedGroup group)
        {
            Planned = group;
            MasterName = group.MasterName;
            Source = group.Source.ToString();
            Target = group.Target.ToString();
            Sentinels = group.Sentinels.Select(s => s.ToString()).ToArray();
            Credential = group.Credential?.ToString();
            SentinelCredential = group.SentinelCredential?.ToString();
            MaxWritePause = group.MaxWritePause;
            StableFor = group.StableFor;
            SteadyTimeout = group.SteadyTimeout;
            ExcludeOtherReplicas = group.ExcludeOtherReplicas;
            ForceTarget = group.ForceTarget;
        }

        /// <summary>The group as the engine runs it (Invoke-MigrationPlan).</summary>
        internal PlannedGroup Planned { get; }

        public string MasterName { get; }

        public string Source { get; }

        public string Target { get; }

        public string[] Sentinels { get; }

        /// <summary>Where the data nodes' credential comes from ("Automation:name", "Secret:name", "Parameter:key"), or null.</summary>
        public string? Credential { get; }

        public string? SentinelCredential { get; }

        public TimeSpan MaxWritePause { get; }

        public TimeSpan StableFor { get; }

        public TimeSpan SteadyTimeout { get; }

        public bool ExcludeOtherReplicas { get; }

        public bool ForceTarget { get; }

        public override string ToString() => $"{MasterName}: {Source} -> {Target}";
    }
}

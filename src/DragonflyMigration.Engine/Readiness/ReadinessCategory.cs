namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>The groups checks are filed under (what -Category matches).</summary>
    public static class ReadinessCategory
    {
        public const string Connectivity = "Connectivity";
        public const string Topology = "Topology";
        public const string Compatibility = "Compatibility";
        public const string Memory = "Memory";
        public const string Replication = "Replication";
        public const string Data = "Data";
        public const string Backup = "Backup";
        public const string Sentinel = "Sentinel";
        public const string Security = "Security";

        /// <summary>What the applications use that behaves differently on Dragonfly: warnings only.</summary>
        public const string Application = "Application";
    }
}

using System.Collections.Generic;
using DragonflyMigration.Engine.Readiness.Rules;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>Every readiness check, in the order they are reported. Names are stable: runbooks and CI filter on them.</summary>
    public static class ReadinessCatalog
    {
        public static IReadOnlyList<CheckDefinition> All { get; } = new List<CheckDefinition>
        {
            new CheckDefinition("SourceReachable", ReadinessCategory.Connectivity, ConnectivityRules.SourceReachable),
            new CheckDefinition("TargetReachable", ReadinessCategory.Connectivity, ConnectivityRules.TargetReachable),
            new CheckDefinition("SentinelsReachable", ReadinessCategory.Connectivity, ConnectivityRules.SentinelsReachable),
            new CheckDefinition("SourceIsPrimary", ReadinessCategory.Topology, TopologyRules.SourceIsPrimary),
            new CheckDefinition("TargetIsEmpty", ReadinessCategory.Topology, TopologyRules.TargetIsEmpty),
            new CheckDefinition("TargetIsFree", ReadinessCategory.Topology, TopologyRules.TargetIsFree),
            new CheckDefinition("TargetVersion", ReadinessCategory.Compatibility, CompatibilityRules.TargetVersion),
            new CheckDefinition("SourceVersion", ReadinessCategory.Compatibility, CompatibilityRules.SourceVersion),
            new CheckDefinition("RedisFunctions", ReadinessCategory.Compatibility, CompatibilityRules.RedisFunctions),
            new CheckDefinition("Modules", ReadinessCategory.Compatibility, CompatibilityRules.Modules),
            new CheckDefinition("DatabaseCount", ReadinessCategory.Compatibility, CompatibilityRules.DatabaseCount),
            new CheckDefinition("ReplicatedCommands", ReadinessCategory.Compatibility, CompatibilityRules.ReplicatedCommands),
            new CheckDefinition("TargetMemory", ReadinessCategory.Memory, MemoryRules.TargetMemory),
            new CheckDefinition("EvictionPolicy", ReadinessCategory.Memory, MemoryRules.EvictionPolicy),
            new CheckDefinition("OutputBufferLimit", ReadinessCategory.Replication, ReplicationRules.OutputBufferLimit, FactNeeds.WriteRate),
            new CheckDefinition("BigKeys", ReadinessCategory.Data, DataRules.BigKeys, FactNeeds.KeySample),
            new CheckDefinition("LastSave", ReadinessCategory.Backup, DataRules.LastSave),
            new CheckDefinition("SentinelAgreement", ReadinessCategory.Sentinel, SentinelRules.SentinelAgreement),
            new CheckDefinition("SentinelQuorum", ReadinessCategory.Sentinel, SentinelRules.SentinelQuorum),
            new CheckDefinition("SentinelTilt", ReadinessCategory.Sentinel, SentinelRules.SentinelTilt),
            new CheckDefinition("SentinelDownAfter", ReadinessCategory.Sentinel, SentinelRules.SentinelDownAfter),
            new CheckDefinition("SentinelPromotion", ReadinessCategory.Sentinel, SentinelRules.SentinelPromotion),
            new CheckDefinition("SentinelOtherReplicas", ReadinessCategory.Sentinel, SentinelRules.SentinelOtherReplicas),
            new CheckDefinition("ToolAccess", ReadinessCategory.Security, SecurityRules.ToolAccess),
            new CheckDefinition("AclUsers", ReadinessCategory.Security, SecurityRules.AclUsers),
            new CheckDefinition("SentinelAccess", ReadinessCategory.Security, SecurityRules.SentinelAccess),
            new CheckDefinition("TlsParity", ReadinessCategory.Security, SecurityRules.TlsParity),
            new CheckDefinition("KeyspaceNotifications", ReadinessCategory.Application, ApplicationRules.KeyspaceNotifications),
            new CheckDefinition("ClientTracking", ReadinessCategory.Application, ApplicationRules.ClientTracking),
            new CheckDefinition("LuaScripts", ReadinessCategory.Application, ApplicationRules.LuaScripts),
        };
    }
}

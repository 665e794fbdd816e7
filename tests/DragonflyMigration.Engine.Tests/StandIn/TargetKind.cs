using System.Collections.Generic;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>The migration targets the end-to-end suites run against.</summary>
    public enum TargetKind
    {
        /// <summary>A second redis-server: a rehearsal target.</summary>
        Redis,

        /// <summary>The stand-in with v1.21.4's shapes, started valkey-compatible as readiness asks.</summary>
        StandIn1_21,

        /// <summary>The stand-in with v1.21.4's default INFO (role:replica), which Sentinel cannot read.</summary>
        StandIn1_21Default,

        /// <summary>The stand-in with v1.35.1's shapes (the replica's own offset reads 0).</summary>
        StandIn1_35,

        /// <summary>The stand-in with v1.40.1's shapes.</summary>
        StandIn1_40,

        /// <summary>A real dragonfly from PATH or DRAGONFLY_PATH, only when there is one.</summary>
        Dragonfly,
    }

    internal static class TargetKinds
    {
        /// <summary>Every target this machine can run: a real Dragonfly joins the matrix whenever one is present.</summary>
        public static IEnumerable<object[]> Available()
        {
            yield return new object[] { TargetKind.Redis };
            yield return new object[] { TargetKind.StandIn1_21 };
            yield return new object[] { TargetKind.StandIn1_35 };
            yield return new object[] { TargetKind.StandIn1_40 };
            if (ServerBinaries.Dragonfly() != null) yield return new object[] { TargetKind.Dragonfly };
        }

        public static DragonflyProfile? Profile(TargetKind kind) => kind switch
        {
            TargetKind.StandIn1_21 => DragonflyProfile.V1_21_4_ValkeyCompatible,
            TargetKind.StandIn1_21Default => DragonflyProfile.V1_21_4,
            TargetKind.StandIn1_35 => DragonflyProfile.V1_35_1,
            TargetKind.StandIn1_40 => DragonflyProfile.V1_40_1,
            _ => null,
        };
    }
}

using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Whether two node arguments are one server, by its identity rather than the text of its address: the
    /// same endpoint, an address it answers to, or the same run_id (one server reached by a host name and by an
    /// IP, or through a proxy). Every command that takes a source and a target refuses them as one.
    /// </summary>
    public static class SameServer
    {
        public static bool Is(NodeClient source, NodeClient target) => Is(source.Addresses, source.Identity, target.Addresses, target.Identity);

        public static bool Is(NodeAddresses source, ServerIdentity sourceIdentity, NodeAddresses target, ServerIdentity targetIdentity) =>
            source.Matches(target.Endpoint) || target.Matches(source.Endpoint)
            || (!string.IsNullOrEmpty(sourceIdentity.RunId) && sourceIdentity.RunId == targetIdentity.RunId);

        /// <summary>The refusal, naming both arguments.</summary>
        public static MigrationException Refusal(NodeAddresses source, NodeAddresses target) =>
            new MigrationException(MigrationErrorKind.TargetIsSource,
                $"-Source {source} and -Target {target} are the same server.", target.ToString())
            { Remedy = "Give the Redis primary as -Source and the Dragonfly node as -Target (Get-ReplicationStatus shows which is which)." };
    }
}

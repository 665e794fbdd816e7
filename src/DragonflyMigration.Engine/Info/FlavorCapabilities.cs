using System;
using System.Collections.Generic;

namespace DragonflyMigration.Engine.Info
{
    /// <summary>
    /// What the migration procedure may rely on for a given flavor and version. This is the one place
    /// that knows flavor differences; everything else asks it.
    /// The map, with where each fact comes from: docs/architecture.md#flavor-capabilities.
    /// </summary>
    public sealed class FlavorCapabilities
    {
        /// <summary>The first Dragonfly version of each capability: the map's data, and the versions messages name.</summary>
        public static class DragonflySince
        {
            public static readonly Version SlaveRoleDefault = new Version(1, 22, 0);
            public static readonly Version RuntimePriority = new Version(1, 21, 0);
            public static readonly Version TrustworthyOffset = new Version(1, 39, 0);
            public static readonly Version ClientKill = new Version(1, 14, 0);
            public static readonly Version ConfigRewrite = new Version(1, 32, 0);

            /// <summary>A version as messages name it: <c>v1.22</c>.</summary>
            public static string Name(Version version) => $"v{version.Major}.{version.Minor}";
        }

        private FlavorCapabilities() { }

        /// <summary>INFO says <c>role:slave</c> (what Sentinel parses) rather than <c>role:replica</c> by default.</summary>
        public bool ReportsSlaveRole { get; private set; }

        /// <summary><c>CONFIG SET replica-priority</c> works while running.</summary>
        public bool RuntimeReplicaPriority { get; private set; }

        /// <summary>The replica's own <c>slave_repl_offset</c> is right when its primary is Redis.</summary>
        public bool TrustworthyReplicaOffset { get; private set; }

        /// <summary><c>CLIENT KILL</c> exists: Sentinel's promotion transaction and the cutover's fence disconnect clients with it.</summary>
        public bool SupportsClientKill { get; private set; }

        /// <summary><c>CONFIG REWRITE</c> exists, so runtime settings can be persisted (part of Sentinel's promotion transaction).</summary>
        public bool SupportsConfigRewrite { get; private set; }

        /// <summary>
        /// Commands (Redis's lower-case names, subcommands as <c>function|load</c>) that the flavor drops
        /// without a word when they arrive in the replication stream: its data then differs from the
        /// source's while the offsets still agree. Empty for the Redis family.
        /// </summary>
        public IReadOnlyCollection<string> DroppedFromReplication { get; private set; } = Array.Empty<string>();

        /// <summary>Dragonfly lacks these; Redis propagates every hash-field expiry as HPEXPIREAT.</summary>
        internal static readonly IReadOnlyCollection<string> DragonflyDropped = new[]
        {
            "swapdb", "geosearchstore", "hexpire", "hpexpire", "hexpireat", "hpexpireat", "hpersist", "hsetex", "hgetex",
            "function|load", "function|delete", "function|flush", "function|restore",
        };

        /// <summary>The server can serve <c>PSYNC</c>, i.e. have Redis replicas of its own.</summary>
        public bool CanServeRedisReplicas { get; private set; }

        public static FlavorCapabilities For(ServerFlavor flavor, Version? version)
        {
            if (flavor == ServerFlavor.Dragonfly)
            {
                var v = version ?? new Version(0, 0);
                return new FlavorCapabilities
                {
                    ReportsSlaveRole = v >= DragonflySince.SlaveRoleDefault,
                    RuntimeReplicaPriority = v >= DragonflySince.RuntimePriority,
                    TrustworthyReplicaOffset = v >= DragonflySince.TrustworthyOffset,
                    SupportsClientKill = v >= DragonflySince.ClientKill,
                    SupportsConfigRewrite = v >= DragonflySince.ConfigRewrite,
                    CanServeRedisReplicas = false,
                    DroppedFromReplication = DragonflyDropped,
                };
            }

            // Redis and its forks share the replication code paths the procedure uses.
            return new FlavorCapabilities
            {
                ReportsSlaveRole = true,
                RuntimeReplicaPriority = true,
                TrustworthyReplicaOffset = true,
                SupportsClientKill = true,
                SupportsConfigRewrite = true,
                CanServeRedisReplicas = true,
            };
        }
    }
}

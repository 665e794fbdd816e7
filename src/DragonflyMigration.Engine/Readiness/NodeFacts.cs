using System;
using System.Collections.Generic;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>
    /// What the readiness rules know about one data node, read once by <see cref="NodeFactReader"/>.
    /// Plain data, so the rules can be tested on texts without a server. A null fact means the node
    /// did not answer that question (an unknown command, a missing permission).
    /// </summary>
    public sealed class NodeFacts
    {
        public Endpoints.NodeEndpoint Endpoint { get; init; } = null!;

        private Endpoints.NodeAddresses? _addresses;

        /// <summary>Every address the node answers to; the endpoint alone when no connection told more.</summary>
        public Endpoints.NodeAddresses Addresses
        {
            get => _addresses ?? Endpoints.NodeAddresses.Of(Endpoint);
            init => _addresses = value;
        }

        /// <summary>Why the node could not be read at all; null when it answered.</summary>
        public string? Unreachable { get; init; }

        public bool AuthenticationFailed { get; init; }

        public TimeSpan? RoundTrip { get; init; }

        public bool UsesTls { get; init; }

        public InfoDocument Info { get; init; } = InfoDocument.Parse(null);

        public ServerIdentity Identity => ServerIdentity.FromInfo(Info);

        public FlavorCapabilities Capabilities => FlavorCapabilities.For(Identity.Flavor, Identity.Version);

        public bool IsDragonfly => Identity.Flavor == ServerFlavor.Dragonfly;

        /// <summary>Settings read with CONFIG GET, by name; those the server refused are absent.</summary>
        public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>INFO commandstats: calls per command since the counters were last reset.</summary>
        public InfoDocument CommandStats { get; init; } = InfoDocument.Parse(null);

        /// <summary>Names of the Redis Functions libraries loaded; null when FUNCTION LIST is not available.</summary>
        public IReadOnlyList<string>? FunctionLibraries { get; init; }

        /// <summary>Names of the loaded modules; null when MODULE LIST is not available.</summary>
        public IReadOnlyList<string>? Modules { get; init; }

        /// <summary>ACL user names; null when ACL USERS is not available to this connection.</summary>
        public IReadOnlyList<string>? AclUsers { get; init; }

        /// <summary>
        /// Per ACL user, the first command of Sentinel's promotion and monitoring that ACL DRYRUN says the
        /// user may not run (null when it may run them all); null when ACL DRYRUN is not available.
        /// </summary>
        public IReadOnlyDictionary<string, string?>? SentinelCommandDenials { get; init; }

        /// <summary>
        /// The connecting user and the tool's own commands (<see cref="Connections.ToolAccess.Commands"/>) that
        /// ACL DRYRUN says it may not run; null when ACL WHOAMI or ACL DRYRUN is not available.
        /// </summary>
        public Connections.ToolAccessFacts? ToolAccess { get; init; }

        /// <summary>Replication bytes written per second, measured on the source over the window.</summary>
        public double? WriteBytesPerSecond { get; init; }

        /// <summary>What the write rate was measured from (the replication offset, or bytes received).</summary>
        public string? WriteRateSource { get; init; }

        /// <summary>The sampled keys and their MEMORY USAGE, largest first; null when not sampled.</summary>
        public IReadOnlyList<KeySize>? KeySample { get; init; }

        /// <summary>Whether the node knows PSYNC, as COMMAND INFO says (<see cref="Connections.CommandSupport"/>); null when it would not say.</summary>
        public bool? KnowsPsync { get; init; }

        /// <summary>Redis replicas can replicate it: observed where the node says, predicted from its flavor otherwise (the preflight's rule).</summary>
        public bool ServesRedisReplicas => KnowsPsync ?? Capabilities.CanServeRedisReplicas;

        public string? ConfigValue(string name) => Config.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>One sampled key and its memory use.</summary>
    public sealed class KeySize
    {
        public KeySize(int database, string key, long bytes)
        {
            Database = database;
            Key = key;
            Bytes = bytes;
        }

        public int Database { get; }

        public string Key { get; }

        public long Bytes { get; }

        public override string ToString() => Database == 0 ? $"{Key} ({Bytes} bytes)" : $"db{Database} {Key} ({Bytes} bytes)";
    }
}

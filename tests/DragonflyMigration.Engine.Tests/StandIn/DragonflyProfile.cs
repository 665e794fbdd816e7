using System;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>How the replica's own offset shows in a Dragonfly version's INFO.</summary>
    internal enum OffsetShown
    {
        /// <summary>No <c>slave_repl_offset</c> line at all (v1.21).</summary>
        Absent,

        /// <summary><c>slave_repl_offset:0</c> after the full sync under a Redis primary (v1.22 to v1.38).</summary>
        Zero,

        /// <summary>The real offset after the full sync (v1.39 and later).</summary>
        Real,
    }

    /// <summary>
    /// What one Dragonfly version shows to the outside, as observed on real v1.21.4, v1.35.1 and v1.40.1
    /// (docs/architecture.md#flavor-capabilities): the shapes the stand-in reproduces.
    /// </summary>
    internal sealed class DragonflyProfile
    {
        public static readonly DragonflyProfile V1_21_4 = new DragonflyProfile("1.21.4", "6.2.11", OffsetShown.Absent, slaveRole: false, configRewrite: false, psyncCounters: false);

        /// <summary>v1.21.4 started with --info_replication_valkey_compatible=true, as readiness asks: Sentinel can read it.</summary>
        public static readonly DragonflyProfile V1_21_4_ValkeyCompatible = new DragonflyProfile("1.21.4", "6.2.11", OffsetShown.Absent, slaveRole: true, configRewrite: false, psyncCounters: false);

        public static readonly DragonflyProfile V1_35_1 = new DragonflyProfile("1.35.1", "7.4.0", OffsetShown.Zero, slaveRole: true, configRewrite: true, psyncCounters: true);

        public static readonly DragonflyProfile V1_40_1 = new DragonflyProfile("1.40.1", "7.4.0", OffsetShown.Real, slaveRole: true, configRewrite: true, psyncCounters: true);

        private DragonflyProfile(string version, string redisVersion, OffsetShown offset, bool slaveRole, bool configRewrite, bool psyncCounters)
        {
            Version = version;
            RedisVersion = redisVersion;
            Offset = offset;
            SlaveRole = slaveRole;
            ConfigRewrite = configRewrite;
            PsyncCounters = psyncCounters;
            var seenOnV1_40 = System.Version.Parse(version) >= new System.Version(1, 40);
            AnnounceSettings = seenOnV1_40;
            MaxmemoryInBytes = seenOnV1_40;
            NilForSeveralCommandInfoNames = seenOnV1_40;
            HasWait = seenOnV1_40;
            AclDryRunTakesArguments = seenOnV1_40;
            ClientListFilters = seenOnV1_40;
        }

        public string Version { get; }

        /// <summary>The <c>redis_version</c> it claims.</summary>
        public string RedisVersion { get; }

        public OffsetShown Offset { get; }

        /// <summary>INFO and ROLE say <c>slave</c> (v1.22+, or the valkey-compatible flag), else <c>replica</c>.</summary>
        public bool SlaveRole { get; }

        /// <summary>CONFIG REWRITE exists (v1.32+); it still fails without --flagfile.</summary>
        public bool ConfigRewrite { get; }

        /// <summary>INFO prints psync_attempts and psync_successes (always 0 under a Redis primary).</summary>
        public bool PsyncCounters { get; }

        // What follows was seen on v1.40.1 and not on v1.35.1 (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands);
        // which release in between brought it is not known, so the stand-in takes it from v1.40. v1.21.4 is taken to be like v1.35.1.

        /// <summary>CONFIG GET lists announce_port and cluster_announce_ip.</summary>
        public bool AnnounceSettings { get; }

        /// <summary>CONFIG GET maxmemory says bytes, not a human-readable size (18.47GiB).</summary>
        public bool MaxmemoryInBytes { get; }

        /// <summary>COMMAND INFO with several names, one missing, is nil as a whole, not <c>ERR syntax error</c>.</summary>
        public bool NilForSeveralCommandInfoNames { get; }

        /// <summary>WAIT exists (as a replica it refuses to run).</summary>
        public bool HasWait { get; }

        /// <summary>ACL DRYRUN takes the command's arguments, not only its name.</summary>
        public bool AclDryRunTakesArguments { get; }

        /// <summary>CLIENT LIST takes filters (ID ...), not only no argument.</summary>
        public bool ClientListFilters { get; }

        public override string ToString() => $"Dragonfly stand-in v{Version}" + (Version == "1.21.4" && SlaveRole ? " (valkey-compatible INFO)" : string.Empty);
    }
}

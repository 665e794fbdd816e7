using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Info;
using Dragonfly = DragonflyMigration.Engine.Info.FlavorCapabilities.DragonflySince;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>
    /// Whether the target can take the source's data and play its part in a Sentinel promotion.
    /// Dragonfly's limits (docs/architecture.md#flavor-capabilities). A Redis target (a rehearsal) gets warnings
    /// where a Dragonfly target would fail, so that a rehearsal shows the problem too.
    /// </summary>
    internal static class CompatibilityRules
    {
        private static string Since(Version version) => FlavorCapabilities.DragonflySince.Name(version);

        // Dragonfly's RDB loader stops at version 12 (Redis 7.4); Redis 8 writes newer ones (dragonfly#8361).
        private static readonly Version FirstRedisWithUnloadableRdb = new Version(8, 0);
        private const int DragonflyDefaultDatabases = 16;

        // Valkey 9 writes snapshots with a VALKEY signature instead of REDIS.
        private static readonly Version FirstValkeyWithOwnRdb = new Version(9, 0);

        public static Verdict TargetVersion(ReadinessFacts f, ReadinessThresholds t)
        {
            var target = f.Target;
            if (target.Unreachable != null) return Verdict.Skipped("The target did not answer.");
            var identity = target.Identity;
            if (!target.IsDragonfly)
            {
                if (t.RequireDragonfly)
                    return Verdict.Fail($"The target {target.Endpoint} is {(identity.Flavor == ServerFlavor.Unknown ? "not Dragonfly (its INFO names no flavor)" : $"{identity.Flavor} {identity.VersionText}")}, and Dragonfly was required.",
                        "Check that -Target is the Dragonfly server; leave out -RequireDragonfly to rehearse on a Redis target.");
                return identity.Flavor == ServerFlavor.Unknown
                    ? Verdict.Warn($"The target {target.Endpoint} did not say what it is (no redis_version or dragonfly_version in INFO).", "Check that -Target is the Dragonfly server.")
                    : Verdict.Pass($"The target is {identity.Flavor} {identity.VersionText}: a rehearsal target with every capability the procedure uses.")
                        .With("Flavor", identity.Flavor.ToString()).With("Version", identity.VersionText);
            }

            var c = target.Capabilities;
            var problems = new List<string>();
            var warnings = new List<string>();
            if (!c.RuntimeReplicaPriority) problems.Add($"it cannot change replica-priority while running ({Since(Dragonfly.RuntimePriority)}+), so it cannot be kept out of Sentinel's choice until it is in sync");
            // Observed where the target can say (it already replicates: the preflight's own rule on the role it
            // prints); predicted from its version and flag otherwise.
            var role = target.Info.Get("role");
            var unreadable = identity.Role == NodeRole.Replica
                ? !Cutover.CutoverPlanner.SentinelReadsRole(role)
                : !c.ReportsSlaveRole && !string.Equals(target.ConfigValue("info_replication_valkey_compatible"), "true", StringComparison.OrdinalIgnoreCase);
            if (unreadable)
                problems.Add($"its INFO says role:{(identity.Role == NodeRole.Replica ? role : "replica")} as a replica, so Sentinel never reads its priority or offset (start it with --info_replication_valkey_compatible=true, or use {Since(Dragonfly.SlaveRoleDefault)}+; "
                    + "started so, its INFO shows role:slave once it replicates, and readiness run then reads that)");
            if (!c.SupportsClientKill) problems.Add($"it has no CLIENT KILL ({Since(Dragonfly.ClientKill)}+), which Sentinel's promotion and the fence send");
            if (!c.TrustworthyReplicaOffset) warnings.Add($"it reports a replication offset of 0 under a Redis primary (fixed in {Since(Dragonfly.TrustworthyOffset)}), so it loses every tie against Redis replicas of equal priority");
            if (!c.SupportsConfigRewrite) warnings.Add($"CONFIG REWRITE in Sentinel's promotion transaction fails (before {Since(Dragonfly.ConfigRewrite)}); the promotion still happens");

            var what = $"Dragonfly {identity.VersionText}";
            var verdict = problems.Count > 0
                ? Verdict.Fail($"{what} cannot be promoted safely: {string.Join("; ", problems)}.", $"Upgrade Dragonfly to {Since(Dragonfly.TrustworthyOffset)} or later.")
                : warnings.Count > 0
                    ? Verdict.Warn($"{what} works with the procedure, but {string.Join("; and ", warnings)}.",
                        $"Upgrade Dragonfly to {Since(Dragonfly.TrustworthyOffset)} or later, or make sure no other replica competes (Invoke-SentinelFailover -ExcludeOtherReplicas).")
                    : Verdict.Pass($"{what} has everything the procedure needs.");
            return verdict.With("Flavor", "Dragonfly").With("Version", identity.VersionText)
                .With("ReportsSlaveRole", c.ReportsSlaveRole).With("RuntimeReplicaPriority", c.RuntimeReplicaPriority)
                .With("TrustworthyReplicaOffset", c.TrustworthyReplicaOffset).With("SupportsClientKill", c.SupportsClientKill)
                .With("SupportsConfigRewrite", c.SupportsConfigRewrite);
        }

        public static Verdict SourceVersion(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var source = f.Source.Identity.RedisCompatibleVersion;
            if (source == null) return Verdict.Warn($"The source {f.Source.Endpoint} did not report redis_version.", "Check that -Source is the Redis primary.");
            var sourceText = $"{f.Source.Identity.Flavor} {f.Source.Identity.VersionText}";
            if (f.Target.IsDragonfly && f.Source.Identity.Flavor == ServerFlavor.Valkey && f.Source.Identity.Version >= FirstValkeyWithOwnRdb)
            {
                return Verdict.Fail($"The source is {sourceText}; its snapshots begin with Valkey's own signature, which Dragonfly's loader rejects, so the full sync would restart forever.",
                    "Migrate from Valkey 8 or older, or check Dragonfly's release notes for Valkey 9 snapshots.").With("SourceRedisVersion", source.ToString());
            }
            if (f.Target.IsDragonfly)
            {
                return source >= FirstRedisWithUnloadableRdb
                    ? Verdict.Fail($"The source is {sourceText}; Dragonfly loads snapshots up to RDB version 12 (Redis 7.4) and rejects newer ones.",
                        "Migrate from Redis 7.4 or older, or check Dragonfly's release notes for support of the source's RDB version.").With("SourceRedisVersion", source.ToString())
                    : Verdict.Pass($"The source is {sourceText}; Dragonfly loads its snapshots.").With("SourceRedisVersion", source.ToString());
            }
            var target = f.Target.Identity.RedisCompatibleVersion;
            if (target != null && new Version(source.Major, source.Minor) > new Version(target.Major, target.Minor))
            {
                return Verdict.Fail($"The source is {sourceText} but the target only {f.Target.Identity.VersionText}: a replica cannot load a newer server's snapshot.",
                    "Use a target at least as new as the source.").With("SourceRedisVersion", source.ToString()).With("TargetRedisVersion", target.ToString());
            }
            return Verdict.Pass($"The source is {sourceText}; the target ({f.Target.Identity.VersionText}) loads its snapshots.").With("SourceRedisVersion", source.ToString());
        }

        public static Verdict RedisFunctions(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var libraries = f.Source.FunctionLibraries;
            if (libraries == null) return Verdict.Pass("The source has no Redis Functions (FUNCTION LIST is not available on it).");
            if (libraries.Count == 0) return Verdict.Pass("The source has no Redis Functions libraries loaded.").With("Libraries", Array.Empty<string>());
            return Unsupported(f, $"The source has {libraries.Count} Redis Functions librar{(libraries.Count == 1 ? "y" : "ies")} loaded ({string.Join(", ", libraries)}); Dragonfly's snapshot loader has no handler for functions, so the full sync would fail.",
                    "Move the functions' logic into EVAL scripts or the application and FUNCTION DELETE them on the source before migrating.")
                .With("Libraries", libraries.ToArray());
        }

        public static Verdict Modules(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var modules = f.Source.Modules;
            if (modules == null) return Verdict.Skipped("MODULE LIST is not available on the source.");
            if (modules.Count == 0) return Verdict.Pass("The source has no modules loaded.").With("Modules", Array.Empty<string>());
            return Unsupported(f, $"The source has modules loaded ({string.Join(", ", modules)}); Dragonfly cannot load module data types from a snapshot.",
                    "Remove the modules' keys and unload them, or move that data with a tool that rewrites it into Dragonfly's built-in types.")
                .With("Modules", modules.ToArray());
        }

        public static Verdict DatabaseCount(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var inUse = Keyspace.NonEmptyDatabases(f.Source.Info).ToArray();
            var sourceCount = ParseCount(f.Source.ConfigValue("databases"));
            var targetCount = ParseCount(f.Target.ConfigValue("databases") ?? f.Target.ConfigValue("dbnum"));
            var assumed = false;
            if (targetCount == null && f.Target.IsDragonfly)
            {
                targetCount = DragonflyDefaultDatabases;
                assumed = true;
            }
            if (targetCount == null) return Verdict.Skipped("The target's database count could not be read (CONFIG GET databases / dbnum).");
            var flag = f.Target.IsDragonfly ? "--dbnum" : "databases";
            var countText = assumed ? $"{targetCount} (Dragonfly's default; CONFIG GET dbnum did not answer)" : targetCount.ToString();
            Verdict verdict;
            var beyond = inUse.Where(n => n >= targetCount).ToArray();
            if (beyond.Length > 0)
            {
                verdict = Verdict.Fail($"The source has keys in {string.Join(", ", beyond.Select(n => "db" + n))} but the target has only {countText} databases; loading would stop there.",
                    $"Start the target with {flag} {beyond.Max() + 1} or more (ideally {sourceCount ?? beyond.Max() + 1}), or MOVE those keys to a lower database first.");
            }
            else if (sourceCount > targetCount)
            {
                verdict = Verdict.Warn($"The keys fit (databases in use: {Describe(inUse)}), but the source allows {sourceCount} databases and the target {countText}; a write to db{targetCount} or above during the migration would break replication.",
                    $"Start the target with {flag} {sourceCount} to match the source.");
            }
            else
            {
                verdict = Verdict.Pass($"Databases in use ({Describe(inUse)}) fit in the target's {countText}.");
            }
            return verdict.With("DatabasesInUse", inUse).With("SourceDatabases", sourceCount).With("TargetDatabases", targetCount);
        }

        /// <summary>
        /// Commands the source ran that Dragonfly would drop from the replication stream without a word
        /// (its offsets would still agree while its data differed), and hash fields with an expiry, which
        /// it can neither load nor replicate.
        /// </summary>
        public static Verdict ReplicatedCommands(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            // A Dragonfly target's own version decides; a rehearsal target is judged as the Dragonfly it stands for.
            var dropped = (f.Target.Unreachable == null && f.Target.IsDragonfly ? f.Target.Capabilities : FlavorCapabilities.For(ServerFlavor.Dragonfly, null)).DroppedFromReplication;
            var used = CommandStats.Calls(f.Source.CommandStats).Where(kv => kv.Value > 0 && dropped.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var withFieldExpiry = f.Source.Info.Keys.Where(k => Keyspace.DatabaseNumber(k) != null)
                .Where(k => f.Source.Info.GetFields(k)!.TryGetValue("subexpiry", out var v) && v != "0").ToList();
            var problems = new List<string>();
            if (used.Count > 0) problems.Add($"it has run commands Dragonfly drops from the replication stream without a word ({string.Join(", ", used.Select(kv => $"{kv.Key.ToUpperInvariant()} ×{kv.Value}"))})");
            if (withFieldExpiry.Count > 0) problems.Add($"{string.Join(", ", withFieldExpiry)} hold hash fields with an expiry, which Dragonfly can neither load nor replicate");
            var verdict = problems.Count == 0
                ? Verdict.Pass("The source has run no command that Dragonfly would drop from the replication stream, and holds no hash fields with an expiry.")
                : Unsupported(f, $"The source {f.Source.Endpoint}: {string.Join("; ", problems)}. Replication would look steady while the data diverged.",
                    "Stop the application's use of those commands for the migration (INFO commandstats counts since the last CONFIG RESETSTAT), and verify with Compare-RedisKeyspace -Full after the sync.");
            return verdict.With("Commands", used.Select(kv => $"{kv.Key} {kv.Value}").ToArray()).With("FieldExpiryDatabases", withFieldExpiry.ToArray());
        }

        /// <summary>Fails for Dragonfly (and a target of unknown kind); a Redis-family rehearsal target only warns.</summary>
        private static Verdict Unsupported(ReadinessFacts f, string message, string remediation)
        {
            var flavor = f.Target.Unreachable == null ? f.Target.Identity.Flavor : ServerFlavor.Unknown;
            return flavor == ServerFlavor.Redis || flavor == ServerFlavor.Valkey || flavor == ServerFlavor.KeyDB
                ? Verdict.Warn(message + $" (This target is {flavor} and would accept them; a Dragonfly target would not.)", remediation)
                : Verdict.Fail(message, remediation);
        }

        private static string Describe(int[] dbs) => dbs.Length == 0 ? "none" : string.Join(", ", dbs.Select(n => "db" + n));

        private static int? ParseCount(string? text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
    }
}

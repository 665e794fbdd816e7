using DragonflyMigration.Engine.Formatting;
using System;
using System.Globalization;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>The target has room for the source's data, and will not quietly evict any of it.</summary>
    internal static class MemoryRules
    {
        public static Verdict TargetMemory(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var dataset = SourceDataset(f.Source);
            if (dataset == null) return Verdict.Skipped("The source did not report used_memory.");
            var limit = MaxMemory(f.Target);
            var limitName = "maxmemory";
            if (limit == null || limit == 0)
            {
                limit = f.Target.Info.GetInt64("total_system_memory");
                limitName = "host memory (no maxmemory set)";
            }
            if (limit == null || limit == 0)
                return Verdict.Skipped("The target reports neither maxmemory nor its host's memory.").With("SourceDatasetBytes", dataset);

            var wanted = (long)(dataset.Value * (1 + t.MemoryHeadroom));
            var text = $"The source's dataset is {Units.Bytes(dataset.Value)}; the target's {limitName} is {Units.Bytes(limit.Value)}";
            var verdict = limit < dataset
                ? Verdict.Fail(text + ": the data does not fit.", $"Give the target at least {Units.Bytes(wanted)} (maxmemory, or a larger host).")
                : limit < wanted
                    ? Verdict.Warn(text + $", less than the {(t.MemoryHeadroom * 100).ToString("0", CultureInfo.InvariantCulture)}% headroom asked for ({Units.Bytes(wanted)}).",
                        $"Give the target at least {Units.Bytes(wanted)}: writes keep arriving during the sync, and both servers need room to grow after the cutover.")
                    : Verdict.Pass(text + ".");
            return verdict.With("SourceDatasetBytes", dataset).With("TargetLimitBytes", limit).With("TargetLimit", limitName).With("Headroom", t.MemoryHeadroom);
        }

        public static Verdict EvictionPolicy(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null || f.Target.Unreachable != null) return Verdict.Skipped("The source or the target did not answer.");
            var source = Policy(f.Source);
            var target = Policy(f.Target);
            Verdict verdict;
            if (target != null && Evicts(target))
            {
                verdict = Verdict.Warn($"The target evicts keys when full ({target}); keys could vanish during the load and afterwards without an error. The source uses {source ?? "an unknown policy"}.",
                    f.Target.IsDragonfly
                        ? "Run Dragonfly without --cache_mode for the migration, or give it ample maxmemory."
                        : "Set maxmemory-policy noeviction on the target for the migration, or give it ample maxmemory.");
            }
            else if (source != null && Evicts(source) && target != null)
            {
                verdict = Verdict.Warn($"The source evicts keys when full ({source}) but the target does not ({target}): once full, the target refuses writes where the source made room.",
                    "Give the target the source's eviction policy if the application relies on eviction.");
            }
            else if (target == null)
            {
                verdict = Verdict.Skipped("The target's eviction policy could not be read.");
            }
            else
            {
                verdict = Verdict.Pass($"Neither side evicts keys behind the migration's back (source {source ?? "unknown"}, target {target}).");
            }
            return verdict.With("SourcePolicy", source).With("TargetPolicy", target);
        }

        private static long? SourceDataset(NodeFacts node) => node.Info.GetInt64("used_memory_dataset") ?? node.Info.GetInt64("used_memory");

        private static long? MaxMemory(NodeFacts node) =>
            node.Info.GetInt64("maxmemory") ?? (long.TryParse(node.ConfigValue("maxmemory"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null);

        /// <summary>Redis's maxmemory-policy; Dragonfly evicts only in cache mode.</summary>
        private static string? Policy(NodeFacts node)
        {
            if (node.IsDragonfly)
            {
                var cacheMode = node.ConfigValue("cache_mode") ?? node.Info.Get("cache_mode");
                if (cacheMode == null) return node.Info.Get("maxmemory_policy");
                return string.Equals(cacheMode, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(cacheMode, "cache", StringComparison.OrdinalIgnoreCase)
                    ? "cache_mode (evicts)" : "noeviction";
            }
            return node.Info.Get("maxmemory_policy") ?? node.ConfigValue("maxmemory-policy");
        }

        private static bool Evicts(string policy) => !string.Equals(policy, "noeviction", StringComparison.OrdinalIgnoreCase);
    }
}

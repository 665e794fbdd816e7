using DragonflyMigration.Engine.Formatting;
using System;
using System.Linq;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>Big keys (from a bounded sample) and the source's last backup.</summary>
    internal static class DataRules
    {
        private const int ListedBigKeys = 10;

        public static Verdict BigKeys(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var sample = f.Source.KeySample;
            if (sample == null) return Verdict.Skipped("No keys were sampled.");
            if (sample.Count == 0) return Verdict.Pass("The source holds no keys to sample.").With("SampledKeys", 0);
            var largest = sample[0];
            var big = sample.Where(k => k.Bytes >= t.BigKeyBytes).ToList();
            var verdict = big.Count == 0
                ? Verdict.Pass($"None of {sample.Count} sampled keys reaches {Units.Bytes(t.BigKeyBytes)}; the largest is {Describe(largest)}.")
                : Verdict.Warn($"{big.Count} of {sample.Count} sampled keys reach {Units.Bytes(t.BigKeyBytes)}; the largest is {Describe(largest)}.",
                    "Big keys lengthen the full sync and stall a server while one is copied or deleted; split them, or allow for the extra sync time and memory.");
            return verdict.With("SampledKeys", sample.Count).With("LargestKey", largest.Key).With("LargestKeyDatabase", largest.Database)
                .With("LargestKeyBytes", largest.Bytes).With("BigKeys", big.Take(ListedBigKeys).Select(k => k.ToString()).ToArray());
        }

        public static Verdict LastSave(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var info = f.Source.Info;
            var lastSave = info.GetInt64("rdb_last_save_time");
            if (lastSave == null) return Verdict.Skipped("The source does not report rdb_last_save_time.");
            // The server's own clock, so that a skewed clock here does not age the backup.
            var now = info.GetInt64("server_time_usec") is long usec ? usec / 1_000_000 : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var age = TimeSpan.FromSeconds(Math.Max(0, now - lastSave.Value));
            var status = info.Get("rdb_last_bgsave_status");
            var aof = info.GetInt64("aof_enabled") == 1 && string.Equals(info.Get("aof_last_write_status"), "ok", StringComparison.OrdinalIgnoreCase);
            // Redis counts its start as a save; rdb_saves tells whether one really happened since.
            var neverSaved = info.GetInt64("rdb_saves") == 0;
            var changes = info.GetInt64("rdb_changes_since_last_save") ?? 0;
            var uptime = TimeSpan.FromSeconds(info.GetInt64("uptime_in_seconds") ?? 0);
            const string remedy = "Run BGSAVE on the source and keep a copy of the RDB file, so there is a way back.";
            Verdict verdict;
            if (status != null && !string.Equals(status, "ok", StringComparison.OrdinalIgnoreCase))
                verdict = Verdict.Warn($"The source's last background save failed (rdb_last_bgsave_status:{status}).", "Find out why (the server's log), then " + char.ToLowerInvariant(remedy[0]) + remedy.Substring(1));
            else if (aof)
                verdict = Verdict.Pass($"The source writes an AOF; its last snapshot was {Units.Duration(age)} ago.");
            else if (neverSaved && changes > 0)
                verdict = Verdict.Warn($"The source has not saved since it started {Units.Duration(uptime)} ago; {changes} changes exist only in its memory.", remedy);
            else if (age > t.MaxTimeSinceSave)
                verdict = Verdict.Warn($"The source's last successful save was {Units.Duration(age)} ago (more than {Units.Duration(t.MaxTimeSinceSave)}) and it keeps no AOF.", remedy);
            else
                verdict = Verdict.Pass($"The source's last successful save was {Units.Duration(age)} ago ({changes} changes since).");
            return verdict.With("SecondsSinceSave", (long)age.TotalSeconds).With("ChangesSinceSave", changes).With("LastSaveStatus", status).With("AofEnabled", aof);
        }

        private static string Describe(KeySize key) => key.Database == 0 ? $"'{key.Key}' ({Units.Bytes(key.Bytes)})" : $"'{key.Key}' in db{key.Database} ({Units.Bytes(key.Bytes)})";
    }
}

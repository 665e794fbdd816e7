using DragonflyMigration.Engine.Formatting;
using System;
using System.Globalization;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>
    /// Sync-loop risk: while the target loads the snapshot, the source buffers
    /// every write for it; past <c>client-output-buffer-limit replica</c> it drops the replica, and
    /// Dragonfly starts the full sync over.
    /// </summary>
    internal static class ReplicationRules
    {
        private static readonly TimeSpan MinimumSyncTime = TimeSpan.FromSeconds(1);

        public static Verdict OutputBufferLimit(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var limit = ReplicaLimit.Parse(f.Source.ConfigValue("client-output-buffer-limit"));
            if (limit == null) return Verdict.Skipped("The source's client-output-buffer-limit could not be read (CONFIG GET).");
            if (f.Source.WriteBytesPerSecond is not double rate) return Verdict.Skipped("The source's write rate could not be measured.");

            var dataset = f.Source.Info.GetInt64("used_memory_dataset") ?? f.Source.Info.GetInt64("used_memory") ?? 0;
            var syncTime = t.ExpectedSyncTime ?? TimeSpan.FromSeconds(Math.Max(MinimumSyncTime.TotalSeconds, (double)dataset / t.AssumedSyncBytesPerSecond));
            var buffered = rate * syncTime.TotalSeconds;
            var facts = $"writes arrive at {Units.Bytes(rate)}/s and the sync is expected to take {Units.Duration(syncTime)}, so about {Units.Bytes(buffered)} queue for the target";
            var limitText = limit.ToString();
            var remedy = $"Raise the limit for the migration (CONFIG SET client-output-buffer-limit \"replica {Raised(limit.Hard, buffered)} {Raised(limit.Soft, buffered)} {limit.SoftSeconds}\" on the source), or migrate when writes are quieter.";

            Verdict verdict;
            if (limit.Hard > 0 && buffered >= limit.Hard)
                verdict = Verdict.Fail($"Sync-loop risk: {facts}, beyond the hard limit ({limitText}); the source would drop the target and the sync would start over.", remedy);
            else if (limit.Soft > 0 && limit.SoftSeconds > 0 && rate > 0 && syncTime.TotalSeconds > limit.Soft / rate + limit.SoftSeconds)
                verdict = Verdict.Fail($"Sync-loop risk: {facts}, above the soft limit for longer than {limit.SoftSeconds} s ({limitText}); the source would drop the target and the sync would start over.", remedy);
            else if (limit.Hard > 0 && buffered >= limit.Hard / 2.0)
                verdict = Verdict.Warn($"Close to a sync loop: {facts}, more than half the hard limit ({limitText}).", remedy);
            else
                verdict = Verdict.Pass($"No sync-loop risk: {facts}, within the replica limit ({limitText}).");

            return verdict.With("WriteBytesPerSecond", Math.Round(rate, 1)).With("MeasuredFrom", f.Source.WriteRateSource).With("ExpectedSyncSeconds", Math.Round(syncTime.TotalSeconds, 1))
                .With("BufferedBytes", (long)buffered).With("HardLimitBytes", limit.Hard).With("SoftLimitBytes", limit.Soft).With("SoftLimitSeconds", limit.SoftSeconds);
        }

        /// <summary>Twice what is expected to queue; a limit of 0 (none) stays none.</summary>
        private static long Raised(long limit, double buffered) => limit == 0 ? 0 : Math.Max(limit, (long)(buffered * 2));

        /// <summary>The replica class of <c>client-output-buffer-limit</c> (<c>normal 0 0 0 slave 268435456 67108864 60 pubsub …</c>).</summary>
        internal sealed class ReplicaLimit
        {
            public long Hard { get; private set; }

            public long Soft { get; private set; }

            public long SoftSeconds { get; private set; }

            public static ReplicaLimit? Parse(string? text)
            {
                if (string.IsNullOrWhiteSpace(text)) return null;
                var parts = text!.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i + 3 < parts.Length; i++)
                {
                    if (!string.Equals(parts[i], "slave", StringComparison.OrdinalIgnoreCase) && !string.Equals(parts[i], "replica", StringComparison.OrdinalIgnoreCase)) continue;
                    if (TryBytes(parts[i + 1], out var hard) && TryBytes(parts[i + 2], out var soft) && long.TryParse(parts[i + 3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                        return new ReplicaLimit { Hard = hard, Soft = soft, SoftSeconds = seconds };
                }
                return null;
            }

            /// <summary>CONFIG GET returns bytes; a hand-written value may carry a unit (64mb).</summary>
            private static bool TryBytes(string text, out long bytes)
            {
                var units = new[] { ("gb", 1024L * 1024 * 1024), ("mb", 1024L * 1024), ("kb", 1024L), ("g", 1000L * 1000 * 1000), ("m", 1000L * 1000), ("k", 1000L) };
                foreach (var (suffix, factor) in units)
                {
                    if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && long.TryParse(text.Substring(0, text.Length - suffix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    {
                        bytes = n * factor;
                        return true;
                    }
                }
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out bytes);
            }

            public override string ToString() =>
                Hard == 0 && Soft == 0 ? "replica: no limit" : $"replica: hard {Units.Bytes(Hard)}, soft {Units.Bytes(Soft)} for {SoftSeconds} s";
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// A primary's <c>min-replicas-to-write</c> and <c>min-replicas-max-lag</c>: it refuses writes
    /// (NOREPLICAS) unless that many replicas acknowledged within that many seconds. The cutover arms
    /// them on the source inside the freeze, counting every replica then acknowledging, so the source
    /// refuses writes by itself as soon as the promoted target leaves it, even if this process is gone
    /// (docs/architecture.md#safety-invariants).
    /// </summary>
    public sealed class MinReplicas : IEquatable<MinReplicas>
    {
        /// <summary>
        /// Replicas acknowledge every second, so 3 s tolerates two lost acknowledgements. A promoted target
        /// closes its link at once; one cut off instead stops counting after these 3 s.
        /// </summary>
        public const int FenceMaxLagSeconds = 3;

        public MinReplicas(long toWrite, long maxLagSeconds)
        {
            ToWrite = toWrite;
            MaxLagSeconds = maxLagSeconds;
        }

        public long ToWrite { get; }

        public long MaxLagSeconds { get; }

        /// <summary>A count no set of replicas reaches: the source answers every write with NOREPLICAS.</summary>
        public static MinReplicas RefuseAll { get; } = new MinReplicas(int.MaxValue, FenceMaxLagSeconds);

        /// <summary>The fence for a source that <paramref name="acknowledging"/> replicas (the target among them) acknowledge now.</summary>
        public static MinReplicas Fence(int acknowledging) => new MinReplicas(acknowledging, FenceMaxLagSeconds);

        /// <summary>
        /// Replicas an <c>INFO replication</c> of a primary lists as online with a lag (seconds since their
        /// last acknowledgement) within <paramref name="maxLagSeconds"/>: the ones Redis counts as good.
        /// </summary>
        public static int CountAcknowledging(InfoDocument replication, long maxLagSeconds) =>
            replication.ReplicaLines()
                .Count(f => f.TryGetValue("state", out var state) && state == "online"
                    && f.TryGetValue("lag", out var lag) && long.TryParse(lag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                    && seconds <= maxLagSeconds);

        /// <summary>The settings a <c>CONFIG GET min-replicas-*</c> returned; Redis's defaults (0 and 10) for any it did not.</summary>
        public static MinReplicas FromConfig(IReadOnlyDictionary<string, string> fields) =>
            new MinReplicas(Number(fields, "min-replicas-to-write", 0), Number(fields, "min-replicas-max-lag", 10));

        private static long Number(IReadOnlyDictionary<string, string> fields, string name, long absent) =>
            fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : absent;

        /// <summary>
        /// The two <c>CONFIG SET</c> commands that apply them, for one transaction (CONFIG SET of several
        /// settings at once needs Redis 7; the write pause itself only 6.2).
        /// </summary>
        public IReadOnlyList<(string Command, object[] Args)> ConfigSetCommands() => new (string, object[])[]
        {
            ("CONFIG", new object[] { "SET", "min-replicas-to-write", ToWrite.ToString(CultureInfo.InvariantCulture) }),
            ("CONFIG", new object[] { "SET", "min-replicas-max-lag", MaxLagSeconds.ToString(CultureInfo.InvariantCulture) }),
        };

        public bool Equals(MinReplicas? other) => other != null && other.ToWrite == ToWrite && other.MaxLagSeconds == MaxLagSeconds;

        public override bool Equals(object? obj) => Equals(obj as MinReplicas);

        public override int GetHashCode() => (ToWrite * 397L ^ MaxLagSeconds).GetHashCode();

        public override string ToString() => $"min-replicas-to-write {ToWrite}, min-replicas-max-lag {MaxLagSeconds}";
    }
}

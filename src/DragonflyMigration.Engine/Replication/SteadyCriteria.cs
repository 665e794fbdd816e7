using System;
using DragonflyMigration.Engine.Options;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>When replication counts as steady enough to bet a cutover on, and how long to wait for it.</summary>
    public sealed class SteadyCriteria
    {
        /// <summary>
        /// The same conditions judged once, as the cutover's preflight does: no period to hold them
        /// for, so the first reading one acknowledgement window after the first decides.
        /// </summary>
        public static readonly SteadyCriteria AtCutover = new SteadyCriteria { StableFor = TimeSpan.Zero, MinimumSamples = 1 };

        /// <summary>Bytes the target may trail the source by, measured against the source's offset one
        /// acknowledgement window ago, so that neither the keep-alive PING nor ongoing writes count.</summary>
        public long MaxLagBytes { get; init; }

        public long MaxLagSeconds { get; init; } = 2;

        public TimeSpan StableFor { get; init; } = OptionRanges.StableFor.Default;

        public int MinimumSamples { get; init; } = 3;

        /// <summary>One INFO per side per interval: at most one command a second to the source.</summary>
        public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);

        /// <summary>Replicas acknowledge about once a second; an offset this old must be acknowledged.</summary>
        public TimeSpan AcknowledgementWindow { get; init; } = TimeSpan.FromSeconds(2);

        public TimeSpan Timeout { get; init; } = OptionRanges.SteadyTimeout.Default;

        /// <summary>Full syncs beyond the first that mean the sync is looping.</summary>
        public int RepeatedSyncsForLoop { get; init; } = 2;

        /// <summary>How long the target may try to reach the source without a sync beginning.</summary>
        public TimeSpan ConnectGrace { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>How long a side may stay unreachable before the wait gives up.</summary>
        public TimeSpan UnreachableGrace { get; init; } = TimeSpan.FromSeconds(10);
    }
}

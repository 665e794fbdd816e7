using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>A replica as one Sentinel sees it, and whether that Sentinel could promote it now.</summary>
    public sealed class ReplicaCandidate
    {
        public NodeEndpoint Endpoint { get; init; } = null!;

        public string? RunId { get; init; }

        public long Priority { get; init; }

        public long Offset { get; init; }

        public string Flags { get; init; } = string.Empty;

        /// <summary>Milliseconds since the Sentinel last refreshed this replica's INFO.</summary>
        public long InfoAgeMilliseconds { get; init; }

        /// <summary>Why the Sentinel would skip it, or null when it is eligible.</summary>
        public string? ExcludedBecause { get; init; }

        public bool IsEligible => ExcludedBecause == null;

        public override string ToString() => IsEligible
            ? $"{Endpoint} (priority {Priority}, offset {Offset})"
            : $"{Endpoint} (not eligible: {ExcludedBecause})";
    }
}

using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>One Sentinel's view of the primary, or why it could not be read.</summary>
    public sealed class SentinelFacts
    {
        public Endpoints.NodeEndpoint Endpoint { get; init; } = null!;

        public SentinelMasterState? State { get; init; }

        /// <summary>Why the Sentinel could not be read; null when <see cref="State"/> is set.</summary>
        public string? Error { get; init; }

        public bool UsesTls { get; init; }
    }
}

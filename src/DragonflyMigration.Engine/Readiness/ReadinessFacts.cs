using System.Collections.Generic;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>Everything the readiness rules judge: both data nodes and, when given, the Sentinels.</summary>
    public sealed class ReadinessFacts
    {
        public NodeFacts Source { get; init; } = new NodeFacts();

        public NodeFacts Target { get; init; } = new NodeFacts();

        /// <summary>Empty when no Sentinels were given; the Sentinel checks are then skipped.</summary>
        public IReadOnlyList<SentinelFacts> Sentinels { get; init; } = new List<SentinelFacts>();

        public string? MasterName { get; init; }
    }
}

using Xunit;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// The fault rehearsals run one at a time: each times a write pause against injected latency and
    /// faults, which other rehearsals competing for two cores would blur.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class FaultsCollection
    {
        public const string Name = "Faults";
    }
}

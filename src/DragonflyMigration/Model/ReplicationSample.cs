using System;
using DragonflyMigration.Engine.Replication;

namespace DragonflyMigration
{
    /// <summary>One lag reading Wait-ReplicationSteady took; Export-MigrationReport charts them.</summary>
    public sealed class ReplicationSample
    {
        internal ReplicationSample(LagSample sample)
        {
            Timestamp = sample.Timestamp;
            LagBytes = sample.LagBytes;
            LagSeconds = sample.LagSeconds;
            State = sample.State.ToString();
        }

        public DateTimeOffset Timestamp { get; }

        public long? LagBytes { get; }

        public long? LagSeconds { get; }

        /// <summary>NotReplicating, Connecting, FullSync, Streaming or Broken.</summary>
        public string State { get; }

        public override string ToString() => $"{Timestamp:HH:mm:ss} {State} {LagBytes}";
    }
}

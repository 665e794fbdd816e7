using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>One group's stage and what it was read from.</summary>
    public sealed class GroupStageReading
    {
        public MigrationStage Stage { get; init; }

        /// <summary>The primary the Sentinels name, or null when none names one.</summary>
        public NodeEndpoint? Primary { get; init; }

        /// <summary>What the stage rests on, in a sentence.</summary>
        public string Detail { get; init; } = string.Empty;
    }

    /// <summary>
    /// Reads where a group's migration stands, so a job stopped at any point (the three-hour limit, a killed
    /// process) is resumed from what the servers say instead of being started again. Read-only.
    /// </summary>
    public static class GroupStageReader
    {
        public static async Task<GroupStageReading> ReadAsync(NodeClient source, NodeClient target, IReadOnlyList<NodeClient> sentinels, string masterName, CancellationToken cancellationToken)
        {
            var states = await SentinelInspector.ReadAllAsync(sentinels, masterName, cancellationToken).ConfigureAwait(false);
            var primary = states.Select(s => s.Primary).FirstOrDefault(p => p != null);
            if (primary != null && target.Addresses.Matches(primary))
                return AfterCutover(await MigrationCompletion.FindStaleAsync(sentinels, masterName, target, cancellationToken).ConfigureAwait(false), primary);
            if (primary == null || !source.Addresses.Matches(primary))
                return new GroupStageReading { Stage = MigrationStage.Elsewhere, Primary = primary, Detail = $"The Sentinels name {primary?.ToString() ?? "no primary"} for '{masterName}', neither the source {source.Endpoint} nor the target {target.Endpoint}." };
            var journal = (await source.ExecuteAsync("EXISTS", new object[] { CutoverJournal.Key(masterName) }, cancellationToken).ConfigureAwait(false)).AsInt64() > 0;
            var snapshot = await ReplicationSnapshotReader.ReadAsync(source, target, cancellationToken).ConfigureAwait(false);
            return BeforeCutover(journal, snapshot, primary);
        }

        /// <summary>The stage while the Sentinels name the source.</summary>
        internal static GroupStageReading BeforeCutover(bool journal, ReplicationSnapshot snapshot, NodeEndpoint primary)
        {
            if (journal)
                return new GroupStageReading { Stage = MigrationStage.Interrupted, Primary = primary, Detail = $"A cutover journal is on {snapshot.Source}: an earlier run stopped part way; running the cutover again finishes or puts back what it did." };
            var stage = snapshot.State switch
            {
                ReplicationState.NotReplicating => MigrationStage.NotStarted,
                ReplicationState.Broken => MigrationStage.Broken,
                // One look cannot hold a lag of 0 bytes (Sentinel's hello messages stream too); a target that
                // streams and acknowledged within the last second is steady at this look.
                ReplicationState.Streaming when snapshot.LagSeconds <= 1 => MigrationStage.Steady,
                _ => MigrationStage.Replicating,
            };
            return new GroupStageReading { Stage = stage, Primary = primary, Detail = snapshot.Describe() };
        }

        /// <summary>
        /// The stage once the Sentinels name the target: cut over while Complete-DragonflyMigration has old
        /// nodes to retire (its own rule: replicas the new primary cannot serve), completed once it has none.
        /// </summary>
        internal static GroupStageReading AfterCutover(IReadOnlyList<NodeEndpoint> toRetire, NodeEndpoint primary) =>
            toRetire.Count > 0
                ? new GroupStageReading { Stage = MigrationStage.CutOver, Primary = primary, Detail = $"The Sentinels name {primary}; Complete-DragonflyMigration has {string.Join(", ", toRetire)} to retire." }
                : new GroupStageReading { Stage = MigrationStage.Completed, Primary = primary, Detail = $"The Sentinels name {primary}, and no old node is left to retire." };
    }
}

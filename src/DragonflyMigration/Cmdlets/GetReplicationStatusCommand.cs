using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>One reading of where replication from the source to the target stands. Read-only.</summary>
    [Cmdlet(VerbsCommon.Get, "ReplicationStatus", DefaultParameterSetName = NodesSet)]
    [OutputType(typeof(ReplicationStatus))]
    public sealed class GetReplicationStatusCommand : ReplicationPairCmdlet
    {
        protected override void ProcessRecord()
        {
            UsePair();
            try
            {
                var snapshot = Await((token, _) => ReplicationSnapshotReader.ReadAsync(SourceNode.Client, TargetNode.Client, token));
                WriteObject(new ReplicationStatus(SourceNode, TargetNode, snapshot, targetPriorityBefore: TargetPriorityBefore));
            }
            catch (MigrationException ex)
            {
                WriteError(ex);
            }
        }
    }
}

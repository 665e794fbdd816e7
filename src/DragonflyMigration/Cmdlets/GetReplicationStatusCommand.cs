using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>One reading of where replication from the source to the target stands. Read-only.</summary>
    [Cmdlet(VerbsCommon.Get, "ReplicationStatus", DefaultParameterSetName = NodesSet)]
    [OutputType(typeof(ReplicationStatus))]
    public sealed class GetReplicationStatusCommand : EngineCmdlet
    {
        private const string NodesSet = "Nodes";
        private const string StatusSet = "Status";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NodesSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NodesSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode Target { get; set; } = null!;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = StatusSet)]
        [ValidateNotNull]
        public ReplicationStatus InputObject { get; set; } = null!;

        protected override void ProcessRecord()
        {
            var source = ParameterSetName == StatusSet ? InputObject.Source : Source;
            var target = ParameterSetName == StatusSet ? InputObject.Target : Target;
            try
            {
                var snapshot = Await((token, _) => ReplicationSnapshotReader.ReadAsync(source.Client, target.Client, token));
                WriteObject(new ReplicationStatus(source, target, snapshot, targetPriorityBefore: InputObject?.TargetPriorityBefore));
            }
            catch (MigrationException ex)
            {
                WriteError(ex);
            }
        }
    }
}

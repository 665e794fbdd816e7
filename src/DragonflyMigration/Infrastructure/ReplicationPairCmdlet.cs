using System.Management.Automation;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that work on a source/target pair, given either as two nodes or as the
    /// ReplicationStatus an earlier cmdlet of the runbook pipeline emitted.
    /// </summary>
    public abstract class ReplicationPairCmdlet : EngineCmdlet
    {
        protected const string NodesSet = "Nodes";
        protected const string StatusSet = "Status";

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

        /// <summary>Checks both nodes of the pair (see <see cref="EngineCmdlet.RequireNode"/>), however they were given.</summary>
        protected void RequirePair()
        {
            RequireNode(SourceNode, nameof(Source));
            RequireNode(TargetNode, nameof(Target));
        }

        protected RedisNode SourceNode => ParameterSetName == StatusSet ? InputObject.Source : Source;

        protected RedisNode TargetNode => ParameterSetName == StatusSet ? InputObject.Target : Target;

        /// <summary>The target's priority before replication started, when the pipeline carried it.</summary>
        protected long? TargetPriorityBefore => ParameterSetName == StatusSet ? InputObject.TargetPriorityBefore : null;
    }
}

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

        // By property name too, as on Test-MigrationReadiness: a list of pairs (Import-Csv, a plan) pipes in.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NodesSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = NodesSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Target { get; set; } = null!;

        /// <summary>Connects -Source and -Target when they are host:port strings.</summary>
        [Parameter(ParameterSetName = NodesSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = StatusSet)]
        [ValidateNotNull]
        public ReplicationStatus InputObject { get; set; } = null!;

        /// <summary>
        /// Sets <see cref="SourceNode"/> and <see cref="TargetNode"/> from the nodes or the status, however they
        /// were given, connecting strings and checking both (see <see cref="EngineCmdlet.UseNode"/>).
        /// </summary>
        protected void UsePair()
        {
            if (ParameterSetName == StatusSet)
            {
                SourceNode = InputObject.Source;
                TargetNode = InputObject.Target;
                RequireNode(SourceNode, nameof(Source));
                RequireNode(TargetNode, nameof(Target));
                return;
            }
            SourceNode = UseNode(Source, nameof(Source), Credential);
            TargetNode = UseNode(Target, nameof(Target), Credential);
        }

        protected RedisNode SourceNode { get; private set; } = null!;

        protected RedisNode TargetNode { get; private set; } = null!;

        /// <summary>The target's priority before replication started, when the pipeline carried it.</summary>
        protected long? TargetPriorityBefore => ParameterSetName == StatusSet ? InputObject.TargetPriorityBefore : null;
    }
}

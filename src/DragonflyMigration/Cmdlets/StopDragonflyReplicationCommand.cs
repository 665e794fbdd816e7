using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>The abort path: the target stops replicating and gets its replica-priority back.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "DragonflyReplication", SupportsShouldProcess = true, DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(RedisNode))]
    public sealed class StopDragonflyReplicationCommand : EngineCmdlet
    {
        private const string NodeSet = "Node";
        private const string StatusSet = "Status";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = NodeSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Target { get; set; } = null!;

        /// <summary>Connects -Target when it is a host:port string.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = StatusSet)]
        [ValidateNotNull]
        public ReplicationStatus InputObject { get; set; } = null!;

        /// <summary>Priority to restore; by default the one the status recorded, else Redis's default 100.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public long ReplicaPriority { get; set; } = ReplicationStopper.DefaultReplicaPriority;

        /// <summary>Writes the target node once it no longer replicates.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            RedisNode target;
            if (ParameterSetName == StatusSet)
            {
                target = InputObject.Target;
                RequireNode(target, nameof(Target));
            }
            else
            {
                target = UseNode(Target, nameof(Target), Credential);
            }
            var priority = MyInvocation.BoundParameters.ContainsKey(nameof(ReplicaPriority)) || InputObject?.TargetPriorityBefore == null
                ? ReplicaPriority
                : InputObject.TargetPriorityBefore.Value;
            try
            {
                var replicating = Await((token, _) => ReplicationStopper.PlanAsync(target.Client, token));
                var action = replicating ? $"REPLICAOF NO ONE and restore replica-priority {priority}" : $"Restore replica-priority {priority} (it replicates nothing already)";
                if (!this.Confirmed(target.Endpoint, action)) return;
                Await((token, observer) => ReplicationStopper.StopAsync(target.Client, priority, observer, token));
                if (PassThru) WriteObject(target);
            }
            catch (MigrationException ex)
            {
                WriteError(ex, target.Endpoint);
            }
        }
    }
}

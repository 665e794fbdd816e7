using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Makes the target a replica of the source, unpromotable until the cutover.</summary>
    [Cmdlet(VerbsLifecycle.Start, "DragonflyReplication", SupportsShouldProcess = true)]
    [OutputType(typeof(ReplicationStatus))]
    public sealed class StartDragonflyReplicationCommand : EngineCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode Target { get; set; } = null!;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            RequireNode(Source, nameof(Source));
            RequireNode(Target, nameof(Target));
            try
            {
                var plan = Await((token, _) => ReplicationStarter.PlanAsync(Source.Client, Target.Client, Force, token));
                if (plan.AlreadyReplicating && plan.Steps.Count == 0)
                {
                    WriteVerbose($"{Target.Endpoint} already replicates {Source.Endpoint}; nothing to change.");
                    WriteObject(new ReplicationStatus(Source, Target, plan.Current));
                    return;
                }
                var description = string.Join("; ", plan.Steps);
                if (!ShouldProcess(Target.Endpoint, $"Replicate {Source.Endpoint}: {description}")) return;
                var snapshot = Await((token, observer) => ReplicationStarter.StartAsync(Source.Client, Target.Client, plan, observer, token));
                WriteObject(new ReplicationStatus(Source, Target, snapshot, targetPriorityBefore: plan.TargetPriorityBefore));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

using System.Globalization;
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
        public NodeArgument Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Target { get; set; } = null!;

        /// <summary>Connects -Source and -Target when they are host:port strings.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var source = UseNode(Source, nameof(Source), Credential);
            var target = UseNode(Target, nameof(Target), Credential);
            try
            {
                var plan = Await((token, _) => ReplicationStarter.PlanAsync(source.Client, target.Client, Force, token));
                if (plan.AlreadyReplicating && plan.Steps.Count == 0)
                {
                    WriteVerbose($"{target.Endpoint} already replicates {source.Endpoint}; nothing to change.");
                    WriteObject(new ReplicationStatus(source, target, plan.Current));
                    return;
                }
                var description = string.Join("; ", plan.Steps);
                if (!this.Confirmed(target.Endpoint, $"Replicate {source.Endpoint}: {description}")) return;
                if (plan.DiscardedKeys > 0 && !ConfirmDiscard(target.Endpoint, plan.DiscardedKeys)) return;
                var snapshot = Await((token, observer) => ReplicationStarter.StartAsync(source.Client, target.Client, plan, observer, token));
                WriteObject(new ReplicationStatus(source, target, snapshot, targetPriorityBefore: plan.TargetPriorityBefore));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }

        /// <summary>
        /// Deleting the target's keys is a High-impact action in a Medium-impact cmdlet: -Force allows it and
        /// still asks, as ConfirmImpact High would. ShouldProcess has already asked when -Confirm was given or
        /// $ConfirmPreference is Medium or Low; -Confirm:$false and $ConfirmPreference None do not ask, so an
        /// unattended run passes -Force -Confirm:$false.
        /// </summary>
        private bool ConfirmDiscard(string target, long keys)
        {
            if (MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
            var preference = LanguagePrimitives.TryConvertTo(SessionState.PSVariable.GetValue("ConfirmPreference"), out ConfirmImpact set) ? set : ConfirmImpact.High;
            if (preference != ConfirmImpact.High) return true;
            return this.ConfirmedAgain(target,
                string.Format(CultureInfo.InvariantCulture, "Replication deletes the {0:N0} keys {1} holds. Continue?", keys, target),
                "Discard the target's data (-Force)");
        }
    }
}

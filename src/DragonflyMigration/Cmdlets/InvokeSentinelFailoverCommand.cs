using System;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Options;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>The zero-loss cutover: Sentinel promotes the target behind a fenced write pause.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SentinelFailover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = StatusSet)]
    [OutputType(typeof(FailoverResult))]
    public sealed class InvokeSentinelFailoverCommand : ReplicationPairCmdlet
    {
        [Parameter(Mandatory = true)]
        [RedisNodeTransformation(Sentinel = true)]
        [ValidateNotNullOrEmpty]
        public NodeArgument[] Sentinel { get; set; } = Array.Empty<NodeArgument>();

        /// <summary>Connects -Sentinel when given as host:port strings.</summary>
        [Parameter]
        [Credential]
        public PSCredential? SentinelCredential { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string MasterName { get; set; } = string.Empty;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.MaxWritePause))]
        public TimeSpan MaxWritePause { get; set; } = OptionRanges.MaxWritePause.Default;

        [Parameter]
        public SwitchParameter ExcludeOtherReplicas { get; set; }

        protected override string ProgressActivity => $"Cutover of '{MasterName}'";

        protected override void ProcessRecord()
        {
            UsePair();
            var sentinelNodes = UseNodes(Sentinel, nameof(Sentinel), SentinelCredential);
            var source = SourceNode;
            var target = TargetNode;
            var options = new CutoverOptions { MasterName = MasterName, MaxWritePause = MaxWritePause, ExcludeOtherReplicas = ExcludeOtherReplicas };
            var sentinels = sentinelNodes.Select(s => s.Client).ToList();
            try
            {
                // The read-only preflight runs once: -WhatIf and the confirmation prompt show the plan the run then follows.
                var plan = Await((token, observer) => new SentinelCutover(source.Client, target.Client, sentinels, options, observer).PlanAsync(token), moreToCome: true);
                if (!this.Confirmed(target.Endpoint, "Cut over '" + MasterName + "': " + string.Join("; then ", plan.Steps)))
                {
                    CompleteProgress();
                    return;
                }
                var result = Await((token, observer) => new SentinelCutover(source.Client, target.Client, sentinels, options, observer).RunAsync(plan, token));
                foreach (var warning in result.Warnings) WriteWarning(warning);
                if (result.Recovered.Count > 0) WriteWarning("An earlier run of this cutover was interrupted; this run " + string.Join("; ", result.Recovered) + ".");
                WriteObject(new FailoverResult(result));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

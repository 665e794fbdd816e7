using System;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Waits until replication is steady enough for a cutover, or fails naming why it is not.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "ReplicationSteady", DefaultParameterSetName = StatusSet)]
    [OutputType(typeof(ReplicationStatus))]
    public sealed class WaitReplicationSteadyCommand : EngineCmdlet
    {
        private const string NodesSet = "Nodes";
        private const string StatusSet = "Status";
        private static readonly SteadyCriteria Defaults = new SteadyCriteria();

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = StatusSet)]
        [ValidateNotNull]
        public ReplicationStatus InputObject { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NodesSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NodesSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode Target { get; set; } = null!;

        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long MaxLagBytes { get; set; } = Defaults.MaxLagBytes;

        [Parameter]
        [ValidateRange(0, 3600)]
        public long MaxLagSeconds { get; set; } = Defaults.MaxLagSeconds;

        [Parameter]
        public TimeSpan StableFor { get; set; } = Defaults.StableFor;

        [Parameter]
        public TimeSpan Timeout { get; set; } = SteadyCriteria.DefaultTimeout;

        protected override string ProgressActivity => "Waiting for steady replication";

        protected override void BeginProcessing()
        {
            if (Timeout < TimeSpan.FromSeconds(1))
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.EndpointInvalid,
                    $"-Timeout must be at least one second; got {Timeout}. Write it as a time span, for example 02:00:00.", nameof(Timeout)));
            if (StableFor < TimeSpan.Zero || StableFor >= Timeout)
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.EndpointInvalid,
                    $"-StableFor must be positive and shorter than -Timeout ({Timeout}); got {StableFor}.", nameof(StableFor)));
        }

        protected override void ProcessRecord()
        {
            var source = ParameterSetName == StatusSet ? InputObject.Source : Source;
            var target = ParameterSetName == StatusSet ? InputObject.Target : Target;
            var criteria = new SteadyCriteria { MaxLagBytes = MaxLagBytes, MaxLagSeconds = MaxLagSeconds, StableFor = StableFor, Timeout = Timeout };
            try
            {
                var snapshot = Await((token, observer) => SteadyWaiter.WaitAsync(source.Client, target.Client, criteria, observer, token));
                WriteObject(new ReplicationStatus(source, target, snapshot, isSteady: true, targetPriorityBefore: InputObject?.TargetPriorityBefore));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

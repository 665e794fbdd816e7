using System;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Options;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Waits until replication is steady enough for a cutover, or fails naming why it is not.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "ReplicationSteady", DefaultParameterSetName = StatusSet)]
    [OutputType(typeof(ReplicationStatus))]
    public sealed class WaitReplicationSteadyCommand : ReplicationPairCmdlet
    {
        private static readonly SteadyCriteria Defaults = new SteadyCriteria();

        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long MaxLagBytes { get; set; } = Defaults.MaxLagBytes;

        [Parameter]
        [ValidateRange(0, 3600)]
        public long MaxLagSeconds { get; set; } = Defaults.MaxLagSeconds;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.StableFor))]
        public TimeSpan StableFor { get; set; } = OptionRanges.StableFor.Default;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.SteadyTimeout))]
        public TimeSpan Timeout { get; set; } = OptionRanges.SteadyTimeout.Default;

        protected override string ProgressActivity => "Waiting for steady replication";

        protected override void BeginProcessing()
        {
            if (StableFor >= Timeout)
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    $"-StableFor must be shorter than -Timeout ({Timeout}); got {StableFor}.", nameof(StableFor)));
        }

        protected override void ProcessRecord()
        {
            UsePair();
            var source = SourceNode;
            var target = TargetNode;
            var criteria = new SteadyCriteria { MaxLagBytes = MaxLagBytes, MaxLagSeconds = MaxLagSeconds, StableFor = StableFor, Timeout = Timeout };
            var samples = new LagSampleLog();
            try
            {
                var snapshot = Await((token, observer) => SteadyWaiter.WaitAsync(source.Client, target.Client, criteria, observer, token, samples));
                WriteObject(new ReplicationStatus(source, target, snapshot, isSteady: true, targetPriorityBefore: TargetPriorityBefore,
                    samples: samples.Samples.Select(s => new ReplicationSample(s)).ToArray()));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

using System;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Options;
using DragonflyMigration.Engine.Verification;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Compares the keyspaces of source and target: counts, then sampled (or all) keys by type, TTL and value. Read-only.</summary>
    [Cmdlet(VerbsData.Compare, "RedisKeyspace")]
    [OutputType(typeof(KeyspaceComparisonResult), typeof(KeyspaceDifference))]
    public sealed class CompareRedisKeyspaceCommand : EngineCmdlet
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
        [ValidateRange(1, 10_000_000)]
        public int SampleSize { get; set; } = 1000;

        [Parameter]
        public SwitchParameter Full { get; set; }

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.TtlTolerance))]
        public TimeSpan TtlTolerance { get; set; } = OptionRanges.TtlTolerance.Default;

        protected override string ProgressActivity => "Comparing keyspaces";

        protected override void ProcessRecord()
        {
            var source = UseNode(Source, nameof(Source), Credential);
            var target = UseNode(Target, nameof(Target), Credential);
            var options = new KeyspaceComparisonOptions { SampleSize = SampleSize, Full = Full, TtlTolerance = TtlTolerance };
            try
            {
                var comparison = Await((token, observer) => KeyspaceComparer.CompareAsync(source.Client, target.Client, options, observer, token));
                foreach (var warning in comparison.Warnings) WriteWarning(warning);
                WriteObject(new KeyspaceComparisonResult(source, target, comparison));
                foreach (var difference in comparison.Differences) WriteObject(new KeyspaceDifference(difference));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

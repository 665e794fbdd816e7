using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Options;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>
    /// Judges whether a migration from -Source to -Target will work, one check at a time. Read-only;
    /// a failed check is an output object, never an error.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationReadiness")]
    [OutputType(typeof(ReadinessCheck))]
    public sealed class TestMigrationReadinessCommand : EngineCmdlet
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Target { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Sentinels")]
        [RedisNodeTransformation(Sentinel = true)]
        [AllowEmptyCollection]
        // No Sentinels is an empty list; -Sentinel $null got as far as Sentinel.Length and a NullReferenceException.
        [ValidateNotNull]
        public NodeArgument[] Sentinel { get; set; } = Array.Empty<NodeArgument>();

        /// <summary>Connects -Source and -Target when they are host:port strings.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Connects -Sentinel when given as host:port strings.</summary>
        [Parameter]
        [Credential]
        public PSCredential? SentinelCredential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? MasterName { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Category { get; set; }

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.MaxRoundTrip))]
        public TimeSpan MaxRoundTrip { get; set; } = Defaults.MaxRoundTrip;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.MaxWritePause))]
        public TimeSpan MaxWritePause { get; set; } = Defaults.PlannedWritePause;

        [Parameter]
        [ValidateRange(0.0, 10.0)]
        public double MemoryHeadroom { get; set; } = Defaults.MemoryHeadroom;

        [Parameter]
        [ValidateRange(1L, long.MaxValue)]
        public long BigKeyThreshold { get; set; } = Defaults.BigKeyBytes;

        [Parameter]
        [ValidateRange(0, 1_000_000)]
        public int BigKeySampleSize { get; set; } = Defaults.BigKeySampleSize;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.MaxTimeSinceSave))]
        public TimeSpan MaxTimeSinceSave { get; set; } = Defaults.MaxTimeSinceSave;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.ExpectedSyncTime))]
        public TimeSpan ExpectedSyncTime { get; set; }

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.WriteRateWindow))]
        public TimeSpan WriteRateWindow { get; set; } = Defaults.WriteRateWindow;

        [Parameter]
        public SwitchParameter RequireDragonfly { get; set; }

        protected override string ProgressActivity => "Testing migration readiness";

        protected override void ProcessRecord()
        {
            // Blanks name no primary either: without this they ran every Sentinel check against a name no Sentinel has.
            if (Sentinel.Length > 0 && string.IsNullOrWhiteSpace(MasterName))
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.MasterNameRequired, "-Sentinel needs -MasterName: the name the Sentinels monitor the primary under.", nameof(MasterName)));
            }
            // A node that does not answer is a failed reachability check; one of the wrong kind is the caller's mistake.
            var source = UseNodeOrFailure(Source, nameof(Source), Credential);
            var target = UseNodeOrFailure(Target, nameof(Target), Credential);
            var sentinels = Sentinel.Select(s => UseNodeOrFailure(s, nameof(Sentinel), SentinelCredential)).ToList();
            var thresholds = new ReadinessThresholds
            {
                MaxRoundTrip = MaxRoundTrip,
                PlannedWritePause = MaxWritePause,
                MemoryHeadroom = MemoryHeadroom,
                BigKeyBytes = BigKeyThreshold,
                BigKeySampleSize = BigKeySampleSize,
                MaxTimeSinceSave = MaxTimeSinceSave,
                ExpectedSyncTime = MyInvocation.BoundParameters.ContainsKey(nameof(ExpectedSyncTime)) ? ExpectedSyncTime : (TimeSpan?)null,
                WriteRateWindow = WriteRateWindow,
                RequireDragonfly = RequireDragonfly,
            };
            var checks = Selected();
            if (checks.Count == 0)
            {
                // An error, not a warning: a misspelt check name ran nothing, and a runbook that looks for failed checks went on.
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    "No readiness check matches -Name and -Category. Check names: " + string.Join(", ", ReadinessCatalog.All.Select(c => c.Name)) + ".",
                    nameof(Name)));
            }
            try
            {
                var results = Await((token, observer) => ReadinessAssessor.AssessAsync(
                    source, target, sentinels, MasterName, thresholds, checks, observer, token));
                foreach (var result in results) WriteObject(new ReadinessCheck(result));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }

        private List<CheckDefinition> Selected()
        {
            var names = Patterns(Name);
            var categories = Patterns(Category);
            return ReadinessCatalog.All
                .Where(c => names == null || names.Any(p => p.IsMatch(c.Name)))
                .Where(c => categories == null || categories.Any(p => p.IsMatch(c.Category)))
                .ToList();
        }

        private static List<WildcardPattern>? Patterns(string[]? values) =>
            values?.Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToList();
    }
}

using System.Management.Automation;
using System.Net;
using System.Security;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Starts a local rehearsal topology of real servers on loopback ports.</summary>
    [Cmdlet(VerbsLifecycle.Start, "MigrationSandbox", SupportsShouldProcess = true)]
    [OutputType(typeof(MigrationSandbox))]
    public sealed class StartMigrationSandboxCommand : EngineCmdlet
    {
        [Parameter]
        [ValidatePattern(@"^\S+$")]
        public string MasterName { get; set; } = "mymaster";

        [Parameter]
        [ValidateRange(0, 16)]
        public int ReplicaCount { get; set; }

        [Parameter]
        [ValidateRange(0, 9)]
        public int SentinelCount { get; set; } = 1;

        [Parameter]
        [ValidateRange(0, 9)]
        public int Quorum { get; set; }

        [Parameter]
        [ValidateRange(0, 50_000_000)]
        public int SampleKeyCount { get; set; }

        [Parameter]
        [ValidateRange(100, int.MaxValue)]
        public int DownAfterMilliseconds { get; set; } = SandboxOptions.SentinelDefaultDownAfterMilliseconds;

        [Parameter]
        [ValidateRange(1000, int.MaxValue)]
        public int FailoverTimeoutMilliseconds { get; set; } = SandboxOptions.SentinelDefaultFailoverTimeoutMilliseconds;

        [Parameter]
        [ValidateRange(0, 100000)]
        public int WriteRate { get; set; }

        [Parameter]
        public SwitchParameter FastSentinelTimers { get; set; }

        [Parameter]
        public SwitchParameter RedisTarget { get; set; }

        [Parameter]
        public SwitchParameter NoTarget { get; set; }

        /// <summary>
        /// The password the source, replicas and target require (requirepass), for rehearsing with credentials.
        /// The engine had the option; without the parameter a rehearsal could not have a password at all.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? Password { get; set; }

        protected override void ProcessRecord()
        {
            // The one range that depends on another parameter: a parameter error before anything starts, not SandboxStartFailed.
            if (SentinelCount > 0 && Quorum > SentinelCount)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    $"-Quorum {Quorum} is more than the {SentinelCount} Sentinel(s) of -SentinelCount.", nameof(Quorum)));
            }
            var options = new SandboxOptions
            {
                MasterName = MasterName,
                ReplicaCount = ReplicaCount,
                SentinelCount = SentinelCount,
                Quorum = Quorum,
                SampleKeyCount = SampleKeyCount,
                DownAfterMilliseconds = DownAfterMilliseconds,
                FailoverTimeoutMilliseconds = FailoverTimeoutMilliseconds,
                FastSentinelTimers = FastSentinelTimers,
                RedisTarget = RedisTarget,
                WithoutTarget = NoTarget,
                WriteRate = WriteRate,
                Password = Password == null ? null : new NetworkCredential(string.Empty, Password).Password,
            };
            var plan = $"source primary, {ReplicaCount} replica(s), {SentinelCount} Sentinel(s) monitoring '{MasterName}'" + (NoTarget ? string.Empty : ", a target");
            if (!this.Confirmed(plan, "Start local servers")) return;
            try
            {
                var sandbox = Await((token, observer) => SandboxLauncher.StartAsync(options, observer, token));
                WriteObject(new MigrationSandbox(sandbox));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

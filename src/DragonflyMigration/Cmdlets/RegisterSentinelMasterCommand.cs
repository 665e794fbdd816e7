using System;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Puts a primary under Sentinel on every given Sentinel, or writes the sentinel.conf lines.</summary>
    [Cmdlet(VerbsLifecycle.Register, "SentinelMaster", SupportsShouldProcess = true, DefaultParameterSetName = ApplySet)]
    [OutputType(typeof(SentinelMasterView), ParameterSetName = new[] { ApplySet })]
    [OutputType(typeof(string), ParameterSetName = new[] { ConfigSet })]
    public sealed class RegisterSentinelMasterCommand : EngineCmdlet
    {
        private const string ApplySet = "Apply";
        private const string ConfigSet = "ConfigLines";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApplySet)]
        [RedisNodeTransformation(Sentinel = true)]
        [ValidateNotNullOrEmpty]
        public NodeArgument[] Sentinel { get; set; } = Array.Empty<NodeArgument>();

        /// <summary>Connects -Sentinel when given as host:port strings.</summary>
        [Parameter(ParameterSetName = ApplySet)]
        [Credential]
        public PSCredential? SentinelCredential { get; set; }

        // No whitespace or quotes, which would split or quote the name in a sentinel.conf line (-AsConfigLines);
        // anything else Sentinel takes, glob characters too (the tool escapes them where Sentinel reads a pattern).
        [Parameter(Mandatory = true)]
        [ValidatePattern(@"^[^\s""']+$")]
        public string MasterName { get; set; } = string.Empty;

        /// <summary>The primary as host:port (Sentinel needs an address it can reach; host names need resolve-hostnames).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Primary { get; set; } = string.Empty;

        [Parameter]
        [ValidateRange(1, 100)]
        public int Quorum { get; set; } = 2;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public long DownAfterMilliseconds { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public long FailoverTimeoutMilliseconds { get; set; }

        /// <summary>The credential Sentinel uses to reach the data nodes (auth-user, auth-pass).</summary>
        [Parameter]
        [Credential]
        public PSCredential? AuthCredential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ConfigSet)]
        public SwitchParameter AsConfigLines { get; set; }

        /// <summary>With -AsConfigLines: write the password itself instead of a placeholder.</summary>
        [Parameter(ParameterSetName = ConfigSet)]
        public SwitchParameter IncludeSecret { get; set; }

        protected override void ProcessRecord()
        {
            SentinelRegistration registration;
            try
            {
                var user = AuthCredential?.UserName;
                registration = new SentinelRegistration
                {
                    MasterName = MasterName,
                    Primary = NodeEndpoint.Parse(Primary),
                    Quorum = Quorum,
                    DownAfterMilliseconds = MyInvocation.BoundParameters.ContainsKey(nameof(DownAfterMilliseconds)) ? DownAfterMilliseconds : (long?)null,
                    FailoverTimeoutMilliseconds = MyInvocation.BoundParameters.ContainsKey(nameof(FailoverTimeoutMilliseconds)) ? FailoverTimeoutMilliseconds : (long?)null,
                    AuthUser = string.IsNullOrEmpty(user) || user == "default" ? null : user,
                    AuthPass = AuthCredential?.GetNetworkCredential().Password,
                };
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
                return;
            }

            if (AsConfigLines)
            {
                foreach (var line in registration.ConfigLines(IncludeSecret)) WriteObject(line);
                return;
            }

            var sentinels = UseNodes(Sentinel, nameof(Sentinel), SentinelCredential);
            var states = new System.Collections.Generic.List<SentinelMasterState>();
            foreach (var sentinel in sentinels)
            {
                try
                {
                    var changes = Await((token, _) => SentinelRegistrar.PlanAsync(sentinel.Client, registration, token));
                    if (changes.Count == 0)
                    {
                        WriteVerbose($"{sentinel.Endpoint} already monitors '{MasterName}' at {registration.Primary} as asked.");
                    }
                    else if (this.Confirmed(sentinel.Endpoint, string.Join("; ", changes)))
                    {
                        Await((token, _) => SentinelRegistrar.ApplyAsync(sentinel.Client, registration, token));
                    }
                    else
                    {
                        continue;
                    }
                    states.Add(Await((token, _) => SentinelInspector.ReadAsync(sentinel.Client, MasterName, token)));
                }
                catch (MigrationException ex)
                {
                    WriteError(ex, sentinel.Endpoint);
                }
            }
            foreach (var view in SentinelMasterView.FromStates(states, sentinels.Length)) WriteObject(view);
        }
    }
}

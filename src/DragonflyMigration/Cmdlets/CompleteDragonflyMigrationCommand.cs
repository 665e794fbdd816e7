using System;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>After the cutover: retires the old Redis nodes from every Sentinel's view, optionally shutting them down.</summary>
    [Cmdlet(VerbsLifecycle.Complete, "DragonflyMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(RetiredNode))]
    public sealed class CompleteDragonflyMigrationCommand : EngineCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [RedisNodeTransformation(Sentinel = true)]
        [ValidateNotNullOrEmpty]
        public RedisNode[] Sentinel { get; set; } = Array.Empty<RedisNode>();

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string MasterName { get; set; } = string.Empty;

        /// <summary>The nodes to retire as host:port; by default every replica the new primary cannot serve.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        private const string CredentialSet = "Credential";
        private const string TargetSet = "Target";

        /// <summary>Credential of the data nodes (the new primary and the nodes to retire), reached without TLS.</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>
        /// The new primary as Connect-RedisNode connected it: the data nodes are connected with its settings
        /// (credentials, TLS, client certificate), as the cutover connects the other replicas like the
        /// source. Without it a TLS-only deployment could not be completed: -Credential alone connects
        /// without TLS.
        /// </summary>
        [Parameter(ParameterSetName = TargetSet)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public RedisNode? Target { get; set; }

        [Parameter]
        public SwitchParameter Shutdown { get; set; }

        protected override string ProgressActivity => $"Retiring old nodes of '{MasterName}'";

        protected override void ProcessRecord()
        {
            RequireNodes(Sentinel, nameof(Sentinel), sentinel: true);
            if (Target != null) RequireNode(Target, nameof(Target));
            var settings = Target?.Client.Settings ?? new ConnectionSettings { User = Credential?.UserName, Password = Credential?.GetNetworkCredential().Password };
            var sentinels = Sentinel.Select(s => s.Client).ToList();
            try
            {
                var nodes = Node?.Select(n => NodeEndpoint.Parse(n)).ToList();
                var plan = Await((token, observer) => MigrationCompletion.PlanAsync(sentinels, MasterName, nodes, settings, Shutdown, observer, token));
                if (!ShouldProcess(MasterName, plan.Description)) return;
                var outcomes = Await((token, observer) => MigrationCompletion.ApplyAsync(sentinels, plan, settings, observer, token));
                foreach (var outcome in outcomes) WriteObject(new RetiredNode(outcome, MasterName));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

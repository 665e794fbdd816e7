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
    [Cmdlet(VerbsLifecycle.Complete, "DragonflyMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RetiredNode))]
    public sealed class CompleteDragonflyMigrationCommand : EngineCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [RedisNodeTransformation(Sentinel = true)]
        [ValidateNotNullOrEmpty]
        public NodeArgument[] Sentinel { get; set; } = Array.Empty<NodeArgument>();

        /// <summary>Connects -Sentinel when given as host:port strings.</summary>
        [Parameter]
        [Credential]
        public PSCredential? SentinelCredential { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string MasterName { get; set; } = string.Empty;

        /// <summary>The nodes to retire as host:port; by default every replica the new primary cannot serve.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>
        /// Credential of the data nodes (the new primary and the nodes to retire), reached without TLS; with a
        /// host:port -Target, the credential it is connected with.
        /// </summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>
        /// The new primary as Connect-RedisNode connected it: the data nodes are connected with its settings
        /// (credentials, TLS, client certificate), as the cutover connects the other replicas like the
        /// source. Without it a TLS-only deployment could not be completed: -Credential alone connects
        /// without TLS.
        /// </summary>
        [Parameter]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument? Target { get; set; }

        [Parameter]
        public SwitchParameter Shutdown { get; set; }

        protected override string ProgressActivity => $"Retiring old nodes of '{MasterName}'";

        protected override void ProcessRecord()
        {
            // A node object brings its own credential; a second one would be ignored, so it is refused.
            if (Target?.Node != null && Credential != null)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    "-Credential goes with a host:port -Target or no -Target; a -Target node from Connect-RedisNode brings its own.", nameof(Credential)));
            }
            var sentinels = UseNodes(Sentinel, nameof(Sentinel), SentinelCredential).Select(s => s.Client).ToList();
            var target = Target == null ? null : UseNode(Target, nameof(Target), Credential);
            var settings = target?.Client.Settings ?? new ConnectionSettings { User = Credential?.UserName, Password = Credential?.GetNetworkCredential().Password };
            try
            {
                var nodes = Node?.Select(n => NodeEndpoint.Parse(n)).ToList();
                var plan = Await((token, observer) => MigrationCompletion.PlanAsync(sentinels, MasterName, nodes, settings, Shutdown, observer, token));
                if (!this.Confirmed(MasterName, plan.Description)) return;
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

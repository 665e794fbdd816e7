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
        public RedisNode[] Sentinel { get; set; } = Array.Empty<RedisNode>();

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string MasterName { get; set; } = string.Empty;

        /// <summary>The nodes to retire as host:port; by default every replica the new primary cannot serve.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Credential of the data nodes (the new primary and the nodes to retire).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public SwitchParameter Shutdown { get; set; }

        protected override string ProgressActivity => $"Retiring old nodes of '{MasterName}'";

        protected override void ProcessRecord()
        {
            var settings = new ConnectionSettings { User = Credential?.UserName, Password = Credential?.GetNetworkCredential().Password };
            var sentinels = Sentinel.Select(s => s.Client).ToList();
            try
            {
                var views = Sentinel.Select(s => Await((token, _) => SentinelInspector.ReadAsync(s.Client, MasterName, token))).ToList();
                var primaries = views.Select(v => v.Primary).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (primaries.Count != 1)
                {
                    ThrowTerminatingError(new MigrationException(MigrationErrorKind.SentinelsDisagree,
                        $"The Sentinels name different primaries for '{MasterName}': {string.Join(", ", primaries)}.", MasterName)
                    { Remedy = "Wait until they agree (Get-SentinelMaster) before retiring anything." });
                }
                var nodes = Node?.Select(n => NodeEndpoint.Parse(n)).ToList();
                if (nodes == null)
                {
                    using var primary = Await((token, _) => NodeConnector.ConnectAsync(NodeEndpoint.Parse(primaries[0]), settings, token));
                    var stale = Await((token, _) => StaleNodeRetirement.FindStaleAsync(sentinels, MasterName, primary, token));
                    nodes = stale.Select(s => NodeEndpoint.Parse(s)).ToList();
                }
                if (nodes.Any(n => string.Equals(n.ToString(), primaries[0], StringComparison.OrdinalIgnoreCase)))
                {
                    ThrowTerminatingError(new MigrationException(MigrationErrorKind.SourceNotPrimary,
                        $"{primaries[0]} is the current primary of '{MasterName}' and cannot be retired.", primaries[0]));
                }
                var what = nodes.Count == 0
                    ? $"SENTINEL RESET {MasterName} on each Sentinel in turn"
                    : $"replica-priority 0{(Shutdown ? ", SHUTDOWN SAVE" : string.Empty)} on {string.Join(", ", nodes)}; then SENTINEL RESET {MasterName} on each Sentinel in turn";
                if (!ShouldProcess(MasterName, what)) return;
                var outcomes = Await((token, observer) => StaleNodeRetirement.RetireAsync(sentinels, MasterName, nodes, settings, Shutdown, observer, token));
                foreach (var outcome in outcomes) WriteObject(new RetiredNode(outcome, MasterName));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
        }
    }
}

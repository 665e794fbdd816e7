using System;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Fleet;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>
    /// Where a group's migration stands, read from its Sentinels, its nodes and the cutover journal, so a run
    /// stopped at any point resumes from the servers' state. Read-only.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MigrationStage", DefaultParameterSetName = NodesSet)]
    [OutputType(typeof(MigrationStageView))]
    public sealed class GetMigrationStageCommand : ReplicationPairCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [RedisNodeTransformation(Sentinel = true)]
        [Alias("Sentinels")]
        [ValidateNotNullOrEmpty]
        public NodeArgument[] Sentinel { get; set; } = Array.Empty<NodeArgument>();

        /// <summary>Connects -Sentinel when given as host:port strings.</summary>
        [Parameter]
        [Credential]
        public PSCredential? SentinelCredential { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string MasterName { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            // A node that cannot be reached is this group's error, not the end of a pipeline of many groups.
            var nodes = new[] { Use(Source, nameof(Source), Credential, StatusSet, () => InputObject.Source) , Use(Target, nameof(Target), Credential, StatusSet, () => InputObject.Target) }
                .Concat(Sentinel.Select(s => Use(s, nameof(Sentinel), SentinelCredential, null, null))).ToList();
            var failed = nodes.FirstOrDefault(n => n.ConnectFailure != null);
            if (failed != null)
            {
                WriteError(failed.ConnectFailure!, MasterName);
                return;
            }
            var source = nodes[0].Client!;
            var target = nodes[1].Client!;
            try
            {
                var reading = Await((token, _) => GroupStageReader.ReadAsync(source, target, nodes.Skip(2).Select(n => n.Client!).ToList(), MasterName, token));
                WriteObject(new MigrationStageView(MasterName, source.Endpoint.ToString(), target.Endpoint.ToString(), reading));
            }
            catch (MigrationException ex)
            {
                WriteError(ex, MasterName);
            }
        }

        private ReadinessNode Use(NodeArgument argument, string parameter, PSCredential? credential, string? fromStatusSet, Func<RedisNode>? fromStatus)
        {
            if (fromStatusSet != null && ParameterSetName == fromStatusSet)
            {
                var node = fromStatus!();
                RequireNode(node, parameter);
                return ReadinessNode.Connected(node.Client);
            }
            return UseNodeOrFailure(argument, parameter, credential);
        }
    }
}

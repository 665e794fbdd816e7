using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Each Sentinel's view of a monitored primary, and whether they all agree. Read-only.</summary>
    [Cmdlet(VerbsCommon.Get, "SentinelMaster")]
    [OutputType(typeof(SentinelMasterView))]
    public sealed class GetSentinelMasterCommand : EngineCmdlet
    {
        private readonly List<RedisNode> _sentinels = new List<RedisNode>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
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

        // Sentinels may arrive one by one from the pipeline; agreement is judged over all of them.
        protected override void ProcessRecord()
        {
            _sentinels.AddRange(UseNodes(Sentinel, nameof(Sentinel), SentinelCredential));
        }

        protected override void EndProcessing()
        {
            var states = new List<SentinelMasterState>();
            foreach (var sentinel in _sentinels)
            {
                try
                {
                    states.Add(Await((token, _) => SentinelInspector.ReadAsync(sentinel.Client, MasterName, token)));
                }
                catch (MigrationException ex)
                {
                    WriteError(ex, sentinel.Endpoint);
                }
            }
            foreach (var view in SentinelMasterView.FromStates(states, _sentinels.Count)) WriteObject(view);
        }
    }
}

using System;
using System.Management.Automation;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Closes connections opened by Connect-RedisNode. Changes nothing on any server.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "RedisNode")]
    [OutputType(typeof(void))]
    public sealed class DisconnectRedisNodeCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RedisNode[] Node { get; set; } = Array.Empty<RedisNode>();

        protected override void ProcessRecord()
        {
            foreach (var node in Node)
            {
                WriteVerbose($"Closing the connection to {node.Endpoint}.");
                node.Client.Dispose();
            }
        }
    }
}

using System;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>
    /// Stops a sandbox's writing client and counts the writes it saw acknowledged that the given
    /// primary does not hold: the rehearsal's proof that nothing was lost.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "SandboxWrite")]
    [OutputType(typeof(SandboxWriteReport))]
    public sealed class MeasureSandboxWriteCommand : EngineCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MigrationSandbox Sandbox { get; set; } = null!;

        /// <summary>The node that must hold every acknowledged write: the new primary after a cutover.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [RedisNodeTransformation]
        [ValidateNotNull]
        public NodeArgument Primary { get; set; } = null!;

        /// <summary>Connects -Primary when it is a host:port string (the sandbox's -Password).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        protected override string ProgressActivity => "Counting the sandbox client's writes";

        protected override void ProcessRecord()
        {
            var primary = UseNode(Primary, nameof(Primary), Credential);
            var writer = Sandbox.Engine.Writer;
            if (writer == null)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    $"The sandbox '{Sandbox.MasterName}' has no writing client.", Sandbox.MasterName)
                { Remedy = "Start the sandbox with -WriteRate to have a client write through Sentinel." });
            }
            try
            {
                var lost = Await((token, _) => writer!.CountLostAsync(primary.Client, token));
                WriteObject(new SandboxWriteReport(Sandbox, primary, writer!, lost));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex, primary.Endpoint);
            }
        }
    }
}

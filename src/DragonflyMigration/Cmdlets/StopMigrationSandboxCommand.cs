using System;
using System.Management.Automation;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Stops every server of a sandbox and removes its folder.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "MigrationSandbox", SupportsShouldProcess = true)]
    [OutputType(typeof(MigrationSandbox))]
    public sealed class StopMigrationSandboxCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MigrationSandbox[] Sandbox { get; set; } = Array.Empty<MigrationSandbox>();

        /// <summary>Writes each sandbox once stopped (its IsRunning is then false).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var sandbox in Sandbox)
            {
                if (!this.Confirmed($"sandbox '{sandbox.MasterName}' in {sandbox.Directory}", "Stop servers and remove the folder")) continue;
                sandbox.Engine.Dispose();
                WriteVerbose($"Stopped the sandbox in {sandbox.Directory}.");
                if (PassThru) WriteObject(sandbox);
            }
        }
    }
}

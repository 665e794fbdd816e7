@{
    Synopsis    = 'Reads and validates a migration plan file listing many Sentinel groups, without contacting any server.'
    Description = @'
Import-MigrationPlan reads a plan file, a PowerShell data file that operators edit and review like any other configuration: Defaults (settings for every group) and Groups (one hashtable per Sentinel group: MasterName, Source and Target, and any setting of its own, which wins over the default). The settings are Sentinels, Credential, SentinelCredential, MaxWritePause, StableFor, SteadyTimeout (a TimeSpan string such as '00:00:02' or a number of seconds), ExcludeOtherReplicas and ForceTarget ($true or $false).

A credential is named, never written: @{ Automation = 'asset name' } (an Azure Automation credential asset), @{ Secret = 'secret name' } (SecretManagement) or @{ Parameter = 'key' } (a PSCredential passed in).

The file is parsed, never run: only literal values are accepted. Every problem (an unknown or missing entry, an endpoint that is not host:port, a duration out of range, two groups sharing a name, a source or a target) is reported at once in one PlanInvalid error, each line naming its group and field. No server is contacted.
'@
    Parameters  = @{
        Path = 'The plan file. Accepts pipeline input by property name (FullName, as Get-ChildItem gives it).'
    }
    Inputs      = @('System.String')
    Examples    = @(
        @{ Code = '$plan = Import-MigrationPlan ./examples/MigrationPlan.psd1; $plan.Groups | Format-Table'; Remarks = 'Reads the example plan and lists its groups with their settings.' }
        @{ Code = 'Get-ChildItem ./plans/*.psd1 | Import-MigrationPlan'; Remarks = 'Validates every plan in a folder, as a pull-request check might.' }
    )
    Links       = @('Test-MigrationReadiness', 'Invoke-SentinelFailover')
}

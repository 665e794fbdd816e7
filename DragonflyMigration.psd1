@{
    RootModule             = 'DragonflyMigration.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '23769683-3946-4a08-81bb-2c922872507d'
    Author                 = 'DragonflyMigration contributors'
    CompanyName            = 'DragonflyMigration'
    Copyright              = '(c) DragonflyMigration contributors. Licensed under the MIT License.'
    Description            = 'Migrates a live, Sentinel-managed Redis deployment onto Dragonfly with no lost acknowledged write: Dragonfly replicates the Redis primary, then Sentinel promotes it behind a fenced, sub-second write pause.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('DragonflyMigration.Format.ps1xml')
    TypesToProcess         = @('DragonflyMigration.Types.ps1xml')
    CmdletsToExport        = @(
        'Compare-RedisKeyspace'
        'Complete-DragonflyMigration'
        'Connect-RedisNode'
        'Disconnect-RedisNode'
        'Export-MigrationReport'
        'Get-MigrationStage'
        'Get-ReplicationStatus'
        'Get-SentinelMaster'
        'Import-MigrationPlan'
        'Invoke-MigrationPlan'
        'Invoke-SentinelFailover'
        'Measure-SandboxWrite'
        'Register-SentinelMaster'
        'Start-DragonflyReplication'
        'Start-MigrationSandbox'
        'Stop-DragonflyReplication'
        'Stop-MigrationSandbox'
        'Test-MigrationReadiness'
        'Wait-ReplicationSteady'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('Redis', 'Dragonfly', 'Sentinel', 'Migration', 'AzureAutomation', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux')
            LicenseUri = 'https://opensource.org/license/mit'
        }
    }
}

<#
.SYNOPSIS
    A rehearsal on this machine: starts a sandbox with sample data, connects to every node,
    shows them, and stops the sandbox. Run through: dotnet pwsh ./build.ps1 demo
#>
param(
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../out/DragonflyMigration/0.1.0/DragonflyMigration.psd1'),
    [int] $SampleKeyCount = 20000
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force

Write-Host "Starting a sandbox: Redis primary with $SampleKeyCount keys, one replica, three Sentinels (quorum 2), a target."
$sandbox = Start-MigrationSandbox -SampleKeyCount $SampleKeyCount -ReplicaCount 1 -SentinelCount 3 -Quorum 2 -Verbose
try {
    $sandbox | Format-List

    $src = Connect-RedisNode $sandbox.Source
    $replicas = Connect-RedisNode $sandbox.Replicas
    $target = Connect-RedisNode $sandbox.Target
    $sentinels = Connect-RedisNode $sandbox.Sentinels -Sentinel

    Write-Host 'Every node of the topology:'
    @($src) + $replicas + $target + $sentinels | Format-Table | Out-Host

    @($src) + $replicas + $target + $sentinels | Disconnect-RedisNode
}
finally {
    $sandbox | Stop-MigrationSandbox -Confirm:$false
    Write-Host "Sandbox stopped; $($sandbox.Directory) removed: $(-not (Test-Path $sandbox.Directory))"
}

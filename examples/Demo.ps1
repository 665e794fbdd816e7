<#
.SYNOPSIS
    A rehearsal on this machine: a sandbox with sample data and a client writing to the source,
    every node connected and shown, Dragonfly (or a Redis stand-in) replicating until steady.
    Run through: dotnet pwsh ./build.ps1 demo
#>
param(
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../out/DragonflyMigration/0.1.0/DragonflyMigration.psd1'),
    [int] $SampleKeyCount = 200000,
    [int] $WriteRate = 500
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force

Write-Host "Starting a sandbox: Redis primary with $SampleKeyCount keys, one replica, three Sentinels (quorum 2), a target, and a client writing $WriteRate keys a second."
$sandbox = Start-MigrationSandbox -SampleKeyCount $SampleKeyCount -ReplicaCount 1 -SentinelCount 3 -Quorum 2 -WriteRate $WriteRate -Verbose
try {
    $src = Connect-RedisNode $sandbox.Source
    $replicas = Connect-RedisNode $sandbox.Replicas
    $target = Connect-RedisNode $sandbox.Target
    $sentinels = Connect-RedisNode $sandbox.Sentinels -Sentinel

    Write-Host 'Every node of the topology:'
    @($src) + $replicas + $target + $sentinels | Format-Table | Out-Host

    Write-Host "Replicating $($src.Endpoint) to $($target.Endpoint) ($($target.Flavor)) while the client writes:"
    $status = Start-DragonflyReplication -Source $src -Target $target -Verbose |
        Wait-ReplicationSteady -StableFor 00:00:05 -Timeout 00:10:00 -Verbose
    $status | Format-Table | Out-Host
    $status | Get-ReplicationStatus | Format-List State, LinkStatus, LagBytes, LagSeconds, SourceKeys, TargetKeys, SourceFullSyncs | Out-Host
    Write-Host "The client has written $($sandbox.WritesAcknowledged) keys so far ($($sandbox.WritesFailed) failed); replication is steady."

    @($src) + $replicas + $target + $sentinels | Disconnect-RedisNode
}
finally {
    $sandbox | Stop-MigrationSandbox -Confirm:$false
    Write-Host "Sandbox stopped; $($sandbox.Directory) removed: $(-not (Test-Path $sandbox.Directory))"
}

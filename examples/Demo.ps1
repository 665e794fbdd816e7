<#
.SYNOPSIS
    The whole migration rehearsed on this machine: a Redis primary with data under three Sentinels,
    a client writing through Sentinel the whole time, the readiness checks, replication to the target
    until steady, the fenced cutover, a keyspace comparison, and a closing line with the client's acknowledged writes, the writes lost and
    its longest time without a successful write. Run through: dotnet pwsh ./build.ps1 demo
#>
param(
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../out/DragonflyMigration/0.1.0/DragonflyMigration.psd1'),
    [int] $SampleKeyCount = 200000,
    [int] $WriteRate = 500
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force

Write-Host "Starting a sandbox: Redis primary with $SampleKeyCount keys, one replica, three Sentinels (quorum 2), a target, and a client writing $WriteRate keys a second through Sentinel."
$sandbox = Start-MigrationSandbox -SampleKeyCount $SampleKeyCount -ReplicaCount 1 -SentinelCount 3 -Quorum 2 -WriteRate $WriteRate -DownAfterMilliseconds 10000 -Verbose
try {
    $src = Connect-RedisNode $sandbox.Source
    $df = Connect-RedisNode $sandbox.Target
    $sen = Connect-RedisNode $sandbox.Sentinels -Sentinel

    Write-Host 'The topology:'
    @($src) + (Connect-RedisNode $sandbox.Replicas) + $df + $sen | Format-Table | Out-Host
    Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName | Format-Table | Out-Host

    Write-Host 'Readiness (the other replica is a warning: the cutover lowers its priority with -ExcludeOtherReplicas):'
    Test-MigrationReadiness -Source $src -Target $df -Sentinel $sen -MasterName $sandbox.MasterName | Format-Table | Out-Host

    Write-Host "Replicating $($src.Endpoint) to $($df.Endpoint) ($($df.Flavor)) while the client writes, then cutting over:"
    $result = Start-DragonflyReplication -Source $src -Target $df -Verbose |
        Wait-ReplicationSteady -StableFor 00:00:05 -Timeout 00:10:00 -Verbose |
        Invoke-SentinelFailover -Sentinel $sen -MasterName $sandbox.MasterName -ExcludeOtherReplicas -Confirm:$false -Verbose
    $result | Format-List | Out-Host
    Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName | Format-Table | Out-Host

    Start-Sleep -Seconds 2
    $writes = $sandbox | Measure-SandboxWrite -Primary $df
    Write-Host ("Client through Sentinel: {0} writes acknowledged, {1} lost, {2} failed loudly, longest time without a successful write {3:0} ms; server-side write pause {4:0} ms." -f `
        $writes.Acknowledged, $writes.Lost, $writes.Failed, $writes.LongestWriteGapMilliseconds, $result.WritePauseMilliseconds)

    if ($df.Flavor -eq 'Dragonfly') {
        # Dragonfly serves no Redis replica: the fenced old primary keeps only what it had at the cutover,
        # so the proof is the client's own record above, not a comparison with the old primary.
        Write-Host 'The old primary cannot replicate a Dragonfly primary; the client''s record above is the check that nothing was lost.'
    }
    else {
        Start-Sleep -Seconds 1
        Write-Host 'The old primary, fenced, replicates the target; with the client stopped, both hold the same data:'
        Compare-RedisKeyspace -Source $src -Target $df -SampleSize 1000 | Format-List | Out-Host
    }
}
finally {
    $sandbox | Stop-MigrationSandbox -Confirm:$false
    Write-Host "Sandbox stopped; $($sandbox.Directory) removed: $(-not (Test-Path $sandbox.Directory))"
}

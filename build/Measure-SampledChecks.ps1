<#
.SYNOPSIS
    Shows that Test-MigrationReadiness and a sampled Compare-RedisKeyspace cost the same on a small and
    a 100 times larger keyspace: medians over rounds, measured side by side in one run, and their ratio.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $SmallKeys = 10000,
    [int] $LargeKeys = 1000000,
    [int] $Rounds = 5
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function Measure-Milliseconds([scriptblock] $Action) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $Action | Out-Null
    $clock.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[int][math]::Floor($Values.Count / 2)] }

$pairs = foreach ($keys in $SmallKeys, $LargeKeys) {
    $sandbox = Start-MigrationSandbox -SentinelCount 0 -RedisTarget
    & redis-cli -p ($sandbox.Source -split ':')[-1] DEBUG POPULATE $keys bench 64 | Out-Null
    $src = Connect-RedisNode $sandbox.Source
    $df = Connect-RedisNode $sandbox.Target
    Start-DragonflyReplication -Source $src -Target $df | Wait-ReplicationSteady -StableFor 00:00:01 -Timeout 00:10:00 |
        Stop-DragonflyReplication -Confirm:$false | Out-Null
    [pscustomobject]@{ Keys = $keys; Sandbox = $sandbox; Source = $src; Target = $df }
}
try {
    # The two keyspaces take turns round by round, so that machine noise hits both alike.
    $readiness = @{}; $compare = @{}
    foreach ($pair in $pairs) { $readiness[$pair.Keys] = [Collections.Generic.List[double]]::new(); $compare[$pair.Keys] = [Collections.Generic.List[double]]::new() }
    foreach ($round in 1..$Rounds) {
        foreach ($pair in $pairs) {
            $readiness[$pair.Keys].Add((Measure-Milliseconds { Test-MigrationReadiness $pair.Source $pair.Target -WriteRateWindow 00:00:00.100 }))
            $compare[$pair.Keys].Add((Measure-Milliseconds { Compare-RedisKeyspace $pair.Source $pair.Target -SampleSize 1000 }))
        }
    }
    $results = foreach ($pair in $pairs) {
        [pscustomobject]@{ Keys = $pair.Keys; ReadinessMs = Get-Median $readiness[$pair.Keys]; CompareSample1000Ms = Get-Median $compare[$pair.Keys] }
    }
    $results | Format-Table -AutoSize | Out-Host
    $small, $large = $results
    [pscustomobject]@{
        KeyspaceRatio          = $large.Keys / $small.Keys
        ReadinessTimeRatio     = [math]::Round($large.ReadinessMs / $small.ReadinessMs, 2)
        CompareSampleTimeRatio = [math]::Round($large.CompareSample1000Ms / $small.CompareSample1000Ms, 2)
    } | Format-List | Out-Host
}
finally {
    foreach ($pair in $pairs) { $pair.Sandbox | Stop-MigrationSandbox -Confirm:$false }
}

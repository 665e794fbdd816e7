<#
.SYNOPSIS
    Replication benchmark: time from Start-DragonflyReplication to Wait-ReplicationSteady returning,
    against the same replication driven by hand (REPLICAOF, then INFO polled every 100 ms), side by
    side in one run on the same source; and the commands a second the wait sends to the source.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(1, 16384)]
    [int[]] $SizesMB = @(100, 1000),
    [int] $Rounds = 2,
    [timespan] $StableFor = [timespan]::FromSeconds(5)
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function Invoke-Cli([string] $Endpoint, [string[]] $Arguments) {
    $port = ($Endpoint -split ':')[-1]
    & redis-cli -p $port @Arguments
}

function Get-Info([string] $Endpoint, [string] $Section) {
    $map = @{}
    foreach ($line in (Invoke-Cli $Endpoint @('INFO', $Section))) {
        $i = $line.IndexOf(':')
        if ($i -gt 0) { $map[$line.Substring(0, $i)] = $line.Substring($i + 1).Trim() }
    }
    $map
}

function Add-MixedData([string] $Endpoint, [int] $SizeMB) {
    # Server-side generation keeps the set-up fast: strings, hashes, lists, sets and sorted sets of ~1 KB each.
    $script = @'
local base = tonumber(ARGV[1]); local count = tonumber(ARGV[2]); local pad = string.rep('x', 200)
for i = base, base + count - 1 do
  local t = i % 5; local k = 'bench:' .. i
  if t == 0 then redis.call('SET', k, pad .. pad .. pad .. pad .. pad)
  elseif t == 1 then redis.call('HSET', k, 'a', pad, 'b', pad, 'c', pad, 'd', pad, 'e', pad)
  elseif t == 2 then redis.call('RPUSH', k, pad, pad, pad, pad, pad)
  elseif t == 3 then redis.call('SADD', k, 'a' .. pad, 'b' .. pad, 'c' .. pad, 'd' .. pad, 'e' .. pad)
  else redis.call('ZADD', k, 1, 'a' .. pad, 2, 'b' .. pad, 3, 'c' .. pad, 4, 'd' .. pad, 5, 'e' .. pad) end
end
return count
'@
    $chunk = 20000
    $offset = 0
    $goal = [long]$SizeMB * 1MB
    # Each key takes well over 500 bytes; the cap guards the machine should used_memory ever read wrong.
    $maxKeys = [long]($goal / 500)
    while ($offset -lt $maxKeys) {
        $used = [long](Get-Info $Endpoint 'memory')['used_memory']
        if ($used -le 0) { throw "Could not read used_memory from $Endpoint." }
        if ($used -ge $goal) { break }
        $added = Invoke-Cli $Endpoint @('EVAL', $script, '0', $offset, $chunk)
        if ("$added" -ne "$chunk") { throw "Generating data on $Endpoint failed: $added" }
        $offset += $chunk
    }
    $offset
}

function Wait-ByHand([string] $Source, [string] $Target) {
    $port = ($Target -split ':')[-1]
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Cli $Target @('REPLICAOF', '127.0.0.1', ($Source -split ':')[-1]) | Out-Null
    while ($true) {
        $t = Get-Info $Target 'replication'
        if ($t['master_link_status'] -eq 'up' -and $t['master_sync_in_progress'] -eq '0') {
            $s = Get-Info $Source 'replication'
            $line = $s.Keys | Where-Object { $_ -like 'slave*' } | ForEach-Object { $s[$_] } | Where-Object { $_ -match "port=$port," }
            if ($line -match 'state=online') { return $clock.Elapsed }
        }
        Start-Sleep -Milliseconds 100
    }
}

function Get-CommandCounts([string] $Endpoint) {
    $counts = @{}
    foreach ($line in (Invoke-Cli $Endpoint @('INFO', 'commandstats'))) {
        if ($line -match '^cmdstat_([^:]+):calls=(\d+)') { $counts[$Matches[1]] = [long]$Matches[2] }
    }
    $counts
}

function Wait-ByModule([string] $Source, [string] $Target) {
    $src = Connect-RedisNode $Source
    $dst = Connect-RedisNode $Target
    $before = Get-CommandCounts $Source
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $status = Start-DragonflyReplication -Source $src -Target $dst | Wait-ReplicationSteady -StableFor $StableFor -Timeout 01:00:00
    $elapsed = $clock.Elapsed
    $after = Get-CommandCounts $Source
    # Replication's own traffic (the replica's ACKs, its PSYNC) and this script's two INFO calls are not the wait's.
    $sent = 0
    foreach ($name in $after.Keys) {
        if ($name -in 'replconf', 'psync', 'sync') { continue }
        $sent += $after[$name] - ($before[$name] ?? 0)
    }
    $sent -= 1
    $src, $dst | Disconnect-RedisNode
    [pscustomobject]@{ Elapsed = $elapsed; CommandsToSource = $sent; Steady = $status.IsSteady }
}

function Reset-Target([string] $Target) {
    Invoke-Cli $Target @('REPLICAOF', 'NO', 'ONE') | Out-Null
    Invoke-Cli $Target @('FLUSHALL') | Out-Null
    Invoke-Cli $Target @('CONFIG', 'SET', 'replica-priority', '100') | Out-Null
}

$results = foreach ($size in $SizesMB) {
    $sandbox = Start-MigrationSandbox -SentinelCount 0 -RedisTarget
    try {
        $keys = Add-MixedData $sandbox.Source $size
        $used = [long](Get-Info $sandbox.Source 'memory')['used_memory']
        Write-Host ("{0} MB dataset: {1:N0} keys of mixed types, used_memory {2:N0} MB" -f $size, $keys, ($used / 1MB))
        $hand = @(); $module = @()
        foreach ($round in 1..$Rounds) {
            # Alternate the order so neither side always runs on a warmer machine.
            if ($round % 2) {
                Reset-Target $sandbox.Target; $hand += Wait-ByHand $sandbox.Source $sandbox.Target
                Reset-Target $sandbox.Target; $module += Wait-ByModule $sandbox.Source $sandbox.Target
            }
            else {
                Reset-Target $sandbox.Target; $module += Wait-ByModule $sandbox.Source $sandbox.Target
                Reset-Target $sandbox.Target; $hand += Wait-ByHand $sandbox.Source $sandbox.Target
            }
        }
        $handMedian = ($hand | Sort-Object TotalSeconds)[[int][Math]::Floor($hand.Count / 2)].TotalSeconds
        $moduleSorted = $module | Sort-Object { $_.Elapsed.TotalSeconds }
        $moduleMedian = $moduleSorted[[int][Math]::Floor($moduleSorted.Count / 2)]
        [pscustomobject]@{
            DatasetMB          = $size
            Keys               = $keys
            ByHandSeconds      = [Math]::Round($handMedian, 2)
            ModuleSeconds      = [Math]::Round($moduleMedian.Elapsed.TotalSeconds, 2)
            StableForSeconds   = $StableFor.TotalSeconds
            Ratio              = [Math]::Round($moduleMedian.Elapsed.TotalSeconds / $handMedian, 3)
            RatioWithoutHold   = [Math]::Round(($moduleMedian.Elapsed.TotalSeconds - $StableFor.TotalSeconds) / $handMedian, 3)
            CommandsPerSecond  = [Math]::Round($moduleMedian.CommandsToSource / $moduleMedian.Elapsed.TotalSeconds, 2)
        }
    }
    finally {
        $sandbox | Stop-MigrationSandbox -Confirm:$false
    }
}
$results | Format-Table -AutoSize | Out-Host
$results

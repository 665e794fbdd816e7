<#
.SYNOPSIS
    The chaos run: sandbox migrations, each with one fault injected at a random moment of the cutover,
    each checked for acknowledged writes lost by two client libraries.
.DESCRIPTION
    Each run starts a sandbox (3 Sentinels, a Redis target, 200 writes/s from StackExchange.Redis plus
    redis-py writing through Sentinel), replicates to steady, runs Invoke-SentinelFailover in a child
    process, and injects one fault when the child reports the milestone of a randomly chosen phase:
      kill-tool       kill -9 of the child (a crashed Azure Automation job)
      stall-target    SIGSTOP of the target for 2.5 s
      stall-source    SIGSTOP of the source for 1.5 s
      stall-sentinel  SIGSTOP of one Sentinel for 3 s
    When the child left a journal (it died, or stopped after SENTINEL FAILOVER), the command is run
    again, as an operator would, until it converges. Every run must end with 0 acknowledged writes lost
    and either a completed cutover or a restored source (target unpromotable, source min-replicas
    settings back, no journal, source writable). Prints the table and returns its rows.
.EXAMPLE
    ./tests/Chaos/Invoke-ChaosRun.ps1 -ModuleManifest out/DragonflyMigration/0.1.0/DragonflyMigration.psd1 -Runs 3 -Seed 42
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(1, 500)] [int] $Runs = 20,
    [int] $Seed = (Get-Random -Maximum 1000000),
    [ValidateSet('kill-tool', 'stall-target', 'stall-source', 'stall-sentinel')] [string[]] $Fault = @('kill-tool', 'stall-target', 'stall-source', 'stall-sentinel')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:DFMIG_MODULE_MANIFEST = (Resolve-Path $ModuleManifest).Path
Import-Module $env:DFMIG_MODULE_MANIFEST -Force
Import-Module (Join-Path $PSScriptRoot '../Pester/TestHelpers.psm1') -Force
$random = [Random]::new($Seed)
Write-Host "Chaos run: $Runs run(s), seed $Seed (rerun with -Seed $Seed to repeat the choices)."

# The milestone each moment waits for: a kill lands just after it, a stall starts 0-300 ms after it.
$moments = [ordered]@{
    Preflight = Format-Milestone PhaseStarted Preflight
    Arm       = Format-Milestone TargetArmed
    Freeze    = Format-Milestone WritesPaused
    Promote   = Format-Milestone FailoverRequested
    Fence     = Format-Milestone PhaseStarted Fence
}

function Get-Port([string] $Endpoint) { ($Endpoint -split ':')[-1] }

function Invoke-Cli([string] $Endpoint, [string[]] $Arguments) { & timeout 5 redis-cli -p (Get-Port $Endpoint) @Arguments 2>&1 }

function Get-ProcessId([string] $Endpoint) {
    [int]((Invoke-Cli $Endpoint @('INFO', 'server') | Select-String '^process_id:(\d+)').Matches[0].Groups[1].Value)
}

function Get-Primary($Sandbox) {
    foreach ($sentinel in $Sandbox.Sentinels) {
        $reply = @(Invoke-Cli $sentinel @('SENTINEL', 'get-master-addr-by-name', $Sandbox.MasterName))
        if ($reply.Count -eq 2) { return "$($reply[0]):$($reply[1])" }
    }
    $null
}

function Test-Journal($Sandbox) {
    $key = "dragonfly-migration:cutover-journal:$($Sandbox.MasterName)"
    @($Sandbox.Source, $Sandbox.Target | Where-Object { (Invoke-Cli $_ @('EXISTS', $key)) -eq '1' }).Count -gt 0
}

function Invoke-Again($Sandbox, $Steady) {
    # What the README tells the operator: run the same command again (after a failover in progress ends).
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while ($true) {
        try { return $Steady | Invoke-SentinelFailover -Sentinel $Sandbox.Sentinels -MasterName $Sandbox.MasterName -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Stop }
        catch {
            if ($_.FullyQualifiedErrorId -notlike 'FailoverInProgress,*' -or [DateTime]::UtcNow -gt $deadline) { return $_.FullyQualifiedErrorId }
            Start-Sleep -Seconds 1
        }
    }
}

# What a restored source must look like: primary, writable, min-replicas back, the target unpromotable.
function Test-Restored($Sandbox) {
    $problems = @()
    if ((Invoke-Cli $Sandbox.Source @('CONFIG', 'GET', 'min-replicas-to-write'))[1] -ne '0') { $problems += 'source min-replicas-to-write not restored' }
    if ((Invoke-Cli $Sandbox.Target @('CONFIG', 'GET', 'replica-priority'))[1] -ne '0') { $problems += 'target priority not restored' }
    if ((Invoke-Cli $Sandbox.Source @('SET', 'chaos:probe', '1')) -ne 'OK') { $problems += 'source not writable' }
    $problems
}

$rows = foreach ($run in 1..$Runs) {
    $faultName = $Fault[$random.Next($Fault.Count)]
    $when = @($moments.Keys)[$random.Next($moments.Count)]
    $sandbox = Start-MigrationSandbox -SentinelCount 3 -Quorum 2 -SampleKeyCount 500 -RedisTarget -FastSentinelTimers -DownAfterMilliseconds 10000 -WriteRate 200
    $writer = $null
    $nodes = @()
    try {
        # Node objects, not strings: the re-run pipes this status again after its own pipeline ended.
        $nodes = Connect-RedisNode $sandbox.Source, $sandbox.Target
        $steady = Start-DragonflyReplication -Source $nodes[0] -Target $nodes[1] | Wait-ReplicationSteady -StableFor 00:00:02
        $writer = Start-RedisPyWriter -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Directory $sandbox.Directory
        Start-Sleep -Milliseconds 500
        $log = Join-Path $sandbox.Directory "chaos-$run.log"
        $child = Start-FailoverProcess -Sandbox $sandbox -Log $log
        $hit = Wait-LogLine -Process $child -Log $log -Text $moments[$when]
        if ($hit) {
            switch ($faultName) {
                'kill-tool' { & kill -9 $child.Id }
                default {
                    $victim, $seconds = switch ($faultName) {
                        'stall-target' { $sandbox.Target, 2.5 }
                        'stall-source' { $sandbox.Source, 1.5 }
                        'stall-sentinel' { $sandbox.Sentinels[$random.Next($sandbox.Sentinels.Count)], 3 }
                    }
                    $victimPid = Get-ProcessId $victim
                    Start-Sleep -Milliseconds $random.Next(300)
                    & kill -STOP $victimPid
                    Start-Sleep -Seconds $seconds
                    & kill -CONT $victimPid
                }
            }
        }
        if (-not $child.WaitForExit(180000)) { & kill -9 $child.Id; $child.WaitForExit() }
        $text = Get-Content $log -Raw
        $first = if ($text -match 'RESULT: (.+)') { $Matches[1] | ConvertFrom-Json } elseif ($text -match 'ERROR: ([^,\s]+)') { $Matches[1] } else { 'killed' }
        $errorId = if ($first -is [string]) { $first } else { '' }
        $pause = if ($first -isnot [string]) { $first.WritePauseMilliseconds } else { $null }

        $rerun = ''
        if (Test-Journal $sandbox) {
            $again = Invoke-Again $sandbox $steady
            $rerun = if ($again -is [string]) { "re-run: $again" } elseif ($again.AlreadyCompleted -and $again.Recovered) { 're-run finished it' } elseif ($again.AlreadyCompleted) { 're-run: already done' } else { 're-run cut over' }
            if ($again -isnot [string] -and -not $again.AlreadyCompleted) { $pause = $again.WritePauseMilliseconds }
        }

        $primary = Get-Primary $sandbox
        $outcome = if ($primary -eq $sandbox.Target) { 'completed' } elseif ($primary -eq $sandbox.Source) { 'rolled back' } else { "primary $primary" }
        $problems = @(if ($outcome -eq 'rolled back') { Test-Restored $sandbox })
        # The journal must be gone from the primary; a replica's copy is replaced by its next sync.
        if ($primary -and (Invoke-Cli $primary @('EXISTS', "dragonfly-migration:cutover-journal:$($sandbox.MasterName)")) -eq '1') { $problems += 'journal left' }
        Start-Sleep -Seconds 1
        $se = $sandbox | Measure-SandboxWrite -Primary $primary
        $py = Stop-RedisPyWriter $writer -Primary $primary
        $writer = $null
        [pscustomobject]@{
            Run = $run; Fault = $faultName; When = ($hit ? $when : "$when (not reached)"); Outcome = $outcome; ErrorId = $errorId; ReRun = $rerun
            Acknowledged = $se.Acknowledged + $py.Acknowledged; LostSE = $se.Lost; LostPy = $py.Lost
            WritePauseMs = $pause; Problems = ($problems -join '; ')
        }
    }
    finally {
        if ($writer) { Stop-RedisPyWriter $writer | Out-Null }
        $nodes | Disconnect-RedisNode
        $sandbox | Stop-MigrationSandbox -Confirm:$false
    }
}
$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$rows

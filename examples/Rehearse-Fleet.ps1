<#
.SYNOPSIS
    Rehearses a fleet migration on local sandboxes: starts -Groups sandbox groups, each with a client writing
    through Sentinel, writes their plan, takes every group to steady replication and then cuts them over with
    Invoke-MigrationPlan, counts lost writes per group and writes the report.
.EXAMPLE
    ./examples/Rehearse-Fleet.ps1 -Groups 4 -SharedSentinels -ReportPath ./fleet.html
#>
param(
    [ValidateRange(1, 16)] [int] $Groups = 3,
    # One set of three Sentinels monitors every group, as estates often have; otherwise each group has its own.
    [switch] $SharedSentinels,
    [ValidateRange(1, 16)] [int] $ThrottleLimit = 4,
    [string] $ReportPath = (Join-Path ([IO.Path]::GetTempPath()) 'fleet-rehearsal.html'),
    [string] $ModuleManifest = 'DragonflyMigration'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

$sandboxes = [System.Collections.Generic.List[object]]::new()
try {
    for ($i = 1; $i -le $Groups; $i++) {
        # The first group (every group, without -SharedSentinels) has three Sentinels and a client writing through them.
        $shape = if (-not $SharedSentinels -or $i -eq 1) { @{ SentinelCount = 3; WriteRate = 100 } } else { @{ SentinelCount = 0 } }
        $sandboxes.Add((Start-MigrationSandbox -MasterName "rehearsal-$i" -Quorum 2 -SampleKeyCount 10000 -FastSentinelTimers @shape))
    }
    $sentinels = $sandboxes[0].Sentinels
    if ($SharedSentinels) {
        foreach ($s in $sandboxes | Select-Object -Skip 1) { $null = Register-SentinelMaster -Sentinel $sentinels -MasterName $s.MasterName -Primary $s.Source -Quorum 2 -Confirm:$false }
        # Newly registered Sentinels learn of each other from their hello messages; until then there is no quorum.
        $deadline = (Get-Date).AddSeconds(60)
        foreach ($s in $sandboxes | Select-Object -Skip 1) {
            while (@(Get-SentinelMaster -Sentinel $sentinels -MasterName $s.MasterName | Where-Object { -not $_.QuorumReachable }).Count -gt 0) {
                if ((Get-Date) -gt $deadline) { throw "The Sentinels did not reach a quorum for '$($s.MasterName)' within 60 s." }
                Start-Sleep -Milliseconds 500
            }
        }
    }
    $plan = Join-Path ([IO.Path]::GetTempPath()) ("fleet-rehearsal-{0}.psd1" -f [guid]::NewGuid().ToString('N'))
    $entries = foreach ($s in $sandboxes) {
        $groupSentinels = $(if ($SharedSentinels) { $sentinels } else { $s.Sentinels }) | ForEach-Object { "'$_'" }
        "        @{ MasterName = '$($s.MasterName)'; Source = '$($s.Source)'; Target = '$($s.Target)'; Sentinels = $($groupSentinels -join ', ') }"
    }
    Set-Content $plan "@{`n    Defaults = @{ StableFor = '00:00:02'; SteadyTimeout = '00:10:00' }`n    Groups = @(`n$($entries -join "`n")`n    )`n}"
    $fleet = Import-MigrationPlan $plan
    $steady = $fleet | Invoke-MigrationPlan Steady -ThrottleLimit $ThrottleLimit -Confirm:$false
    $cutover = $fleet | Invoke-MigrationPlan CutOver -ThrottleLimit $ThrottleLimit -Confirm:$false
    # A group without Sentinels of its own has no client of its own here: the sandbox's writer needs them.
    $writes = foreach ($s in $sandboxes | Where-Object { $_.Sentinels }) { $s | Measure-SandboxWrite -Primary $s.Target }
    @($steady) + @($cutover) + @($writes)
    @($cutover) + @($writes) | Export-MigrationReport -Path $ReportPath -Title "Fleet rehearsal: $Groups group(s)" -Force -Confirm:$false
}
finally {
    foreach ($s in $sandboxes) { $s | Stop-MigrationSandbox -Confirm:$false }
    if ($plan) { Remove-Item $plan -ErrorAction Ignore }
}

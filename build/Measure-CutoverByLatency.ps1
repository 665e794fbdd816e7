<#
.SYNOPSIS
    The cutover's write pause and lost writes per network round trip (1, 10 and 50 ms on every path:
    the tool, the replication link, Sentinels and clients, each through a delaying proxy), measured side
    by side in one run: it runs the proxied latency rehearsals (Faults.LatencyTests) and tabulates what
    each run reports.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $Root 'tests/DragonflyMigration.Engine.Tests/DragonflyMigration.Engine.Tests.csproj'
$output = & dotnet test $project -c $Configuration --nologo --filter 'FullyQualifiedName~Faults.LatencyTests' --logger 'console;verbosity=detailed' 2>&1 | Out-String
if ($LASTEXITCODE -ne 0) { throw "The latency rehearsals failed:`n$output" }
$rows = [regex]::Matches($output, '(?m)^\s*RTT (\d+) ms: acknowledged (\d+), failed (\d+), lost (\d+), pause (\d+) ms, longest gap (\d+) ms') | ForEach-Object {
    [pscustomobject]@{
        RoundTripMs = [int]$_.Groups[1].Value; Acknowledged = [long]$_.Groups[2].Value; FailedLoudly = [long]$_.Groups[3].Value
        Lost = [long]$_.Groups[4].Value; WritePauseMs = [int]$_.Groups[5].Value; LongestGapMs = [int]$_.Groups[6].Value
    }
}
'| round trip ms | acknowledged | lost | failed loudly | write pause ms | longest client gap ms |'
'|---|---|---|---|---|---|'
foreach ($row in $rows | Sort-Object RoundTripMs) {
    '| {0} | {1} | **{2}** | {3} | {4} | {5} |' -f $row.RoundTripMs, $row.Acknowledged, $row.Lost, $row.FailedLoudly, $row.WritePauseMs, $row.LongestGapMs
}

<#
.SYNOPSIS
    The cutover's write pause, how much of it was Sentinel promoting, and lost writes per network round
    trip (1, 10 and 50 ms on every path: the tool, the replication link, Sentinels and clients, each through
    a delaying proxy) and per target: Redis, whose CLIENT KILL in Sentinel's promotion cuts the tool's probe,
    and the Dragonfly v1.40.1 stand-in, on which that CLIENT KILL fails as on Dragonfly. Measured side by side
    in one run: it runs the proxied latency rehearsals (Faults.LatencyTests) and tabulates what each run
    reports, with the acknowledged, lost and longest gap per client library (StackExchange.Redis and redis-py).
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $Root 'tests/DragonflyMigration.Engine.Tests/DragonflyMigration.Engine.Tests.csproj'
$output = & dotnet test $project -c $Configuration --nologo --filter 'FullyQualifiedName~Faults.LatencyTests' --logger 'console;verbosity=detailed' 2>&1 | Out-String
if ($LASTEXITCODE -ne 0) { throw "The latency rehearsals failed:`n$output" }
$rows = [regex]::Matches($output, '(?m)^\s*RTT (\d+) ms, (\w+): acknowledged (\d+), failed (\d+), lost (\d+), pause (\d+) ms, longest gap (\d+) ms, promotion (\d+) ms; redis-py acknowledged (\d+), lost (\d+), longest gap (\d+) ms') | ForEach-Object {
    [pscustomobject]@{
        RoundTripMs = [int]$_.Groups[1].Value; Target = $_.Groups[2].Value; Acknowledged = [long]$_.Groups[3].Value; FailedLoudly = [long]$_.Groups[4].Value
        Lost = [long]$_.Groups[5].Value; WritePauseMs = [int]$_.Groups[6].Value; LongestGapMs = [int]$_.Groups[7].Value
        PromotionMs = [int]$_.Groups[8].Value; PyAcknowledged = [long]$_.Groups[9].Value; PyLost = [long]$_.Groups[10].Value; PyLongestGapMs = [int]$_.Groups[11].Value
    }
}
# The goal: a pause of at most 0.3 s (Sentinel's own promotion: three ticks of its 10-19 Hz timer) plus 6 round trips.
'| target | round trip ms | acknowledged (SE.Redis/redis-py) | lost | failed loudly | write pause ms | of which Sentinel promoting ms | rest, in round trips | goal: 300 + 6 × RTT ms | longest client gap ms, SE.Redis | longest client gap ms, redis-py |'
'|---|---|---|---|---|---|---|---|---|---|---|'
foreach ($row in $rows | Sort-Object Target, RoundTripMs) {
    $goal = 300 + 6 * $row.RoundTripMs
    $rest = ($row.WritePauseMs - $row.PromotionMs) / $row.RoundTripMs
    '| {13} | {0} | {1}/{2} | **{3}/{4}** | {5} | {6}{7} | {8} | {9:0.0} | {10} | {11} | {12} |' -f $row.RoundTripMs, $row.Acknowledged, $row.PyAcknowledged, $row.Lost, $row.PyLost, $row.FailedLoudly, $row.WritePauseMs,
        ($(if ($row.WritePauseMs -le $goal) { ' (met)' } else { ' (over)' })), $row.PromotionMs, $rest, $goal, $row.LongestGapMs, $row.PyLongestGapMs, $row.Target
}

<#
.SYNOPSIS
    What users feel during the cutover, per target kind (a Redis target, the Dragonfly stand-in's v1.21.4,
    v1.35.1 and v1.40.1 profiles, and a real dragonfly when one is on PATH or DRAGONFLY_PATH): for 1 and 3
    Sentinels at their default timers, and 3 Sentinels with one more Redis replica, the server-side write
    pause, acknowledged writes lost, the longest time each client library went without a successful write
    (StackExchange.Redis following +switch-master; redis-py with a 5 s socket timeout, reading SENTINEL
    MASTERS) and the time from the promotion until every Sentinel's SENTINEL MASTER names the target,
    measured side by side in one run: it runs the end-to-end matrix (TargetMatrixTests) and tabulates
    what each run reports.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $Root 'tests/DragonflyMigration.Engine.Tests/DragonflyMigration.Engine.Tests.csproj'
$output = & dotnet test $project -c $Configuration --nologo --filter 'FullyQualifiedName~TargetMatrixTests.TheCutover' --logger 'console;verbosity=detailed' 2>&1 | Out-String
$pattern = '(?m)^\s*(\w+), (\d) Sentinel\(s\), (\d) other replica\(s\): acknowledged (\d+)/(\d+), failed (\d+), lost (\d+)/(\d+), pause (\d+) ms, longest gap (\d+)/(\d+) ms, Sentinels switched (\d+|never) ms'
$rows = [regex]::Matches($output, $pattern) | Sort-Object { $_.Value } -Unique | ForEach-Object {
    $g = $_.Groups
    [pscustomobject]@{
        Target = $g[1].Value; Sentinels = [int]$g[2].Value; OtherReplicas = [int]$g[3].Value
        Acknowledged = '{0}/{1}' -f $g[4].Value, $g[5].Value; Lost = '{0}/{1}' -f $g[7].Value, $g[8].Value
        WritePauseMs = [int]$g[9].Value; GapSeMs = [int]$g[10].Value; GapPyMs = [int]$g[11].Value; SwitchMs = $g[12].Value
    }
}
if ($LASTEXITCODE -ne 0) { Write-Warning "The cutover matrix had failures; the rows below are the runs that reported." }
'| target | Sentinels | other replicas | acknowledged (SE.Redis/redis-py) | lost | write pause ms | longest gap ms, SE.Redis | longest gap ms, redis-py | Sentinels switched, ms after promotion |'
'|---|---|---|---|---|---|---|---|---|'
foreach ($row in $rows | Sort-Object Target, Sentinels, OtherReplicas) {
    '| {0} | {1} | {2} | {3} | **{4}** | {5} | {6} | {7} | {8} |' -f $row.Target, $row.Sentinels, $row.OtherReplicas, $row.Acknowledged, $row.Lost, $row.WritePauseMs, $row.GapSeMs, $row.GapPyMs, $row.SwitchMs
}

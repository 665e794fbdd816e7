<#
.SYNOPSIS
    The cutover's write pause and lost writes per target kind (a Redis target, the Dragonfly stand-in's
    v1.21.4, v1.35.1 and v1.40.1 profiles, and a real dragonfly when one is on PATH or DRAGONFLY_PATH),
    with 1 and 3 Sentinels at their default timers, measured side by side in one run: it runs the
    end-to-end matrix (TargetMatrixTests) and tabulates what each run reports.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $Root 'tests/DragonflyMigration.Engine.Tests/DragonflyMigration.Engine.Tests.csproj'
$output = & dotnet test $project -c $Configuration --nologo --filter 'FullyQualifiedName~TargetMatrixTests.TheCutover' --logger 'console;verbosity=detailed' 2>&1 | Out-String
if ($LASTEXITCODE -ne 0) { throw "The cutover matrix failed:`n$output" }
$rows = [regex]::Matches($output, '(?m)^\s*(\w+), (\d) Sentinel\(s\): acknowledged (\d+), failed (\d+), lost (\d+), pause (\d+) ms') | ForEach-Object {
    [pscustomobject]@{
        Target = $_.Groups[1].Value; Sentinels = [int]$_.Groups[2].Value; Acknowledged = [long]$_.Groups[3].Value
        FailedLoudly = [long]$_.Groups[4].Value; Lost = [long]$_.Groups[5].Value; WritePauseMs = [int]$_.Groups[6].Value
    }
}
'| target | Sentinels | acknowledged | lost | failed loudly | write pause ms |'
'|---|---|---|---|---|---|'
foreach ($row in $rows | Sort-Object Target, Sentinels) {
    '| {0} | {1} | {2} | **{3}** | {4} | {5} |' -f $row.Target, $row.Sentinels, $row.Acknowledged, $row.Lost, $row.FailedLoudly, $row.WritePauseMs
}

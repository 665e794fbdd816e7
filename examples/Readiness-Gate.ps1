<#
.SYNOPSIS
    A CI gate: runs DragonflyMigration's shipped readiness suite against the real servers and fails the
    pipeline when a check fails. Writes JUnit XML for the CI system's test report.
.EXAMPLE
    pwsh ./examples/Readiness-Gate.ps1 -Source 10.0.0.1:6379 -Target 10.0.0.2:6380 `
        -Sentinel 10.0.0.3:26379, 10.0.0.4:26379, 10.0.0.5:26379 -MasterName master-instance
    The data nodes' password, if any, comes from the REDIS_PASSWORD environment variable (a pipeline
    secret), the Sentinels' from SENTINEL_PASSWORD.
#>
param(
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Target,
    [string[]] $Sentinel = @(),
    [string] $MasterName,
    [string] $OutputPath = 'readiness-junit.xml',
    [ValidateSet('JUnitXml', 'NUnitXml', 'NUnit3')] [string] $OutputFormat = 'JUnitXml',
    [hashtable] $Threshold = @{},
    [switch] $FailOnWarning
)
$ErrorActionPreference = 'Stop'
Import-Module Pester -MinimumVersion 5.3
Import-Module DragonflyMigration

function ConvertTo-Credential([string] $Password) {
    if ($Password) { [pscredential]::new('default', (ConvertTo-SecureString $Password -AsPlainText -Force)) }
}

$data = @{ Source = $Source; Target = $Target; Threshold = $Threshold; FailOnWarning = [bool] $FailOnWarning }
if ($Sentinel) { $data.Sentinel = $Sentinel; $data.MasterName = $MasterName }
if ($env:REDIS_PASSWORD) { $data.Credential = ConvertTo-Credential $env:REDIS_PASSWORD }
if ($env:SENTINEL_PASSWORD) { $data.SentinelCredential = ConvertTo-Credential $env:SENTINEL_PASSWORD }

$suite = Join-Path (Get-Module DragonflyMigration).ModuleBase 'Diagnostics/Readiness.Tests.ps1'
$config = New-PesterConfiguration
$config.Run.Container = New-PesterContainer -Path $suite -Data $data
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = $OutputFormat
$config.TestResult.OutputPath = $OutputPath

$result = Invoke-Pester -Configuration $config
Write-Host "Readiness: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped; report in $OutputPath"
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }

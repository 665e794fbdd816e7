<#
.SYNOPSIS
    A CI gate: runs DragonflyMigration's shipped readiness suite against the real servers and fails the
    pipeline when a check fails. Writes JUnit XML for the CI system's test report.
.DESCRIPTION
    Exit codes: 0 when no check failed, 1 when one did, 2 when the arguments are wrong. A warning is
    reported as inconclusive with its message (JUnit's skipped), so Azure DevOps and GitHub show it; with
    -FailOnWarning it fails the gate. Passwords never go on the command line: the data nodes' comes from
    the REDIS_PASSWORD environment variable (a pipeline secret), the Sentinels' from SENTINEL_PASSWORD.
.EXAMPLE
    pwsh -File ./examples/Readiness-Gate.ps1 -Source 10.0.0.1:6379 -Target 10.0.0.2:6380 -Sentinel 10.0.0.3:26379,10.0.0.4:26379 -MasterName master-instance -User migrator -RequireDragonfly
    From bash or a CI step: -File passes the Sentinel list as one string, which the gate splits at commas.
.EXAMPLE
    ./examples/Readiness-Gate.ps1 -Source 10.0.0.1:6379 -Target 10.0.0.2:6380 -Sentinel 10.0.0.3:26379, 10.0.0.4:26379 -MasterName master-instance -UseTls -CaCertificatePath ./ca.crt
    From pwsh, against TLS servers.
#>
param(
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Target,
    # host:port of each Sentinel: an array from pwsh, or one comma-separated string from a shell.
    [string[]] $Sentinel = @(),
    [string] $MasterName,
    # The ACL user of the data nodes and of the Sentinels; the passwords come from the environment.
    [string] $User = 'default',
    [string] $SentinelUser = 'default',
    [switch] $UseTls,
    [string] $CaCertificatePath,
    # For servers that require a client certificate (Redis's default with TLS): PEM files.
    [string] $ClientCertificatePath,
    [string] $ClientKeyPath,
    [string] $OutputPath = 'readiness-junit.xml',
    [ValidateSet('JUnitXml', 'NUnitXml', 'NUnit3')] [string] $OutputFormat = 'JUnitXml',
    [hashtable] $Threshold = @{},
    [switch] $FailOnWarning,
    # Fail unless the target is Dragonfly: without it, a Redis target passes as a rehearsal.
    [switch] $RequireDragonfly
)
$ErrorActionPreference = 'Stop'

$Sentinel = @($Sentinel | ForEach-Object { $_ -split '\s*,\s*' } | Where-Object { $_ })
if ($Sentinel -and -not $MasterName) {
    [Console]::Error.WriteLine('Readiness-Gate: -Sentinel needs -MasterName, the name the Sentinels monitor the primary under.')
    exit 2
}

Import-Module Pester -MinimumVersion 5.3
Import-Module DragonflyMigration

function ConvertTo-Credential([string] $UserName, [string] $Password) {
    if ($Password) { [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force)) }
}

$data = @{ Source = $Source; Target = $Target; Threshold = $Threshold; FailOnWarning = [bool] $FailOnWarning; RequireDragonfly = [bool] $RequireDragonfly }
if ($Sentinel) { $data.Sentinel = $Sentinel; $data.MasterName = $MasterName }
if ($env:REDIS_PASSWORD) { $data.Credential = ConvertTo-Credential $User $env:REDIS_PASSWORD }
if ($env:SENTINEL_PASSWORD) { $data.SentinelCredential = ConvertTo-Credential $SentinelUser $env:SENTINEL_PASSWORD }
if ($UseTls) { $data.UseTls = $true }
if ($CaCertificatePath) { $data.CaCertificatePath = $CaCertificatePath }
if ($ClientCertificatePath) { $data.ClientCertificatePath = $ClientCertificatePath }
if ($ClientKeyPath) { $data.ClientKeyPath = $ClientKeyPath }

$suite = Join-Path (Get-Module DragonflyMigration).ModuleBase 'Diagnostics/Readiness.Tests.ps1'
$config = New-PesterConfiguration
$config.Run.Container = New-PesterContainer -Path $suite -Data $data
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = $OutputFormat
$config.TestResult.OutputPath = $OutputPath

$result = Invoke-Pester -Configuration $config
Write-Host ("Readiness: {0} passed, {1} failed, {2} warnings, {3} skipped; report in {4}" -f
    $result.PassedCount, $result.FailedCount, $result.InconclusiveCount, $result.SkippedCount, $OutputPath)
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }

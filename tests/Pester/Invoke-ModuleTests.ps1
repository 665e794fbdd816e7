<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes a JUnit file and a summary.
    Called by build.ps1 in a fresh PowerShell process, so the module is loaded from out/.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ResultDirectory,
    [Parameter(Mandatory)] [string] $PackageDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force

# The test files read these; they describe this run, not a user's environment.
$env:DFMIG_MODULE_MANIFEST = $ModuleManifest
$env:DFMIG_PACKAGES = $PackageDirectory

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultDirectory 'pester-junit.xml'

$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
    # Named so the last lines of a CI log say what failed, not only how many.
    FailedNames = @($result.Failed | ForEach-Object { $_.ExpandedPath }) + @($result.FailedBlocks | ForEach-Object { $_.ExpandedPath }) +
        @($result.FailedContainers | ForEach-Object { "$($_.Item)" })
} | ConvertTo-Json | Set-Content (Join-Path $ResultDirectory 'pester-summary.json')

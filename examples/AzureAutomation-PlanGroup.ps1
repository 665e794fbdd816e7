<#
.SYNOPSIS
    The child runbook of a fleet migration: takes one group of a migration plan up to a stage, and
    returns its result serialized, for the parent runbook (AzureAutomation-Plan.ps1) to collect.
.DESCRIPTION
    Import DragonflyMigration.zip as a module of the Automation account and publish this script as a
    runbook (the parent starts it by name, DragonflyMigration-PlanGroup by default). It has no asset
    names of its own: the plan, passed in as text, names the group's servers and where its
    credentials are (Automation:<credential asset> in this account).

    Each group starts from where its servers say it stands, so a job stopped anywhere (the three-hour
    fair-share stop, a worker restart) is started again from the top with the same parameters and
    converges: a group already steady or cut over is recognised, and a cutover that died part way is
    finished or put back. Run it by hand (or locally: pwsh -File) with the same parameters.

    Output: one string, the group's MigrationGroupResult as CliXml, which the parent deserializes and
    hands to Export-MigrationReport. Verbose lines (the milestones) start with [master name].
.PARAMETER PlanText
    The migration plan file's content (a PowerShell data file, as Import-MigrationPlan reads it).
.PARAMETER MasterName
    The group of the plan to run.
.PARAMETER Stage
    Readiness, Steady, CutOver or Completed.
#>
param(
    [Parameter(Mandatory)] [string] $PlanText,
    [Parameter(Mandatory)] [string] $MasterName,
    [Parameter(Mandatory)] [ValidateSet('Readiness', 'Steady', 'CutOver', 'Completed')] [string] $Stage
)
$ErrorActionPreference = 'Stop'
Import-Module DragonflyMigration
$VerbosePreference = 'Continue'

# Import-MigrationPlan reads a file; the job's own temporary folder holds it for the job's lifetime.
$planPath = Join-Path ([IO.Path]::GetTempPath()) ("plan-{0}.psd1" -f [guid]::NewGuid().ToString('N'))
Set-Content -LiteralPath $planPath -Value $PlanText -Encoding utf8
try {
    $group = (Import-MigrationPlan -Path $planPath).Groups | Where-Object MasterName -CEQ $MasterName
    if (-not $group) { throw "The plan has no group named '$MasterName'." }
    # A failed group is a result, not an exception: the parent reads why from it.
    $result = $group | Invoke-MigrationPlan -Stage $Stage -Confirm:$false -ErrorAction Continue
    [System.Management.Automation.PSSerializer]::Serialize($result, 4)
}
finally {
    Remove-Item -LiteralPath $planPath -ErrorAction Ignore
}

<#
.SYNOPSIS
    The parent runbook of a fleet migration: starts one child job per group of a migration plan
    (AzureAutomation-PlanGroup.ps1), waits for them with a bound, collects each group's result and
    writes one report for the whole plan.
.DESCRIPTION
    Azure Automation is the scheduler: each group runs in a job of its own, on the Hybrid Runbook
    Worker group given (-RunOn), which must reach the servers on their private network. The parent
    only starts, waits and collects, so its own three-hour limit is spent waiting; a child stopped by
    its limit is started again (by this runbook run again, or by hand) and resumes from its servers.

    The account's managed identity needs the Automation Job Operator role on the account.

    Create the Automation variable the plan is read from (-PlanVariable, a string holding the plan
    file's content) and publish the child runbook under -ChildRunbook.
.PARAMETER PlanVariable
    The Automation variable holding the plan (Import-MigrationPlan's format).
.PARAMETER Stage
    How far to take every group: Readiness, Steady, CutOver or Completed.
.PARAMETER ResourceGroupName
    The Automation account's resource group.
.PARAMETER AutomationAccountName
    The Automation account.
.PARAMETER RunOn
    The Hybrid Runbook Worker group the children run on.
.PARAMETER ChildRunbook
    The name the child runbook is published under.
.PARAMETER WaitMinutes
    How long to wait for the children before reporting the ones still running as such.
.PARAMETER PollSeconds
    How often the children's states are read.
.PARAMETER ReportPath
    Where the report is written (the worker's disk); its Markdown copy goes to the job's output too.
#>
param(
    [Parameter(Mandatory)] [string] $PlanVariable,
    [Parameter(Mandatory)] [ValidateSet('Readiness', 'Steady', 'CutOver', 'Completed')] [string] $Stage,
    [Parameter(Mandatory)] [string] $ResourceGroupName,
    [Parameter(Mandatory)] [string] $AutomationAccountName,
    [Parameter(Mandatory)] [string] $RunOn,
    [string] $ChildRunbook = 'DragonflyMigration-PlanGroup',
    [int] $WaitMinutes = 150,
    [int] $PollSeconds = 30,
    [string] $ReportPath = (Join-Path ([IO.Path]::GetTempPath()) 'migration-plan-report.html')
)
$ErrorActionPreference = 'Stop'
Import-Module DragonflyMigration
$VerbosePreference = 'Continue'

$null = Connect-AzAccount -Identity
$account = @{ ResourceGroupName = $ResourceGroupName; AutomationAccountName = $AutomationAccountName }
$planText = Get-AutomationVariable -Name $PlanVariable

# Checked here first, contacting no server: a bad plan fails before any child starts.
$planPath = Join-Path ([IO.Path]::GetTempPath()) ("plan-{0}.psd1" -f [guid]::NewGuid().ToString('N'))
Set-Content -LiteralPath $planPath -Value $planText -Encoding utf8
try { $plan = Import-MigrationPlan -Path $planPath } finally { Remove-Item -LiteralPath $planPath -ErrorAction Ignore }

$jobs = foreach ($group in $plan.Groups) {
    $job = Start-AzAutomationRunbook @account -Name $ChildRunbook -RunOn $RunOn -Parameters @{
        PlanText = $planText; MasterName = $group.MasterName; Stage = $Stage
    }
    Write-Verbose "Milestone: [$($group.MasterName)] child job $($job.JobId) started."
    [pscustomobject]@{ MasterName = $group.MasterName; JobId = $job.JobId }
}

$terminal = 'Completed', 'Failed', 'Stopped', 'Suspended'
$deadline = (Get-Date).AddMinutes($WaitMinutes)
do {
    Start-Sleep -Seconds $PollSeconds
    $states = foreach ($j in $jobs) { [pscustomobject]@{ MasterName = $j.MasterName; JobId = $j.JobId; Status = (Get-AzAutomationJob @account -Id $j.JobId).Status } }
    $running = @($states | Where-Object Status -NotIn $terminal)
    Write-Verbose "Milestone: $($states.Count - $running.Count) of $($states.Count) child jobs ended."
} while ($running -and (Get-Date) -lt $deadline)

$results = foreach ($state in $states) {
    $output = Get-AzAutomationJobOutput @account -Id $state.JobId -Stream Output | Get-AzAutomationJobOutputRecord @account
    $serialized = @($output | ForEach-Object Value | ForEach-Object { if ($_ -is [System.Collections.IDictionary]) { $_.value } else { $_ } } |
            Where-Object { $_ -is [string] -and $_.StartsWith('<Objs') })
    if ($serialized) { [System.Management.Automation.PSSerializer]::Deserialize($serialized[-1]) }
    else { Write-Warning "[$($state.MasterName)] child job $($state.JobId) is $($state.Status) and returned no result; start the child runbook again for it: it resumes from its servers." }
}

$results | Format-Table MasterName, Result, StageAfter, WritePauseMilliseconds, ErrorId -AutoSize | Out-String -Width 200 | Write-Output
if ($results) {
    $report = $results | Export-MigrationReport -Path $ReportPath -Title "Migration plan: every group to $Stage" -Force -Confirm:$false
    Get-Content -LiteralPath $report.MarkdownPath -Raw | Write-Output
}
$failed = @($results | Where-Object Result -NE 'Succeeded')
if ($failed -or $running) { throw "$($failed.Count) group(s) did not succeed and $(@($running).Count) child job(s) were still running; see the report." }

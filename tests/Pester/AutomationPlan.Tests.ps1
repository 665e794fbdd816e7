# The fleet's Azure Automation runbooks of examples/, run as they are against two real sandbox groups: the parent
# starts one child job per group, waits, collects each child's serialized result and writes one report. Only the
# Az and Automation cmdlets are supplied here, handing each child to a local thread job. Then a child killed while
# its group replicates is run again from the top and converges.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:parent = Join-Path $PSScriptRoot '../../examples/AzureAutomation-Plan.ps1'
    $script:child = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/AzureAutomation-PlanGroup.ps1')).Path
    $script:sandboxes = foreach ($name in 'auto-1', 'auto-2') {
        Start-MigrationSandbox -MasterName $name -SentinelCount 1 -SampleKeyCount 200 -RedisTarget -FastSentinelTimers
    }
    $script:planText = "@{ Defaults = @{ StableFor = '00:00:01'; SteadyTimeout = '00:02:00' }; Groups = @( " + (($sandboxes | ForEach-Object {
                "@{ MasterName = '$($_.MasterName)'; Source = '$($_.Source)'; Target = '$($_.Target)'; Sentinels = '$($_.Sentinels[0])' }"
            }) -join '; ') + ' ) }'
    # The children import the module by name, as Automation does.
    $script:modulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path (Split-Path (Split-Path $env:DFMIG_MODULE_MANIFEST))) + [IO.Path]::PathSeparator + $env:PSModulePath

    # Azure Automation, played locally: a child job is a thread job running the child script with its parameters.
    $global:DfmigAutomation = @{ Variables = @{ 'fleet-plan' = $planText }; Jobs = @{}; Child = $child; Started = [System.Collections.Generic.List[string]]::new() }
    function global:Connect-AzAccount { [CmdletBinding()] param([switch] $Identity) [pscustomobject]@{ Identity = $Identity.IsPresent } }
    function global:Get-AutomationVariable([string] $Name) { $global:DfmigAutomation.Variables[$Name] }
    function global:Start-AzAutomationRunbook {
        param([string] $ResourceGroupName, [string] $AutomationAccountName, [string] $Name, [string] $RunOn, [hashtable] $Parameters)
        $id = [guid]::NewGuid()
        $global:DfmigAutomation.Started.Add("$Name on $RunOn for $($Parameters.MasterName)")
        $global:DfmigAutomation.Jobs[$id] = Start-ThreadJob -FilePath $global:DfmigAutomation.Child -ArgumentList $Parameters.PlanText, $Parameters.MasterName, $Parameters.Stage
        [pscustomobject]@{ JobId = $id; Status = 'New' }
    }
    function global:Get-AzAutomationJob([string] $ResourceGroupName, [string] $AutomationAccountName, [guid] $Id) {
        $state = $global:DfmigAutomation.Jobs[$Id].State
        [pscustomobject]@{ JobId = $Id; Status = if ($state -in 'Completed', 'Failed', 'Stopped') { "$state" } else { 'Running' } }
    }
    function global:Get-AzAutomationJobOutput([string] $ResourceGroupName, [string] $AutomationAccountName, [guid] $Id, [string] $Stream) {
        $index = 0
        foreach ($item in (Receive-Job $global:DfmigAutomation.Jobs[$Id] -Keep -ErrorAction SilentlyContinue)) { [pscustomobject]@{ JobId = $Id; StreamRecordId = $index++; Item = $item } }
    }
    function global:Get-AzAutomationJobOutputRecord {
        param([Parameter(ValueFromPipeline)] $Record, [string] $ResourceGroupName, [string] $AutomationAccountName)
        process { [pscustomobject]@{ Value = @{ value = $Record.Item } } }
    }
}

AfterAll {
    foreach ($job in $global:DfmigAutomation.Jobs.Values) { $job | Remove-Job -Force -ErrorAction Ignore }
    $env:PSModulePath = $modulePath
    foreach ($name in 'Connect-AzAccount', 'Get-AutomationVariable', 'Start-AzAutomationRunbook', 'Get-AzAutomationJob', 'Get-AzAutomationJobOutput', 'Get-AzAutomationJobOutputRecord') {
        Remove-Item "function:global:$name" -ErrorAction Ignore
    }
    Remove-Variable DfmigAutomation -Scope Global -ErrorAction Ignore
    foreach ($s in $sandboxes) { $s | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'The fleet runbooks' {
    It 'start a child job per group on the worker group, collect their results and report the plan' {
        $report = Join-Path $TestDrive 'plan.html'
        $output = & $parent -PlanVariable 'fleet-plan' -Stage CutOver -ResourceGroupName rg -AutomationAccountName aa -RunOn workers -PollSeconds 1 -WaitMinutes 5 -ReportPath $report 4>$null
        $global:DfmigAutomation.Started | Should -Be @('DragonflyMigration-PlanGroup on workers for auto-1', 'DragonflyMigration-PlanGroup on workers for auto-2')
        $text = $output -join "`n"
        $text | Should -Match '2 group\(s\): 2 succeeded, 0 failed, 0 skipped'
        $text | Should -Match "Cutover of 'auto-1'"
        $text | Should -Match "Cutover of 'auto-2'"
        Test-Path $report | Should -BeTrue
        foreach ($s in $sandboxes) { (Get-SentinelMaster -Sentinel $s.Sentinels -MasterName $s.MasterName).Primary | Should -Be $s.Target }
    }
}

Describe 'A child job stopped part way' {
    BeforeAll {
        $script:fresh = Start-MigrationSandbox -MasterName 'auto-3' -SentinelCount 1 -SampleKeyCount 200 -RedisTarget -FastSentinelTimers
        # One line, single quotes only: it goes to the child process's command line in double quotes.
        # A long stable window, so the child is still waiting for steady replication when it is killed.
        $script:freshPlan = "@{ Groups = @( @{ MasterName = 'auto-3'; Source = '$($fresh.Source)'; Target = '$($fresh.Target)'; Sentinels = '$($fresh.Sentinels[0])'; StableFor = '00:00:30'; SteadyTimeout = '00:02:00' } ) }"
    }
    AfterAll { if ($fresh) { $fresh | Stop-MigrationSandbox -Confirm:$false } }

    It 'is run again from the top and converges' {
        $processPath = [Environment]::ProcessPath
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
        $log = Join-Path $TestDrive 'child.log'
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $child, '-PlanText', "`"$freshPlan`"", '-MasterName', 'auto-3', '-Stage', 'CutOver')
        $process = Start-Process $pwsh[0] -ArgumentList $arguments -RedirectStandardOutput $log -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited -and
                (Get-MigrationStage -Source $fresh.Source -Target $fresh.Target -Sentinel $fresh.Sentinels -MasterName 'auto-3').Stage -eq 'NotStarted') {
                Start-Sleep -Milliseconds 200
            }
            $process.HasExited | Should -BeFalse -Because "the child should still be waiting for steady replication: $(Get-Content $log -Raw -ErrorAction Ignore)"
        }
        finally { $process.Kill(); $process.WaitForExit() }
        (Get-MigrationStage -Source $fresh.Source -Target $fresh.Target -Sentinel $fresh.Sentinels -MasterName 'auto-3').Stage | Should -BeIn 'Replicating', 'Steady'

        $again = & $child -PlanText ($freshPlan -replace "StableFor = '00:00:30'", "StableFor = '00:00:01'") -MasterName 'auto-3' -Stage CutOver 4>$null
        $result = [System.Management.Automation.PSSerializer]::Deserialize($again)
        $result.Result | Should -Be 'Succeeded'
        $result.StageBefore | Should -BeIn 'Replicating', 'Steady'
        $result.StageAfter | Should -Be 'CutOver'
        (Get-SentinelMaster -Sentinel $fresh.Sentinels -MasterName 'auto-3').Primary | Should -Be $fresh.Target
    }
}

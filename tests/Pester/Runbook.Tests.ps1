# The Azure Automation runbook of examples/, run as it is, end to end, against a rehearsal sandbox (a Redis
# target, or a real dragonfly when one is on PATH), with a Sentinel-aware writer (redis-py) writing before,
# during and after the cutover. Automation's two asset cmdlets are the only thing supplied here. The same
# runbook against the Dragonfly stand-in is RunbookOnStandInTests, in the xunit project where the stand-in lives.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:runbook = Join-Path $PSScriptRoot '../../examples/AzureAutomation-Runbook.ps1'
    $script:password = ConvertTo-SecureString 'runbook-test-secret' -AsPlainText -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 3 -Quorum 2 -SampleKeyCount 2000 -FastSentinelTimers -Password $password
    $script:writer = Start-RedisPyWriter -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Directory $sandbox.Directory -Password $password

    # Automation's asset cmdlets, answering as the runbook's header says its assets are set up.
    $global:DfmigRunbookAssets = @{
        'DragonflyMigration-Source'             = $sandbox.Source
        'DragonflyMigration-Target'             = $sandbox.Target
        'DragonflyMigration-Sentinels'          = $sandbox.Sentinels -join ','
        'DragonflyMigration-MasterName'         = $sandbox.MasterName
        'DragonflyMigration-ForceTarget'        = $false
        'DragonflyMigration-SentinelCredential' = ''
        'DragonflyMigration-Redis'              = [pscredential]::new('default', $password)
    }
    function global:Get-AutomationVariable([string] $Name) { $global:DfmigRunbookAssets[$Name] }
    function global:Get-AutomationPSCredential([string] $Name) { $global:DfmigRunbookAssets[$Name] }
    # The runbook imports the module by name, as Automation does.
    $script:modulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path (Split-Path (Split-Path $env:DFMIG_MODULE_MANIFEST))) + [IO.Path]::PathSeparator + $env:PSModulePath

    function Invoke-Runbook {
        # A job's streams: output, and the verbose and warning lines its log would hold.
        $lines = & $runbook 4>&1 3>&1
        [pscustomobject]@{
            Output  = @($lines | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
            Verbose = @($lines | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            Warning = @($lines | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
        }
    }
}

AfterAll {
    if ($writer) { Stop-RedisPyWriter $writer -ErrorAction SilentlyContinue | Out-Null }
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    Remove-Item Function:\Get-AutomationVariable, Function:\Get-AutomationPSCredential -ErrorAction Ignore
    Remove-Variable DfmigRunbookAssets -Scope Global -ErrorAction Ignore
    $env:PSModulePath = $modulePath
}

Describe 'The Azure Automation runbook, end to end on a rehearsal sandbox' {
    It 'replicates, verifies while the target replicates, cuts over, and ends green with the writer still writing' {
        $job = Invoke-Runbook
        $job.Verbose | Should -Contain 'Milestone: verifying while the target replicates.'
        $job.Verbose | Should -Contain 'Milestone: done.'
        $job.Verbose[0] | Should -Not -Match 'Importing|Loading module' -Because 'the verbose preference is set after the import'
        $job.Warning | Should -BeNullOrEmpty
        ($job.Output -join "`n") | Should -Match 'Live\s*:\s*True'
        $views = @(Get-SentinelMaster -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName)
        $views.Primary | Select-Object -Unique | Should -Be $sandbox.Target
    }

    It 'verifies only when run again after the cutover, while writes go on to the new primary, and ends green' {
        Start-Sleep -Seconds 2   # writes the old primary never sees
        $job = Invoke-Runbook
        $job.Verbose | Where-Object { $_ -like 'Milestone: an earlier job completed the cutover*' } | Should -Not -BeNullOrEmpty
        $job.Verbose | Should -Contain 'Milestone: done.'
        $job.Verbose | Should -Not -Contain 'Milestone: cutting over.'
    }

    It 'compares after the cutover only with a word on what the old primary receives' {
        # A Redis new primary feeds the old one, which then compares live; a Dragonfly one never does, and
        # the comparison must say that the old primary has received no write since.
        $credential = [pscredential]::new('default', $password)
        $summary = Compare-RedisKeyspace $sandbox.Source $sandbox.Target -Credential $credential -SampleSize 50 -WarningVariable warnings -WarningAction SilentlyContinue |
            Select-Object -First 1
        if ($summary.Live) {
            $warnings | Should -BeNullOrEmpty
        }
        else {
            $summary.Warnings | Should -Not -BeNullOrEmpty
            $warnings | Should -Match 'compare before the cutover|not received yet'
        }
    }

    It 'lost no write redis-py had acknowledged' {
        $result = Stop-RedisPyWriter $writer -Primary $sandbox.Target -Password $password
        $script:writer = $null
        $result.Acknowledged | Should -BeGreaterThan 100
        $result.Lost | Should -Be 0
    }
}

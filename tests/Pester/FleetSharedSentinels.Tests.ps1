# Two groups on one shared Sentinel, one named 'grp?' (a glob that matches 'grp1'): cut over together by one
# plan run, each cutover changes only its own master, and retiring the old primary of 'grp?' resets 'grp?' alone.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:one = Start-MigrationSandbox -MasterName 'grp1' -SentinelCount 1 -SampleKeyCount 100 -RedisTarget -FastSentinelTimers
    $script:glob = Start-MigrationSandbox -MasterName 'grp?' -SentinelCount 0 -SampleKeyCount 100 -RedisTarget
    $script:sentinel = $one.Sentinels[0]
    $null = Register-SentinelMaster -Sentinel $sentinel -MasterName 'grp?' -Primary $glob.Source -Quorum 1 -Confirm:$false
    $path = Join-Path $TestDrive 'shared.psd1'
    Set-Content $path @"
@{
    Defaults = @{ Sentinels = '$sentinel'; StableFor = '00:00:01'; SteadyTimeout = '00:02:00' }
    Groups = @(
        @{ MasterName = 'grp1'; Source = '$($one.Source)'; Target = '$($one.Target)' }
        @{ MasterName = 'grp?'; Source = '$($glob.Source)'; Target = '$($glob.Target)' }
    )
}
"@
    $script:plan = Import-MigrationPlan $path
    function script:ResetsLogged {
        Get-ChildItem $one.Directory -Recurse -Filter server.log | Select-String -SimpleMatch '+reset-master' | ForEach-Object Line
    }
}

AfterAll {
    if ($glob) { $glob | Stop-MigrationSandbox -Confirm:$false }
    if ($one) { $one | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Groups sharing Sentinels' {
    It 'cuts both over in one run, each Sentinel entry naming its own target' {
        $results = $plan | Invoke-MigrationPlan CutOver -Confirm:$false
        $results.Result | Should -Be @('Succeeded', 'Succeeded')
        (Get-SentinelMaster -Sentinel $sentinel -MasterName 'grp1').Primary | Should -Be $one.Target
        (Get-SentinelMaster -Sentinel $sentinel -MasterName 'grp?').Primary | Should -Be $glob.Target
        ResetsLogged | Should -BeNullOrEmpty
    }

    It 'retires the old primary of grp? with a reset of grp? alone' {
        $retired = Complete-DragonflyMigration -Sentinel $sentinel -MasterName 'grp?' -Node $glob.Source -Confirm:$false
        $retired.Endpoint | Should -Be $glob.Source
        $resets = @(ResetsLogged)
        $resets | Should -Match '\+reset-master master grp\? '
        $resets | Where-Object { $_ -match '\+reset-master master grp1 ' } | Should -BeNullOrEmpty
        (Get-SentinelMaster -Sentinel $sentinel -MasterName 'grp1').Primary | Should -Be $one.Target
    }
}

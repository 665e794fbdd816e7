# Import-MigrationPlan: a plan file read and checked without contacting any server.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:example = Join-Path $PSScriptRoot '../../examples/MigrationPlan.psd1'
    function New-PlanFile([string] $Text) {
        $path = Join-Path $TestDrive "plan-$([guid]::NewGuid().ToString('N')).psd1"
        Set-Content -Path $path -Value $Text
        $path
    }
}

Describe 'Import-MigrationPlan' {
    It 'reads the shipped example: three groups with the defaults applied and a group''s own value winning' {
        $plan = Import-MigrationPlan $example
        $plan.Groups.MasterName | Should -Be 'sessions', 'cache', 'queue'
        $plan.Groups[0].Sentinels | Should -Be '10.0.0.3:26379', '10.0.0.4:26379', '10.0.0.5:26379'
        $plan.Groups[0].Credential | Should -Be 'Automation:redis-migrator'
        $plan.Groups[0].MaxWritePause | Should -Be ([timespan] '00:00:01')
        $plan.Groups[1].MaxWritePause | Should -Be ([timespan] '00:00:02')
        $plan.Groups[2].ExcludeOtherReplicas | Should -BeTrue
        ($plan.Groups | Format-Table | Out-String -Width 80) | Should -Match 'sessions\s+10\.0\.1\.1:6379\s+10\.0\.2\.1:6379'
    }

    It 'contacts no server' {
        $listener = Start-SilentListener
        try {
            $endpoint = "127.0.0.1:$($listener.LocalEndpoint.Port)"
            $plan = Import-MigrationPlan (New-PlanFile "@{ Groups = @(@{ MasterName = 'a'; Source = '$endpoint'; Target = '127.0.0.1:1'; Sentinels = '$endpoint' }) }")
            $plan.Groups.Source | Should -Be $endpoint
            $listener.Pending() | Should -BeFalse -Because 'reading a plan opens no connection'
        }
        finally { $listener.Stop() }
    }

    It 'reports every problem at once, naming the group and the field, with a recommended action' {
        $path = New-PlanFile @'
@{
    Defaults = @{ Sentinels = '10.0.0.3:26379'; Source = '10.0.0.9:6379' }
    Groups = @(
        @{ MasterName = 'sessions'; Source = '10.0.1.1:6379'; Target = '10.0.1.1:6379' }
        @{ MasterName = 'cache'; Source = '10.0.1.2:6379'; Target = 'nowhere:port'; MaxWritePause = 'soon'; Credential = @{ Password = 'hunter2' } }
    )
}
'@
        $record = $null
        try { Import-MigrationPlan $path -ErrorAction Stop } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -Be 'PlanInvalid,DragonflyMigration.Cmdlets.ImportMigrationPlanCommand'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $message = $record.Exception.Message
        $message | Should -Match 'Defaults: Source belongs to each group'
        $message | Should -Match 'Groups\[0\] \(sessions\): Source and Target are both 10\.0\.1\.1:6379'
        $message | Should -Match "Groups\[1\] \(cache\): Target 'nowhere:port' is not an endpoint"
        $message | Should -Match "Groups\[1\] \(cache\): MaxWritePause 'soon' is not a duration"
        $message | Should -Match 'Groups\[1\] \(cache\): Credential must name where the credential comes from'
        $message | Should -Not -Match 'hunter2'
        $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'parses the file and never runs it' {
        $marker = Join-Path $TestDrive 'ran.txt'
        $path = New-PlanFile "@{ Groups = @(@{ MasterName = `$(New-Item '$marker'); Source = '10.0.1.1:6379'; Target = '10.0.2.1:6379'; Sentinels = '10.0.0.3:26379' }) }"
        { Import-MigrationPlan $path -ErrorAction Stop } | Should -Throw -ErrorId 'PlanInvalid,*' -ExpectedMessage '*literal values*'
        $marker | Should -Not -Exist
    }

    It 'takes plan files from the pipeline' {
        $plans = Get-Item $example, $example | Import-MigrationPlan
        $plans.Count | Should -Be 2
    }

    It 'says so when the file is missing' {
        { Import-MigrationPlan (Join-Path $TestDrive 'none.psd1') -ErrorAction Stop } | Should -Throw -ErrorId 'PlanInvalid,*' -ExpectedMessage '*does not exist*'
    }
}

# Get-MigrationStage: where a group stands, read from real servers, one row per group of a plan.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 100 -RedisTarget -FastSentinelTimers
    $script:group = @{ Source = $sandbox.Source; Target = $sandbox.Target; Sentinel = $sandbox.Sentinels; MasterName = $sandbox.MasterName }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Get-MigrationStage' {
    It 'follows a group from NotStarted to Steady to cut over' {
        (Get-MigrationStage @group).Stage | Should -Be 'NotStarted'
        # Node objects, not strings: the status carries them to the next cmdlet.
        $src = Connect-RedisNode $sandbox.Source
        $df = Connect-RedisNode $sandbox.Target
        $steady = Start-DragonflyReplication $src $df -Confirm:$false | Wait-ReplicationSteady -StableFor 1
        (Get-MigrationStage @group).Stage | Should -Be 'Steady'
        $null = $steady | Invoke-SentinelFailover -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Confirm:$false
        $after = Get-MigrationStage @group
        $after.Stage | Should -BeIn 'CutOver', 'Completed'
        $after.Primary | Should -Be $sandbox.Target
        $src, $df | Disconnect-RedisNode
    }

    It 'reads every group of a plan from the pipeline, one row each, and a group it cannot read is that group''s error alone' {
        $unreachable = "127.0.0.1:$(Get-FreeTcpPort)"
        $path = Join-Path $TestDrive 'plan.psd1'
        Set-Content $path @"
@{
    Groups = @(
        @{ MasterName = '$($sandbox.MasterName)'; Source = '$($sandbox.Source)'; Target = '$($sandbox.Target)'; Sentinels = '$($sandbox.Sentinels[0])' }
        @{ MasterName = 'gone'; Source = '$unreachable'; Target = '127.0.0.1:1'; Sentinels = '$($sandbox.Sentinels[0])' }
    )
}
"@
        $rows = (Import-MigrationPlan $path).Groups | Get-MigrationStage -ErrorVariable failures -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 1
        $rows.MasterName | Should -Be $sandbox.MasterName
        @($failures).Count | Should -Be 1
        $failures[0].TargetObject | Should -Not -BeNullOrEmpty
        ($rows | Format-Table | Out-String -Width 80) | Should -Match ([regex]::Escape($sandbox.MasterName))
    }
}

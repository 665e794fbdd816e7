BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 3 -Quorum 2 -SampleKeyCount 2000 -RedisTarget -FastSentinelTimers -DownAfterMilliseconds 10000 -WriteRate 200
    $script:sen = Connect-RedisNode $sandbox.Sentinels -Sentinel
    # Node objects: a status from strings holds connections closed when its command ended.
    $script:steady = Start-DragonflyReplication -Source (Connect-RedisNode $sandbox.Source) -Target (Connect-RedisNode $sandbox.Target) | Wait-ReplicationSteady -StableFor 00:00:02

    function Get-Roles {
        @($sandbox.Source, $sandbox.Target) | ForEach-Object {
            $port = ($_ -split ':')[-1]
            [pscustomobject]@{
                Role     = (& redis-cli -p $port INFO replication | Select-String '^role:').ToString().Trim()
                Priority = (& redis-cli -p $port CONFIG GET replica-priority)[1]
            }
        }
    }
}

AfterAll {
    if ($sen) { $sen | Disconnect-RedisNode }
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Invoke-SentinelFailover against real Sentinels' {
    It 'prints the plan and changes nothing with -WhatIf' {
        $before = Get-Roles | ConvertTo-Json
        $out = $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName $sandbox.MasterName -WhatIf 6>&1 | Out-String
        (Get-Roles | ConvertTo-Json) | Should -Be $before
        (Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName)[0].Primary | Should -Be $sandbox.Source
    }

    It 'refuses one server given as both source and target, by its identity, before changing anything' {
        $before = Get-Roles | ConvertTo-Json
        $viaName = 'localhost:' + ($sandbox.Source -split ':')[-1]
        { Invoke-SentinelFailover -Source $sandbox.Source -Target $viaName -Sentinel $sen -MasterName $sandbox.MasterName -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'TargetIsSource,*'
        { Compare-RedisKeyspace -Source $sandbox.Source -Target $viaName -ErrorAction Stop } | Should -Throw -ErrorId 'TargetIsSource,*'
        (Get-Roles | ConvertTo-Json) | Should -Be $before
    }

    It 'refuses an unknown master name before changing anything' {
        $before = Get-Roles | ConvertTo-Json
        { $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName 'wrong-name' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MasterNameUnknown,*'
        (Get-Roles | ConvertTo-Json) | Should -Be $before
    }

    It 'cuts over from the pipeline, losing no acknowledged write, and a re-run changes nothing' {
        $result = $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName $sandbox.MasterName -Confirm:$false -InformationVariable info
        $result | Should -BeOfType ([DragonflyMigration.FailoverResult])
        # The milestones, typed, on the information stream (not shown by default).
        $milestones = @($info | Where-Object Tags -Contains 'DragonflyMigration.Milestone' | ForEach-Object MessageData)
        @($milestones | Where-Object Kind -ne 'PhaseStarted' | ForEach-Object { "$($_.Kind)" }) |
            Should -Be @('TargetArmed', 'WritesPaused', 'CaughtUp', 'FailoverRequested', 'Promoted', 'WritesResumed', 'Confirmed')
        $milestones[-1].State | Should -Be 'Confirmed'
        @($milestones | Where-Object Kind -eq 'PhaseStarted' | ForEach-Object { "$($_.Phase)" }) | Should -Be @('Preflight', 'Arm', 'Freeze', 'Promote', 'Fence', 'Confirm')
        $result.NewPrimary | Should -Be $sandbox.Target
        $result.OldPrimary | Should -Be $sandbox.Source
        $result.Phases.Name | Should -Be @('Preflight', 'Arm', 'Freeze', 'Promote', 'Fence', 'Confirm')
        $result.ConfirmingSentinels.Count | Should -Be 3
        $result.WritePauseMilliseconds | Should -BeGreaterThan 0
        ($result | Format-List | Out-String) | Should -Match 'Freeze'
        (Get-Roles)[0].Role | Should -Be 'role:slave'
        (Get-Roles)[0].Priority | Should -Be '0'
        Start-Sleep -Seconds 1
        $writes = $sandbox | Measure-SandboxWrite -Primary $sandbox.Target
        $writes | Should -BeOfType ([DragonflyMigration.SandboxWriteReport])
        $writes.Acknowledged | Should -BeGreaterThan 0
        $writes.Lost | Should -Be 0

        $again = $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName $sandbox.MasterName -Confirm:$false
        $again.AlreadyCompleted | Should -BeTrue
    }
}

Describe 'Complete-DragonflyMigration after the cutover' {
    It 'changes nothing with -WhatIf' {
        $before = (Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName)[0].Replicas.Endpoint
        Complete-DragonflyMigration -Sentinel $sen -MasterName $sandbox.MasterName -Node $sandbox.Source -Shutdown -WhatIf
        & redis-cli -p ($sandbox.Source -split ':')[-1] PING | Should -Be 'PONG'
        (Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName)[0].Replicas.Endpoint | Should -Be $before
    }

    It 'refuses to retire the current primary' {
        { Complete-DragonflyMigration -Sentinel $sen -MasterName $sandbox.MasterName -Node $sandbox.Target -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NodeIsPrimary,*'
    }

    It 'retires the old primary from every Sentinel and shuts it down' {
        $retired = Complete-DragonflyMigration -Sentinel $sen -MasterName $sandbox.MasterName -Node $sandbox.Source -Shutdown -Confirm:$false
        $retired.Endpoint | Should -Be $sandbox.Source
        $retired.PriorityLowered | Should -BeTrue
        $retired.ShutDown | Should -BeTrue
        & redis-cli -p ($sandbox.Source -split ':')[-1] PING 2>&1 | Out-String | Should -Match 'refused'
        $views = Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName
        $views | ForEach-Object {
            $_.Primary | Should -Be $sandbox.Target
            $_.Replicas.Endpoint | Should -Not -Contain $sandbox.Source
            $_.OtherSentinels | Should -Be 2
        }
    }
}

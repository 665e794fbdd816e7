BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-ServerState {
        # What -WhatIf must leave untouched, read with redis-cli so the module under test is not the judge.
        param([string] $Endpoint)
        $port = ($Endpoint -split ':')[-1]
        [pscustomobject]@{
            Role     = (& redis-cli -p $port INFO replication | Select-String '^role:').ToString().Trim()
            Priority = (& redis-cli -p $port CONFIG GET replica-priority)[1]
            Slaves   = (& redis-cli -p $port INFO replication | Select-String '^connected_slaves:').ToString().Trim()
            Keys     = & redis-cli -p $port DBSIZE
        }
    }
}

Describe 'Replication cmdlets against real servers' {
    BeforeEach {
        $script:sandbox = Start-MigrationSandbox -SentinelCount 0 -SampleKeyCount 3000 -RedisTarget
    }

    AfterEach {
        $sandbox | Stop-MigrationSandbox -Confirm:$false
    }

    It 'runs the runbook pipeline from strings to a steady status' {
        $status = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target |
            Wait-ReplicationSteady -StableFor 00:00:02 -Timeout 00:02:00
        $status.IsSteady | Should -BeTrue
        $status.State | Should -Be 'Streaming'
        $status.Source.Endpoint | Should -Be $sandbox.Source
        $status.Target.Endpoint | Should -Be $sandbox.Target
        $status.TargetKeys | Should -Be 3000
        (Get-ServerState $sandbox.Target).Priority | Should -Be '0'
    }

    It 'takes the target from the pipeline and reports status' {
        $src = Connect-RedisNode $sandbox.Source
        $status = Connect-RedisNode $sandbox.Target | Start-DragonflyReplication -Source $src
        $status | Should -BeOfType ([DragonflyMigration.ReplicationStatus])
        $now = $status | Get-ReplicationStatus
        $now.State | Should -BeIn 'Connecting', 'FullSync', 'Streaming'
        $now.SourceFullSyncs | Should -Not -BeNullOrEmpty
        ($now | Format-Table | Out-String) | Should -Match ([regex]::Escape($sandbox.Target))
    }

    It 'changes nothing on any server with -WhatIf' {
        $before = @((Get-ServerState $sandbox.Source), (Get-ServerState $sandbox.Target))
        $result = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -WhatIf
        $result | Should -BeNullOrEmpty
        $after = @((Get-ServerState $sandbox.Source), (Get-ServerState $sandbox.Target))
        ($after | ConvertTo-Json) | Should -Be ($before | ConvertTo-Json)
    }

    It 'refuses a non-empty target with the key count, and -Force overrides it' {
        $port = ($sandbox.Target -split ':')[-1]
        & redis-cli -p $port SET precious 1 | Out-Null
        { Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -ErrorAction Stop } |
            Should -Throw -ErrorId 'TargetNotEmpty,*' -ExpectedMessage '*db0: 1*'
        & redis-cli -p $port GET precious | Should -Be '1'
        $status = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -Force -Confirm:$false | Wait-ReplicationSteady -StableFor 00:00:02
        $status.TargetKeys | Should -Be 3000
    }

    It 'asks before -Force deletes the target''s keys, as a High-impact action: -WhatIf and an unanswerable prompt change nothing' {
        $port = ($sandbox.Target -split ':')[-1]
        & redis-cli -p $port SET precious 1 | Out-Null
        $before = @((Get-ServerState $sandbox.Source), (Get-ServerState $sandbox.Target)) | ConvertTo-Json

        Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -Force -WhatIf | Should -BeNullOrEmpty
        # This session is non-interactive, as a runbook is: the question cannot be answered, so nothing happens.
        { Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -Force -ErrorAction Stop } | Should -Throw
        @((Get-ServerState $sandbox.Source), (Get-ServerState $sandbox.Target)) | ConvertTo-Json | Should -Be $before
        & redis-cli -p $port GET precious | Should -Be '1'

        $status = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -Force -Confirm:$false
        $status.State | Should -BeIn 'Connecting', 'FullSync', 'Streaming'
    }

    It 'does not ask when -Force has no keys to delete' {
        $status = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target -Force
        $status.State | Should -BeIn 'Connecting', 'FullSync', 'Streaming'
    }

    It 'is idempotent' {
        Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target | Wait-ReplicationSteady -StableFor 00:00:02 | Out-Null
        $syncs = (& redis-cli -p ($sandbox.Source -split ':')[-1] INFO stats | Select-String '^sync_full:').ToString().Trim()
        $again = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target
        $again.State | Should -Be 'Streaming'
        (& redis-cli -p ($sandbox.Source -split ':')[-1] INFO stats | Select-String '^sync_full:').ToString().Trim() | Should -Be $syncs
    }

    It 'stops replication and restores the priority, and -WhatIf stops nothing' {
        # Node objects: a status from strings holds connections closed when its command ended.
        $status = Start-DragonflyReplication -Source (Connect-RedisNode $sandbox.Source) -Target (Connect-RedisNode $sandbox.Target)
        $status | Stop-DragonflyReplication -WhatIf
        (Get-ServerState $sandbox.Target).Role | Should -Be 'role:slave'
        $status | Stop-DragonflyReplication -Confirm:$false
        $state = Get-ServerState $sandbox.Target
        $state.Role | Should -Be 'role:master'
        $state.Priority | Should -Be '100'
    }

    It 'refuses a source that is not a primary' {
        $status = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target
        { Start-DragonflyReplication -Source $sandbox.Target -Target $sandbox.Source -ErrorAction Stop } | Should -Throw -ErrorId 'SourceNotPrimary,*'
    }

    It 'returns within a second of Ctrl+C' {
        $status = Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target
        $run = Stop-AfterStart -ArgumentList $env:DFMIG_MODULE_MANIFEST, $sandbox.Source, $sandbox.Target -RunFor 00:00:03 -Script {
            param($Manifest, $Source, $Target)
            Import-Module $Manifest
            Wait-ReplicationSteady -Source $Source -Target $Target -StableFor 00:10:00 -Timeout 00:20:00
        }
        $run.RunningWhenStopped | Should -BeTrue
        $run.StopTook.TotalSeconds | Should -BeLessThan 1
        $run.State | Should -Be 'Stopped'
    }
}

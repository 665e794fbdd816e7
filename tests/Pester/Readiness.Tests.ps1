BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-Check([object[]] $Checks, [string] $Name) { $Checks | Where-Object Name -EQ $Name }
    function Invoke-Cli([string] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
        & redis-cli -p ($Endpoint -split ':')[-1] @Arguments
    }
}

Describe 'Test-MigrationReadiness on a clean sandbox and planted data problems' {
    BeforeAll {
        $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 300 -RedisTarget -WriteRate 100
        $script:src = Connect-RedisNode $sandbox.Source
        $script:df = Connect-RedisNode $sandbox.Target
    }

    AfterAll {
        if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    }

    It 'warns that a source never saved since it started has no backup' {
        $check = Test-MigrationReadiness $src $df -Name LastSave
        $check.Status | Should -Be 'Warn'
        $check.Message | Should -Match 'not saved since it started'
        $check.Remediation | Should -Match 'BGSAVE'
    }

    It 'passes every check once the source is saved, each with a name, category and message' {
        Invoke-Cli $sandbox.Source SAVE | Out-Null
        $checks = $sandbox | Test-MigrationReadiness
        @($checks).Count | Should -BeGreaterThan 20
        $checks | Where-Object Status -NE 'Pass' | ForEach-Object { "$($_.Name): $($_.Status) $($_.Message)" } | Should -BeNullOrEmpty
        $checks | ForEach-Object { $_.Category | Should -Not -BeNullOrEmpty; $_.Message | Should -Not -BeNullOrEmpty }
        (Get-Check $checks 'SourceReachable').Data.RoundTripMilliseconds | Should -BeGreaterThan 0
        ($checks | Format-Table | Out-String) | Should -Match 'SentinelPromotion'
    }

    It 'changes nothing on the nodes or the Sentinel' {
        function Get-State {
            @(
                Invoke-Cli $sandbox.Source CONFIG GET '*'
                Invoke-Cli $sandbox.Target CONFIG GET '*'
                Invoke-Cli $sandbox.Target DBSIZE
                Invoke-Cli $sandbox.Target ROLE
                Invoke-Cli $sandbox.Source ACL LIST
                Invoke-Cli $sandbox.Sentinels[0] SENTINEL GET-MASTER-ADDR-BY-NAME $sandbox.MasterName
                (Invoke-Cli $sandbox.Sentinels[0] SENTINEL MASTER $sandbox.MasterName) -join ' ' -replace '.*(config-epoch \S+).*', '$1'
            ) -join "`n"
        }
        $before = Get-State
        $sandbox | Test-MigrationReadiness | Out-Null
        Get-State | Should -Be $before
    }

    It 'selects checks by name and by category, with wildcards' {
        $checks = Test-MigrationReadiness $src $df -Name 'Target*', 'LastSave'
        $checks.Name | Should -Be @('TargetReachable', 'TargetIsEmpty', 'TargetIsFree', 'TargetVersion', 'TargetMemory', 'LastSave')
        (Test-MigrationReadiness $src $df -Category Memory).Name | Should -Be @('TargetMemory', 'EvictionPolicy')
    }

    It 'skips the Sentinel checks without -Sentinel, and wants -MasterName with it' {
        $checks = Test-MigrationReadiness $src $df -Category Sentinel
        $checks.Status | Sort-Object -Unique | Should -Be 'Skipped'
        { Test-MigrationReadiness $src $df -Sentinel $sandbox.Sentinels } | Should -Throw -ErrorId 'MasterNameRequired,DragonflyMigration.Cmdlets.TestMigrationReadinessCommand'
    }

    It 'refuses a duration outside its range when binding' {
        { Test-MigrationReadiness $src $df -Name OutputBufferLimit -WriteRateWindow -00:00:01 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,DragonflyMigration.Cmdlets.TestMigrationReadinessCommand'
        { Compare-RedisKeyspace $src $df -TtlTolerance -00:00:01 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,DragonflyMigration.Cmdlets.CompareRedisKeyspaceCommand'
    }

    It 'flags a Redis Functions library on the source' {
        Invoke-Cli $sandbox.Source FUNCTION LOAD "#!lua name=planted`nredis.register_function('planted', function() return 1 end)" | Out-Null
        try {
            $check = Test-MigrationReadiness $src $df -Name RedisFunctions
            $check.Status | Should -Be 'Warn'   # a Redis target loads functions; the message says Dragonfly would not
            $check.Message | Should -Match 'planted'
            $check.Message | Should -Match 'Dragonfly target would not'
            $check.Remediation | Should -Match 'FUNCTION DELETE'
        }
        finally { Invoke-Cli $sandbox.Source FUNCTION DELETE planted | Out-Null }
    }

    It 'fails a target that holds keys' {
        Invoke-Cli $sandbox.Target SET stray value | Out-Null
        try {
            $check = Test-MigrationReadiness $src $df -Name TargetIsEmpty
            $check.Status | Should -Be 'Fail'
            $check.Data.KeyCount | Should -Be 1
            $check.Remediation | Should -Match 'empty'
        }
        finally { Invoke-Cli $sandbox.Target DEL stray | Out-Null }
    }

    It 'fails a source database beyond the target''s database count' {
        $small = Start-PlainRedisServer -Directory (Join-Path $TestDrive 'small') -Setting '--databases', '4'
        Invoke-Cli $sandbox.Source -n 5 SET in-db5 value | Out-Null
        try {
            $check = Test-MigrationReadiness $src $small.Endpoint -Name DatabaseCount
            $check.Status | Should -Be 'Fail'
            $check.Message | Should -Match 'db5'
            $check.Remediation | Should -Match 'databases 6'
        }
        finally {
            Invoke-Cli $sandbox.Source -n 5 DEL in-db5 | Out-Null
            Stop-Process -Id $small.Process.Id -Force
        }
    }

    It 'fails a tiny replica output-buffer limit under writes' {
        $before = (Invoke-Cli $sandbox.Source CONFIG GET client-output-buffer-limit)[1]
        Invoke-Cli $sandbox.Source CONFIG SET client-output-buffer-limit 'replica 65536 32768 5' | Out-Null
        try {
            $check = Test-MigrationReadiness $src $df -Name OutputBufferLimit -ExpectedSyncTime 00:10:00
            $check.Status | Should -Be 'Fail'
            $check.Message | Should -Match 'Sync-loop risk'
            $check.Data.WriteBytesPerSecond | Should -BeGreaterThan 0
            $check.Remediation | Should -Match 'client-output-buffer-limit'
        }
        finally { Invoke-Cli $sandbox.Source CONFIG SET client-output-buffer-limit $before | Out-Null }
    }

    It 'names a big key found in the sample' {
        Invoke-Cli $sandbox.Source SETRANGE planted:blob 2000000 x | Out-Null
        try {
            $check = Test-MigrationReadiness $src $df -Name BigKeys -BigKeyThreshold 1MB
            $check.Status | Should -Be 'Warn'
            $check.Data.LargestKey | Should -Be 'planted:blob'
            $check.Message | Should -Match 'planted:blob'
        }
        finally { Invoke-Cli $sandbox.Source DEL planted:blob | Out-Null }
    }

    It 'fails an ACL user of the source that the target lacks' {
        Invoke-Cli $sandbox.Source ACL SETUSER planted-app on '>app-secret' '~*' '+@all' | Out-Null
        try {
            $check = Test-MigrationReadiness $src $df -Name AclUsers
            $check.Status | Should -Be 'Fail'
            $check.Data.MissingOnTarget | Should -Be 'planted-app'
            ($check | Format-List | Out-String) | Should -Not -Match 'app-secret'
        }
        finally { Invoke-Cli $sandbox.Source ACL DELUSER planted-app | Out-Null }
    }

    It 'fails a target without room for the dataset' {
        Invoke-Cli $sandbox.Target CONFIG SET maxmemory 100000 | Out-Null
        try {
            $check = Test-MigrationReadiness $src $df -Name TargetMemory
            $check.Status | Should -Be 'Fail'
            $check.Data.TargetLimitBytes | Should -Be 100000
        }
        finally { Invoke-Cli $sandbox.Target CONFIG SET maxmemory 0 | Out-Null }
    }

    It 'fails a replica given as the source' {
        Start-DragonflyReplication -Source $src -Target $df | Wait-ReplicationSteady -StableFor 00:00:01 | Out-Null
        try {
            (Test-MigrationReadiness $df $src -Name SourceIsPrimary).Status | Should -Be 'Fail'
            $checks = Test-MigrationReadiness $src $df -Name TargetIsEmpty, TargetIsFree
            $checks.Status | Should -Be @('Pass', 'Pass')   # already replicating the source: a re-run is safe
        }
        finally { Stop-DragonflyReplication -Target $df -Confirm:$false | Out-Null; Invoke-Cli $sandbox.Target FLUSHALL | Out-Null }
    }
}

Describe 'Test-MigrationReadiness against planted Sentinel problems' {
    BeforeAll {
        $script:sandbox = Start-MigrationSandbox -ReplicaCount 1 -SentinelCount 2 -Quorum 1 -RedisTarget -FastSentinelTimers
        $script:replicaPort = ($sandbox.Replicas[0] -split ':')[-1]
    }

    AfterAll {
        if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    }

    It 'warns about another replica that Sentinel would promote today' {
        $check = $sandbox | Test-MigrationReadiness -Name SentinelPromotion
        $check.Status | Should -Be 'Warn'
        $check.Data.PredictedPromotion | Should -Be $sandbox.Replicas[0]
    }

    It 'says whether the target can serve the other replicas, as the cutover reads it (COMMAND INFO PSYNC)' {
        $check = $sandbox | Test-MigrationReadiness -Name SentinelOtherReplicas
        $check.Status | Should -Be 'Pass'
        $check.Message | Should -Match "can serve the other replica\(s\) $([regex]::Escape($sandbox.Replicas[0]))"
    }

    It 'fails when that replica could beat the armed target' {
        & redis-cli -p $replicaPort CONFIG SET replica-priority 1 | Out-Null
        $deadline = (Get-Date).AddSeconds(20)
        do {
            Start-Sleep -Milliseconds 300
            $check = $sandbox | Test-MigrationReadiness -Name SentinelPromotion
        } until ($check.Status -eq 'Fail' -or (Get-Date) -gt $deadline)
        $check.Status | Should -Be 'Fail'
        $check.Message | Should -Match ([regex]::Escape($sandbox.Replicas[0]))
        $check.Remediation | Should -Match 'ExcludeOtherReplicas'
    }

    It 'fails a write pause the Sentinels'' down-after cannot absorb' {
        $check = $sandbox | Test-MigrationReadiness -Name SentinelDownAfter -MaxWritePause 00:00:20
        $check.Status | Should -Be 'Fail'
        $check.Remediation | Should -Match 'down-after-milliseconds 40000'
    }

    It 'fails Sentinels that disagree on the primary' {
        $sentinelPort = ($sandbox.Sentinels[1] -split ':')[-1]
        & redis-cli -p $sentinelPort SENTINEL REMOVE $sandbox.MasterName | Out-Null
        & redis-cli -p $sentinelPort SENTINEL MONITOR $sandbox.MasterName 127.0.0.1 $replicaPort 1 | Out-Null
        $check = $sandbox | Test-MigrationReadiness -Name SentinelAgreement
        $check.Status | Should -Be 'Fail'
        $check.Message | Should -Match ([regex]::Escape($sandbox.Replicas[0]))
    }
}

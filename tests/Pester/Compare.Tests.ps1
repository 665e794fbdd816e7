BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 0 -SampleKeyCount 500 -RedisTarget
    Start-DragonflyReplication -Source $sandbox.Source -Target $sandbox.Target | Wait-ReplicationSteady -StableFor 00:00:01 | Stop-DragonflyReplication -Confirm:$false
    $script:port = ($sandbox.Target -split ':')[-1]
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Compare-RedisKeyspace against real servers' {
    It 'reports an identical pair as equal' {
        $summary = Compare-RedisKeyspace -Source $sandbox.Source -Target $sandbox.Target -Full
        $summary.IsEqual | Should -BeTrue
        $summary.KeysCompared | Should -Be 500
        ($summary | Format-List | Out-String) | Should -Match 'db0 500/500'
    }

    It 'finds a missing key, a changed value, a changed type and a dropped TTL' {
        & redis-cli -p $port DEL sample:string:10 | Out-Null
        & redis-cli -p $port SET sample:string:15 changed | Out-Null
        & redis-cli -p $port DEL sample:zset:4 | Out-Null
        & redis-cli -p $port SET sample:zset:4 now-a-string | Out-Null
        & redis-cli -p $port PERSIST sample:list:17 | Out-Null
        $out = Compare-RedisKeyspace -Source $sandbox.Source -Target $sandbox.Target -Full
        $summary = $out | Where-Object { $_ -is [DragonflyMigration.KeyspaceComparisonResult] }
        $differences = $out | Where-Object { $_ -is [DragonflyMigration.KeyspaceDifference] }
        $summary.IsEqual | Should -BeFalse
        ($differences | Where-Object Key -EQ 'sample:string:10').Kind | Should -Be 'Missing'
        ($differences | Where-Object Key -EQ 'sample:string:15').Kind | Should -Be 'ValueMismatch'
        ($differences | Where-Object Key -EQ 'sample:zset:4').Kind | Should -Be 'TypeMismatch'
        ($differences | Where-Object Key -EQ 'sample:list:17').Kind | Should -Be 'TtlMismatch'
        ($differences | Format-Table | Out-String) | Should -Match 'Missing'
    }

    It 'compares only a sample without -Full' {
        $summary = Compare-RedisKeyspace -Source $sandbox.Source -Target $sandbox.Target -SampleSize 20 | Select-Object -First 1
        $summary.KeysCompared | Should -BeLessOrEqual 20
        $summary.Full | Should -BeFalse
    }
}

# The progress a user watches during the wait and the cutover, read from a real run's progress stream.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 2000 -FastSentinelTimers
    # Progress records cannot be redirected in a script; a PowerShell instance keeps them in its streams.
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript({
                param($Manifest, $Sandbox)
                Import-Module $Manifest
                Start-DragonflyReplication $Sandbox.Source $Sandbox.Target -Confirm:$false |
                    Wait-ReplicationSteady -StableFor 3 |
                    Invoke-SentinelFailover -Sentinel $Sandbox.Sentinels -MasterName $Sandbox.MasterName -Confirm:$false
            }).AddArgument($env:DFMIG_MODULE_MANIFEST).AddArgument($sandbox)
        # Invoke returns once the pipeline has ended, so nothing runs when the instance is disposed.
        $script:result = $shell.Invoke()
        $script:errors = @($shell.Streams.Error)
        $script:progress = @($shell.Streams.Progress)
    }
    finally { $shell.Dispose() }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Progress' {
    It 'ran the wait and the cutover' {
        $errors | Should -BeNullOrEmpty
        $result.NewPrimary | Should -Be $sandbox.Target
    }

    It 'puts the state first in the wait''s status line, so 80 columns show it' {
        $wait = @($progress | Where-Object Activity -EQ 'Waiting for steady replication' | Where-Object RecordType -NE 'Completed')
        $wait | Should -Not -BeNullOrEmpty
        $wait.StatusDescription | ForEach-Object { $_ | Should -Match '^(NotReplicating|Connecting|FullSync|Streaming|Broken)' }
    }

    It 'estimates the time left once streaming' {
        $streaming = @($progress | Where-Object Activity -EQ 'Waiting for steady replication' | Where-Object StatusDescription -Like 'Streaming*')
        $streaming | Should -Not -BeNullOrEmpty
        $streaming | ForEach-Object { $_.SecondsRemaining | Should -BeGreaterOrEqual 0 }
        $streaming | ForEach-Object { $_.SecondsRemaining | Should -BeLessOrEqual 3 }
    }

    It 'keeps one bar through the whole cutover, ended once' {
        $cutover = @($progress | Where-Object Activity -EQ "Cutover of '$($sandbox.MasterName)'")
        @($cutover | Where-Object RecordType -NE 'Completed' | ForEach-Object CurrentOperation | Select-Object -Unique) | Should -Be @('Preflight', 'Arm', 'Freeze', 'Promote', 'Fence', 'Confirm')
        @($cutover | Where-Object RecordType -EQ 'Completed').Count | Should -Be 1
        $cutover[-1].RecordType | Should -Be 'Completed'
    }
}

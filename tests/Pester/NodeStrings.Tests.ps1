# host:port strings given to node parameters: bound unconnected, connected by the cmdlet with its -Credential or
# -SentinelCredential where Ctrl+C stops it, failing with Connect-RedisNode's error ids, and closed when it ends.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-ClientCount([string] $Endpoint) {
        # redis-cli's own connection is in every count, so counts compare.
        @(& redis-cli -p ($Endpoint -split ':')[-1] @script:cliAuth CLIENT LIST 2>$null).Count
    }
}

Describe 'Node strings without a password' {
    BeforeAll {
        $script:cliAuth = @()
        $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 20 -RedisTarget
    }

    AfterAll {
        if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    }

    It 'five readiness runs leave no connection open on the source or the target' {
        $before = Get-ClientCount $sandbox.Source
        $targetBefore = Get-ClientCount $sandbox.Target
        foreach ($run in 1..5) {
            $checks = Test-MigrationReadiness -Source $sandbox.Source -Target $sandbox.Target -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName
            (@($checks) | Where-Object Name -EQ 'SourceReachable').Status | Should -Be 'Pass'
        }
        Get-ClientCount $sandbox.Source | Should -Be $before
        Get-ClientCount $sandbox.Target | Should -Be $targetBefore
    }

    It 'closes the node it connected when another fails to connect' {
        $before = Get-ClientCount $sandbox.Source
        { Get-ReplicationStatus -Source $sandbox.Source -Target '127.0.0.1:1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConnectionRefused,DragonflyMigration.Cmdlets.GetReplicationStatusCommand'
        Get-ClientCount $sandbox.Source | Should -Be $before
    }

    It 'judges a node string that does not answer as a failed reachability check, not an error, and closes the rest' {
        $before = Get-ClientCount $sandbox.Source
        $checks = @(Test-MigrationReadiness -Source $sandbox.Source -Target '127.0.0.1:1' -Sentinel '127.0.0.1:2', $sandbox.Sentinels[0] -MasterName $sandbox.MasterName -ErrorAction Stop)
        $target = $checks | Where-Object Name -EQ 'TargetReachable'
        $target.Status | Should -Be 'Fail'
        $target.Message | Should -Match '127\.0\.0\.1:1'
        ($checks | Where-Object Name -EQ 'SourceReachable').Status | Should -Be 'Pass'
        ($checks | Where-Object Name -EQ 'SentinelsReachable').Status | Should -Be 'Fail'
        Get-ClientCount $sandbox.Source | Should -Be $before
    }

    It 'never closes a node object passed in' {
        $src = Connect-RedisNode $sandbox.Source
        try {
            Test-MigrationReadiness -Source $src -Target $sandbox.Target -Name SourceReachable | Out-Null
            Get-ReplicationStatus -Source $src -Target $sandbox.Target | Out-Null
            $src.IsConnected | Should -BeTrue
            (Get-ReplicationStatus -Source $src -Target $sandbox.Target).State | Should -Be 'NotReplicating'
        }
        finally { $src | Disconnect-RedisNode }
    }

    It 'keeps strings connected for the rest of the pipeline' {
        $status = Get-ReplicationStatus -Source $sandbox.Source -Target $sandbox.Target | Get-ReplicationStatus
        $status.State | Should -Be 'NotReplicating'
        # The pipeline has ended: the connections it opened are closed.
        $status.Source.IsConnected | Should -BeFalse
    }

    It 'connects Sentinel strings as Sentinels and refuses a data node there with NotASentinel' {
        (Get-SentinelMaster -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName).Primary | Should -Be $sandbox.Source
        { Get-SentinelMaster -Sentinel $sandbox.Source -MasterName $sandbox.MasterName -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotASentinel,*'
    }

    It 'stops connecting on Ctrl+C' {
        $listener = Start-SilentListener
        try {
            $run = Stop-AfterStart -ArgumentList $env:DFMIG_MODULE_MANIFEST, "127.0.0.1:$($listener.LocalEndpoint.Port)", $sandbox.Target -Script {
                param($Manifest, $Source, $Target)
                Import-Module $Manifest
                Get-ReplicationStatus -Source $Source -Target $Target
            }
            $run.RunningWhenStopped | Should -BeTrue
            $run.StopTook.TotalSeconds | Should -BeLessThan 2
            $run.State | Should -Be 'Stopped'
        }
        finally { $listener.Stop() }
    }
}

Describe 'Node strings with a password' {
    BeforeAll {
        $password = 'pw-' + [guid]::NewGuid().ToString('N')
        $script:cliAuth = @('-a', $password, '--no-auth-warning')
        $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 20 -RedisTarget -Password (ConvertTo-SecureString $password -AsPlainText -Force)
        $script:credential = [pscredential]::new('default', (ConvertTo-SecureString $password -AsPlainText -Force))
        $script:wrong = [pscredential]::new('default', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
    }

    AfterAll {
        if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    }

    It 'connects the strings with -Credential' {
        $checks = Test-MigrationReadiness -Source $sandbox.Source -Target $sandbox.Target -Credential $credential -Category Connectivity
        (@($checks) | Where-Object Name -EQ 'SourceReachable').Status | Should -Be 'Pass'
        (@($checks) | Where-Object Name -EQ 'TargetReachable').Status | Should -Be 'Pass'
        (Get-ReplicationStatus -Source $sandbox.Source -Target $sandbox.Target -Credential $credential).State | Should -Be 'NotReplicating'
    }

    It 'fails a wrong password with AuthenticationFailed, as Connect-RedisNode does, and leaves nothing open' {
        $before = Get-ClientCount $sandbox.Source
        $record = $null
        try { Get-ReplicationStatus -Source $sandbox.Source -Target $sandbox.Target -Credential $wrong -ErrorAction Stop }
        catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,DragonflyMigration.Cmdlets.GetReplicationStatusCommand'
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.TargetObject | Should -Be $sandbox.Source
        ($record | Out-String) + $record.Exception.ToString() | Should -Not -Match 'not-the-password'
        Get-ClientCount $sandbox.Source | Should -Be $before
    }

    It 'judges a wrong password in readiness as failed reachability checks saying to check the credentials' {
        $before = Get-ClientCount $sandbox.Source
        $checks = @(Test-MigrationReadiness -Source $sandbox.Source -Target $sandbox.Target -Credential $wrong -Category Connectivity -ErrorAction Stop)
        $source = $checks | Where-Object Name -EQ 'SourceReachable'
        $source.Status | Should -Be 'Fail'
        $source.Remediation | Should -Match 'password'
        ($checks | Out-String) + ($checks.Message -join ' ') | Should -Not -Match 'not-the-password'
        Get-ClientCount $sandbox.Source | Should -Be $before
    }

    It 'five readiness runs with -Credential leave no connection open on the source' {
        $before = Get-ClientCount $sandbox.Source
        foreach ($run in 1..5) {
            Test-MigrationReadiness -Source $sandbox.Source -Target $sandbox.Target -Credential $credential -Category Connectivity | Out-Null
        }
        Get-ClientCount $sandbox.Source | Should -Be $before
    }
}

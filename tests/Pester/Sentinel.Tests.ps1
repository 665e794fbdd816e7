BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:sandbox = Start-MigrationSandbox -ReplicaCount 1 -SentinelCount 3 -Quorum 2 -FastSentinelTimers
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Get-SentinelMaster against real Sentinels' {
    It 'shows every Sentinel agreeing on the primary, with the replica it would promote' {
        $views = Get-SentinelMaster -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName
        @($views).Count | Should -Be 3
        $views | ForEach-Object {
            $_.Primary | Should -Be $sandbox.Source
            $_.QuorumReachable | Should -BeTrue
            $_.InTilt | Should -BeFalse
            $_.AllSentinelsAgree | Should -BeTrue
            $_.PredictedPromotion | Should -Be $sandbox.Replicas[0]
        }
        ($views | Format-Table | Out-String) | Should -Match 'OK 2'
    }

    It 'takes Sentinel nodes from the pipeline' {
        $nodes = Connect-RedisNode $sandbox.Sentinels -Sentinel
        $views = $nodes | Get-SentinelMaster -MasterName $sandbox.MasterName
        @($views).Count | Should -Be 3
        $nodes | Disconnect-RedisNode
    }

    It 'reports a replica of priority 0 as ineligible' {
        $port = ($sandbox.Replicas[0] -split ':')[-1]
        & redis-cli -p $port CONFIG SET replica-priority 0 | Out-Null
        try {
            $deadline = (Get-Date).AddSeconds(20)
            do {
                Start-Sleep -Milliseconds 300
                $view = Get-SentinelMaster -Sentinel $sandbox.Sentinels[0] -MasterName $sandbox.MasterName
            } until ($view.Replicas[0].Priority -eq 0 -or (Get-Date) -gt $deadline)
            $view.Replicas[0].IsEligible | Should -BeFalse
            $view.Replicas[0].ExcludedBecause | Should -Match 'priority is 0'
            $view.PredictedPromotion | Should -BeNullOrEmpty
        }
        finally {
            & redis-cli -p $port CONFIG SET replica-priority 100 | Out-Null
        }
    }

    It 'reports an unknown master name' {
        { Get-SentinelMaster -Sentinel $sandbox.Sentinels[0] -MasterName 'no-such-master' -ErrorAction Stop } | Should -Throw -ErrorId 'MasterNameUnknown,*'
    }
}

Describe 'Register-SentinelMaster against real Sentinels' {
    BeforeAll {
        $script:extra = Start-MigrationSandbox -SentinelCount 0 -NoTarget
    }

    AfterAll {
        if ($extra) { $extra | Stop-MigrationSandbox -Confirm:$false }
    }

    It 'changes nothing with -WhatIf' {
        Register-SentinelMaster -Sentinel $sandbox.Sentinels -MasterName second -Primary $extra.Source -Quorum 2 -WhatIf
        { Get-SentinelMaster -Sentinel $sandbox.Sentinels[0] -MasterName second -ErrorAction Stop } | Should -Throw -ErrorId 'MasterNameUnknown,*'
    }

    It 'monitors a primary on every Sentinel, and a re-run changes nothing' {
        $views = Register-SentinelMaster -Sentinel $sandbox.Sentinels -MasterName second -Primary $extra.Source -Quorum 2 -DownAfterMilliseconds 7000 -Confirm:$false
        @($views).Count | Should -Be 3
        $views | ForEach-Object { $_.Primary | Should -Be $extra.Source; $_.DownAfterMilliseconds | Should -Be 7000; $_.Quorum | Should -Be 2 }
        $verbose = Register-SentinelMaster -Sentinel $sandbox.Sentinels -MasterName second -Primary $extra.Source -Quorum 2 -DownAfterMilliseconds 7000 -Confirm:$false -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose | Where-Object Message -Match 'already monitors').Count | Should -Be 3
    }

    It 'refuses a name already monitored at another address' {
        { Register-SentinelMaster -Sentinel $sandbox.Sentinels[0] -MasterName $sandbox.MasterName -Primary $extra.Source -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'SentinelsDisagree,*'
    }

    It 'writes sentinel.conf lines without the password unless asked' {
        $cred = [pscredential]::new('sentinel-user', (ConvertTo-SecureString 'conf-secret-9' -AsPlainText -Force))
        $lines = Register-SentinelMaster -MasterName m1 -Primary 10.0.0.1:6379 -Quorum 2 -AuthCredential $cred -AsConfigLines
        $lines[0] | Should -Be 'sentinel monitor m1 10.0.0.1 6379 2'
        $lines | Should -Contain 'sentinel auth-user m1 sentinel-user'
        $lines | Should -Contain 'sentinel auth-pass m1 <password>'
        ($lines -join "`n") | Should -Not -Match 'conf-secret-9'
        Register-SentinelMaster -MasterName m1 -Primary 10.0.0.1:6379 -AuthCredential $cred -AsConfigLines -IncludeSecret | Should -Contain 'sentinel auth-pass m1 conf-secret-9'
    }
}

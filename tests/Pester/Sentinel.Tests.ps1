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

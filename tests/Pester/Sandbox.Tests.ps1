BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    function Get-SandboxFolders { @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'dfmig-sandbox-*' -ErrorAction Ignore) }
}

Describe 'Start-MigrationSandbox and Stop-MigrationSandbox' {
    It 'starts nothing with -WhatIf' {
        $before = (Get-SandboxFolders).Count
        $result = Start-MigrationSandbox -WhatIf
        $result | Should -BeNullOrEmpty
        (Get-SandboxFolders).Count | Should -Be $before
    }

    It 'starts a topology with three Sentinels, data, and removes it afterwards' {
        $sb = Start-MigrationSandbox -SentinelCount 3 -Quorum 2 -ReplicaCount 1 -SampleKeyCount 2000 -FastSentinelTimers
        try {
            $sb.Sentinels.Count | Should -Be 3
            $sb.Replicas.Count | Should -Be 1
            $sb.IsRunning | Should -BeTrue
            $sb.Directory | Should -Exist
            $source = Connect-RedisNode $sb.Source
            $source.Role | Should -Be 'Primary'
            $source | Disconnect-RedisNode
            $port = ($sb.Source -split ':')[-1]
            & redis-cli -p $port DBSIZE | Should -Be 2000
        }
        finally {
            $sb | Stop-MigrationSandbox -WhatIf
            $sb.IsRunning | Should -BeTrue -Because '-WhatIf stops nothing'
            $sb | Stop-MigrationSandbox -Confirm:$false
        }
        $sb.IsRunning | Should -BeFalse
        $sb.Directory | Should -Not -Exist
    }

    It 'refuses an impossible quorum with a parameter error, before starting anything' {
        { Start-MigrationSandbox -SentinelCount 1 -Quorum 3 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*' -ExpectedMessage '*-Quorum 3*'
    }
}

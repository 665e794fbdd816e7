# What a new user expects of any PowerShell module, against real servers: durations in seconds, a way out of
# a prompt nobody can answer, a recommended action on every error, -PassThru on the Stop cmdlets, pairs
# piped by property name, the examples the help names shipped, and no change to a node the command is not for.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 20 -RedisTarget
    $processPath = [Environment]::ProcessPath
    $script:pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
    function Get-Priority([string] $Endpoint) { (& redis-cli -p ($Endpoint -split ':')[-1] CONFIG GET replica-priority)[1] }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Durations' {
    It 'reads a bare number as seconds, from PowerShell (<Value>) and from a shell' -ForEach @(@{ Value = 2 }, @{ Value = '2' }, @{ Value = 2.0 }) {
        $verbose = Connect-RedisNode "127.0.0.1:$(Get-FreeTcpPort)" -ConnectTimeout $Value -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'ConnectTimeout=00:00:02[,)]'
    }

    It 'still takes a TimeSpan' {
        $verbose = Connect-RedisNode "127.0.0.1:$(Get-FreeTcpPort)" -ConnectTimeout 00:00:03 -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'ConnectTimeout=00:00:03[,)]'
    }
}

Describe 'A prompt nobody can answer' {
    It 'is an error that says to pass -Confirm:$false, and nothing starts' {
        $script = "Import-Module '$env:DFMIG_MODULE_MANIFEST'; try { Start-MigrationSandbox -Confirm -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.ErrorDetails.RecommendedAction }"
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $output | Should -Match 'ConfirmationRequired,DragonflyMigration.Cmdlets.StartMigrationSandboxCommand'
        $output | Should -Match '-Confirm:\$false'
    }
}

Describe 'Errors' {
    It 'carry a recommended action: <Name>' -ForEach @(
        @{ Name = 'NotASentinel'; Call = { Get-SentinelMaster -Sentinel $sandbox.Source -MasterName x -ErrorAction Stop } }
        @{ Name = 'MasterNameRequired'; Call = { Test-MigrationReadiness $sandbox.Source $sandbox.Target -Sentinel $sandbox.Sentinels -ErrorAction Stop } }
        @{ Name = 'InvalidParameter'; Call = { Get-ReplicationStatus $sandbox.Source $sandbox.Target | Wait-ReplicationSteady -StableFor 00:00:10 -Timeout 00:00:05 -ErrorAction Stop } }
        # /proc exists and takes no new file, even from root: the write itself fails.
        @{ Name = 'ReportWriteFailed'; Call = { Get-ReplicationStatus $sandbox.Source $sandbox.Target | Export-MigrationReport -Path '/proc/dfmig-report.html' -ErrorAction Stop } }
    ) {
        $record = $null
        try { & $Call } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike "$Name,*"
        $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }
}

Describe 'Stop-DragonflyReplication' {
    It 'refuses the live primary, with -WhatIf or without, and changes nothing on it' {
        & redis-cli -p ($sandbox.Source -split ':')[-1] CONFIG SET replica-priority 42 | Out-Null
        $null = Start-DragonflyReplication $sandbox.Source $sandbox.Target -Confirm:$false
        $deadline = (Get-Date).AddSeconds(20)
        while (-not ((& redis-cli -p ($sandbox.Source -split ':')[-1] INFO replication) -match '^connected_slaves:1')) {
            if ((Get-Date) -gt $deadline) { throw 'The target never connected to the source.' }
            Start-Sleep -Milliseconds 100
        }
        { Stop-DragonflyReplication -Target $sandbox.Source -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'NodeIsPrimary,*'
        { Stop-DragonflyReplication -Target $sandbox.Source -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NodeIsPrimary,*'
        Get-Priority $sandbox.Source | Should -Be '42'
        (& redis-cli -p ($sandbox.Source -split ':')[-1] INFO replication) -match '^role:' | Should -Be 'role:master'
    }

    It 'stops the target and, with -PassThru, writes it' {
        $node = Stop-DragonflyReplication -Target $sandbox.Target -Confirm:$false -PassThru
        $node | Should -BeOfType ([DragonflyMigration.RedisNode])
        $node.Endpoint | Should -Be $sandbox.Target
        (& redis-cli -p ($sandbox.Target -split ':')[-1] INFO replication) -match '^role:' | Should -Be 'role:master'
    }
}

Describe 'Pairs piped by property name' {
    It 'binds -Source and -Target of <Command> from an object''s properties, as Import-Csv gives them' -ForEach @(
        @{ Command = 'Get-ReplicationStatus' }
    ) {
        $status = [pscustomobject]@{ Source = $sandbox.Source; Target = $sandbox.Target } | & $Command
        $status.Source.Endpoint | Should -Be $sandbox.Source
        $status.Target.Endpoint | Should -Be $sandbox.Target
    }

    It 'declares it on the wait and the cutover too' {
        foreach ($command in 'Wait-ReplicationSteady', 'Invoke-SentinelFailover', 'Get-ReplicationStatus') {
            foreach ($name in 'Source', 'Target') {
                (Get-Command $command).Parameters[$name].ParameterSets['Nodes'].ValueFromPipelineByPropertyName | Should -BeTrue -Because "$command -$name"
            }
        }
    }
}

Describe 'Stop-MigrationSandbox -PassThru' {
    It 'writes the stopped sandbox' {
        $extra = Start-MigrationSandbox -SentinelCount 1 -NoTarget
        $stopped = $extra | Stop-MigrationSandbox -Confirm:$false -PassThru
        $stopped.Directory | Should -Be $extra.Directory
        $stopped.IsRunning | Should -BeFalse
    }
}

Describe 'The examples the help names' {
    It 'ship in the module folder: <_>' -ForEach @(
        Get-Content (Join-Path (Split-Path $env:DFMIG_MODULE_MANIFEST) 'en-US/about_DragonflyMigration.help.txt') -Raw |
            Select-String -Pattern 'Examples/[\w.-]+\.ps1' -AllMatches | ForEach-Object { $_.Matches.Value } | Select-Object -Unique
    ) {
        Join-Path (Split-Path $env:DFMIG_MODULE_MANIFEST) $_ | Should -Exist
    }
}

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force

    # Every output type from real servers, in the order a runbook produces them. A second replica
    # gives Sentinel something to predict before the cutover, so WouldPromote holds a value.
    $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -ReplicaCount 1 -RedisTarget -SampleKeyCount 200 -FastSentinelTimers -DownAfterMilliseconds 10000 -WriteRate 50
    $script:src = Connect-RedisNode $sandbox.Source
    $script:tgt = Connect-RedisNode $sandbox.Target
    $script:sen = Connect-RedisNode $sandbox.Sentinels -Sentinel
    $script:readiness = Test-MigrationReadiness -Source $src -Target $tgt -Sentinel $sen -MasterName $sandbox.MasterName
    $script:sentinelView = Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName
    $steady = Start-DragonflyReplication -Source $src -Target $tgt -Confirm:$false | Wait-ReplicationSteady -StableFor 00:00:01
    $script:status = Get-ReplicationStatus -Source $src -Target $tgt
    $script:failover = $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName $sandbox.MasterName -ExcludeOtherReplicas -Confirm:$false
    $script:writeReport = Measure-SandboxWrite -Sandbox $sandbox -Primary $tgt
    $script:retired = Complete-DragonflyMigration -Sentinel $sen -MasterName $sandbox.MasterName -Node $sandbox.Source -Confirm:$false

    # The old source now replicates the target; writing on it directly makes the differences.
    $sourcePort = ($sandbox.Source -split ':')[-1]
    & redis-cli -p $sourcePort CONFIG SET replica-read-only no | Out-Null
    & redis-cli -p $sourcePort SET sample:string:15 changed-on-the-old-source | Out-Null
    & redis-cli -p $sourcePort SET sample:string:16 also-changed | Out-Null
    & redis-cli -p $sourcePort SET views:only:on:source x | Out-Null
    $script:comparison = Compare-RedisKeyspace -Source $src -Target $tgt -Full

    function script:Get-Rendering($InputObject, [switch] $Table) {
        $formatted = if ($Table) { $InputObject | Format-Table } else { $InputObject }
        ($formatted | Out-String -Width 80) -split '\r?\n'
    }

    # A line at most 80 characters, every decisive header, and every decisive value whole (not cut with '…').
    function script:Assert-Rendering([string[]] $Lines, [string[]] $Header, [string[]] $Value) {
        foreach ($line in $Lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit 80 columns" }
        $text = $Lines -join "`n"
        foreach ($h in $Header) { $text | Should -Match "(^|\s)$([regex]::Escape($h))(\s|$)" -Because "the column $h must be shown" }
        foreach ($v in $Value) { $text | Should -Match "(^|\s)$([regex]::Escape($v))(\s|$)" -Because "the value $v must be shown whole" }
    }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Views at 80 columns (<Mode>)' -ForEach @(@{ Mode = 'default'; Table = $false }, @{ Mode = 'Format-Table'; Table = $true }) {
    It 'shows a node''s role and flavor' {
        $lines = Get-Rendering @($src, $tgt, $sen) -Table:$Table
        Assert-Rendering $lines -Header Endpoint, Role, Flavor -Value Primary, Sentinel, Redis, $sandbox.Source
        @($lines | Where-Object { $_ -match '^-{8}\s' }).Count | Should -Be 1 -Because 'the three nodes share one table'
    }

    It 'shows a replication''s state and lag' {
        Assert-Rendering (Get-Rendering $status -Table:$Table) -Header State, LagBytes, LagSec -Value $status.State, "$($status.LagBytes)"
    }

    It 'shows a Sentinel''s primary, agreement and predicted promotion' {
        $sentinelView[0].PredictedPromotion | Should -Not -BeNullOrEmpty
        Assert-Rendering (Get-Rendering $sentinelView -Table:$Table) -Header Primary, WouldPromote, Agree, Quorum `
            -Value $sentinelView[0].Primary, $sentinelView[0].PredictedPromotion, "$($sentinelView[0].AllSentinelsAgree)"
    }

    It 'shows every readiness check''s status and name' {
        $lines = Get-Rendering $readiness -Table:$Table
        Assert-Rendering $lines -Header Status, Name, Message -Value ($readiness | ForEach-Object Name)
    }

    It 'shows the cutover''s old and new primary' {
        Assert-Rendering (Get-Rendering $failover -Table:$Table) -Header MasterName, OldPrimary, NewPrimary -Value $failover.OldPrimary, $failover.NewPrimary
    }

    It 'shows the sandbox, its writes and the retired node' {
        Assert-Rendering (Get-Rendering $sandbox -Table:$Table) -Header MasterName, Source, Target -Value $sandbox.Source, $sandbox.Target
        Assert-Rendering (Get-Rendering $writeReport -Table:$Table) -Header Acknowledged, Lost -Value "$($writeReport.Acknowledged)"
        Assert-Rendering (Get-Rendering $retired -Table:$Table) -Header Endpoint, PriorityLowered, ShutDown -Value $retired[0].Endpoint
    }

    It 'shows a Sentinel''s replicas with the reason one is excluded, whole' {
        $replicas = $sentinelView[0].Replicas
        $replicas | Should -Not -BeNullOrEmpty
        $lines = Get-Rendering $replicas -Table:$Table
        Assert-Rendering $lines -Header Endpoint, Priority, IsEligible, ExcludedBecause -Value $replicas[0].Endpoint
        foreach ($reason in $replicas.ExcludedBecause | Where-Object { $_ }) {
            ($lines -join ' ') -replace '\s+', ' ' | Should -Match ([regex]::Escape(($reason -replace '\s+', ' '))) -Because 'a wrapped reason is still whole'
        }
    }

    It 'shows the comparison summary, then one table of differences with each key and kind' {
        $differences = @($comparison | Where-Object { $_ -is [DragonflyMigration.KeyspaceDifference] })
        $differences.Count | Should -BeGreaterOrEqual 3
        $lines = Get-Rendering $comparison -Table:$Table
        Assert-Rendering $lines -Header Key, Kind -Value ($differences.Key + $differences.Kind)
        @($lines | Where-Object { $_ -match '^\s*Key\s*:' }).Count | Should -Be 0 -Because 'differences are rows, not a list each'
        @($lines | Where-Object { $_ -match '^\s*Db\s+Key\s+Kind\b' }).Count | Should -Be 1 -Because 'all differences share one table header'
        ($lines -join "`n").IndexOf('DifferenceCount') | Should -BeLessThan ($lines -join "`n").IndexOf('sample:string:15') -Because 'the summary comes first'
    }
}

Describe 'View labels' {
    It 'are each a property of the object shown, so what a user reads they can select: <Name>' -ForEach @(
        ([xml](Get-Content (Join-Path (Split-Path $env:DFMIG_MODULE_MANIFEST) 'DragonflyMigration.Format.ps1xml') -Raw)).Configuration.ViewDefinitions.View |
            ForEach-Object { @{ Name = $_.Name; TypeName = $_.ViewSelectedBy.TypeName; Labels = @($_.SelectNodes('.//Label').'#text') } }
    ) {
        Import-Module $env:DFMIG_MODULE_MANIFEST
        $type = [DragonflyMigration.RedisNode].Assembly.GetType($TypeName, $true)
        $members = @($type.GetProperties().Name) + @((Get-TypeData $TypeName).Members.Keys)
        $Labels | Where-Object { $_ -notin $members } | Should -BeNullOrEmpty
    }

    It 'name properties that hold the values shown' {
        $failover.WritePauseMs | Should -Be $failover.WritePauseMilliseconds
        ($status | Select-Object -ExpandProperty LagSec) | Should -Be $status.LagSeconds
        $sentinelView[0].WouldPromote | Should -Be $sentinelView[0].PredictedPromotion
        $src.RttMs | Should -Be $src.RoundTripMilliseconds
    }
}

Describe 'Words on a Redis target' {
    It 'never say a followed replica is stale or never follows' {
        $failover.ExcludedReplicas | Should -Not -BeNullOrEmpty
        "$($failover.SentinelFailoverNote)" | Should -Not -Match 'never'
        $path = Join-Path $TestDrive 'redis-target.html'
        $null = $status, $failover | Export-MigrationReport -Path $path
        $text = Get-Content ([IO.Path]::ChangeExtension($path, '.md')) -Raw
        $text | Should -Match 'follows the new primary'
        $text | Should -Not -Match 'stale'
        $text | Should -Match 'Redis \d+\.\d+\.\d+ → Redis \d+\.\d+\.\d+'
    }
}

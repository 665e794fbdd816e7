# The tool dies (kill -9) in each phase of Invoke-SentinelFailover, as a crashed Azure Automation job
# does. Two clients write throughout: the sandbox's StackExchange.Redis writer (follows Sentinel's
# pub/sub) and redis-py (asks Sentinel again only after an error). Nothing acknowledged may be lost,
# and running the same command again converges and says what it put back or finished.

BeforeDiscovery {
    # The test cases name milestones with Format-Milestone.
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Start-Rehearsal {
        $sandbox = Start-MigrationSandbox -SentinelCount 3 -Quorum 2 -SampleKeyCount 500 -RedisTarget -FastSentinelTimers -DownAfterMilliseconds 10000 -WriteRate 200
        # Node objects: a status from strings holds connections closed when its command ended.
        $nodes = Connect-RedisNode $sandbox.Source, $sandbox.Target
        $steady = Start-DragonflyReplication -Source $nodes[0] -Target $nodes[1] | Wait-ReplicationSteady -StableFor 00:00:02
        $writer = Start-RedisPyWriter -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Directory $sandbox.Directory
        [pscustomobject]@{ Sandbox = $sandbox; Nodes = $nodes; Steady = $steady; Writer = $writer }
    }

    # Runs Invoke-SentinelFailover in a child process and kill -9s it as soon as it reports the milestone $At.
    function Invoke-KilledFailover {
        param($Rehearsal, [string] $At)
        $log = Join-Path $Rehearsal.Sandbox.Directory "killed-failover-$([guid]::NewGuid().ToString('N')).log"
        $child = Start-FailoverProcess -Sandbox $Rehearsal.Sandbox -Log $log
        $seen = Wait-LogLine -Process $child -Log $log -Text $At
        & kill -9 $child.Id 2>$null
        $child.WaitForExit()
        if (-not $seen) { throw "The child exited before '$At':`n$(Get-Content $log -Raw)" }
        Get-Content $log -Raw
    }

    function Get-Config([string] $Endpoint, [string] $Name) { (& redis-cli -p ($Endpoint -split ':')[-1] CONFIG GET $Name)[1] }

    function Assert-NothingLost {
        param($Rehearsal, [string] $Primary)
        Start-Sleep -Seconds 1
        $se = $Rehearsal.Sandbox | Measure-SandboxWrite -Primary $Primary
        $py = Stop-RedisPyWriter $Rehearsal.Writer -Primary $Primary
        $se.Acknowledged | Should -BeGreaterThan 0
        $py.Acknowledged | Should -BeGreaterThan 0
        $se.Lost | Should -Be 0
        $py.Lost | Should -Be 0
    }

    function Wait-SentinelsName([string[]] $Sentinels, [string] $MasterName, [string] $Primary) {
        $deadline = [DateTime]::UtcNow.AddSeconds(40)
        while ([DateTime]::UtcNow -lt $deadline) {
            $names = $Sentinels | ForEach-Object { (& redis-cli -p ($_ -split ':')[-1] SENTINEL get-master-addr-by-name $MasterName) -join ':' }
            if (@($names | Where-Object { $_ -ne $Primary }).Count -eq 0) { return }
            Start-Sleep -Milliseconds 200
        }
        throw "The Sentinels did not all name $Primary."
    }
}

Describe 'Invoke-SentinelFailover killed with -9' {
    AfterEach {
        if ($rehearsal) {
            Stop-RedisPyWriter $rehearsal.Writer -ErrorAction SilentlyContinue | Out-Null
            $rehearsal.Nodes | Disconnect-RedisNode
            $rehearsal.Sandbox | Stop-MigrationSandbox -Confirm:$false
        }
    }

    It 'in the <Phase> phase: the next run puts back or finishes what the dead one did, losing nothing' -TestCases @(
        @{ Phase = 'Arm'; At = (Format-Milestone TargetArmed) }
        # The catch-up takes a few milliseconds, so the kill may land after SENTINEL FAILOVER: then, as after a
        # kill in the Fence or Confirm, the next run first waits for Sentinel's failover to end
        # (FailoverInProgress), as an operator would, and finishes the cutover.
        @{ Phase = 'Freeze'; At = (Format-Milestone WritesPaused) }
        @{ Phase = 'Fence'; At = (Format-Milestone PhaseStarted Fence) }
        @{ Phase = 'Confirm'; At = (Format-Milestone PhaseStarted Confirm) }
    ) {
        $script:rehearsal = Start-Rehearsal
        $sandbox = $rehearsal.Sandbox
        $log = Invoke-KilledFailover $rehearsal -At $At
        if ($Phase -eq 'Arm') { $log | Should -Not -Match (Format-Milestone PhaseStarted Freeze) }

        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            try {
                $result = $rehearsal.Steady | Invoke-SentinelFailover -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
                break
            }
            catch {
                if ($_.FullyQualifiedErrorId -notlike 'FailoverInProgress,*' -or [DateTime]::UtcNow -gt $deadline) { throw }
                Start-Sleep -Seconds 1
            }
        }
        $result.NewPrimary | Should -Be $sandbox.Target
        $result.Recovered | Should -Not -BeNullOrEmpty
        ($warned -join "`n") | Should -Match 'interrupted'
        if (-not $result.AlreadyCompleted) { $result.Recovered | Should -Contain 'restored: min-replicas-to-write 0, min-replicas-max-lag 10 on the source' }
        Get-Config $sandbox.Source 'min-replicas-to-write' | Should -Be '0'
        & redis-cli -p ($sandbox.Target -split ':')[-1] EXISTS "dragonfly-migration:cutover-journal:$($sandbox.MasterName)" | Should -Be '0'
        Assert-NothingLost $rehearsal -Primary $sandbox.Target
    }

    It 'right after SENTINEL FAILOVER: the armed fence refuses writes on the old primary, and the next run finishes the fence' {
        $script:rehearsal = Start-Rehearsal
        $sandbox = $rehearsal.Sandbox
        $log = Invoke-KilledFailover $rehearsal -At (Format-Milestone FailoverRequested)
        # The hard moment: the tool is gone before it saw the promotion or fenced anything.
        $log | Should -Not -Match (Format-Milestone WritesResumed)
        Get-Config $sandbox.Source 'min-replicas-to-write' | Should -Be '1'

        Wait-SentinelsName $sandbox.Sentinels $sandbox.MasterName $sandbox.Target
        # Until Sentinel demotes it, the old primary must not acknowledge a write (the pause holds it, then NOREPLICAS; then READONLY).
        $probe = & redis-cli -p ($sandbox.Source -split ':')[-1] SET "fence-probe" 1 2>&1 | Out-String
        $probe | Should -Not -Match '^OK'

        $result = $rehearsal.Steady | Invoke-SentinelFailover -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Confirm:$false -WarningAction SilentlyContinue
        $result.AlreadyCompleted | Should -BeTrue
        ($result.Recovered -join "`n") | Should -Match 'fenced: the old primary'
        Get-Config $sandbox.Source 'min-replicas-to-write' | Should -Be '0'
        Get-Config $sandbox.Source 'replica-priority' | Should -Be '0'
        & redis-cli -p ($sandbox.Target -split ':')[-1] EXISTS "dragonfly-migration:cutover-journal:$($sandbox.MasterName)" | Should -Be '0'
        Assert-NothingLost $rehearsal -Primary $sandbox.Target

        $again = $rehearsal.Steady | Invoke-SentinelFailover -Sentinel $sandbox.Sentinels -MasterName $sandbox.MasterName -Confirm:$false
        $again.AlreadyCompleted | Should -BeTrue
        $again.Recovered | Should -BeNullOrEmpty
    }
}

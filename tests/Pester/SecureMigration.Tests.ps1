# The whole runbook (readiness, replication, cutover, comparison, completion) on secured deployments:
# TLS only with client certificates required, and least privilege with the ACL lines the README shows.
# Each runs against real servers and Sentinels with a Sentinel-aware client writing throughout.
BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function New-TestDirectory([string] $Name) { Join-Path ([IO.Path]::GetTempPath()) "dfmig-$Name-$([guid]::NewGuid().ToString('N').Substring(0, 8))" }

    # Runs the runbook's pipeline and returns the cutover's result; every stream, verbose included, is kept in $script:streams.
    function Invoke-Runbook($Source, $Target, $Sentinels, [string] $MasterName) {
        $out = & {
            Start-DragonflyReplication -Source $Source -Target $Target -Verbose |
                Wait-ReplicationSteady -StableFor 00:00:02 -Verbose |
                Invoke-SentinelFailover -Sentinel $Sentinels -MasterName $MasterName -ExcludeOtherReplicas -Confirm:$false -Verbose
        } *>&1
        $script:streams += ($out | Format-List * | Out-String)
        $out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { throw $_ }
        $out | Where-Object { $_ -is [DragonflyMigration.FailoverResult] }
    }

    # The writer acknowledges new writes once it has followed Sentinel to the new primary. StackExchange.Redis
    # 2.x's synchronous API recovers slowly from the fence's CLIENT KILL (about one acknowledged write a
    # second for a while, as its reconnects time out), so a few new writes are the proof, not a rate.
    function Wait-WriterFollows($Writer) {
        $before = @(Get-TestWriterAcknowledged $Writer).Count
        $clock = [Diagnostics.Stopwatch]::StartNew()
        while (@(Get-TestWriterAcknowledged $Writer).Count -lt $before + 3) {
            if ($clock.Elapsed.TotalSeconds -gt 30) { throw "The writer acknowledged nothing for 30 s after the cutover: $(Get-Content (Join-Path $Writer.Directory 'stderr.txt') -Raw)" }
            Start-Sleep -Milliseconds 100
        }
        Write-Host "The writer followed the new primary $([int]$clock.Elapsed.TotalMilliseconds) ms after the cutover returned."
    }

    # The old primary replicates the new one after the fence; compare once it has caught up.
    function Wait-LinkUp($Topology, [string] $Endpoint) {
        $deadline = (Get-Date).AddSeconds(30)
        while (-not ((Invoke-TopologyCli $Topology $Endpoint -User $Topology.AdminUser -Password $Topology.AdminPassword INFO replication) -match 'master_link_status:up')) {
            if ((Get-Date) -gt $deadline) { throw "$Endpoint did not link to the new primary." }
            Start-Sleep -Milliseconds 250
        }
        Start-Sleep -Seconds 1
    }

    $script:readme = Get-Content (Join-Path $PSScriptRoot '../../README.md')
}

Describe 'The runbook on TLS only, with client certificates required' {
    BeforeAll {
        $script:streams = ''
        $script:dir = New-TestDirectory 'tls'
        $script:certs = New-TestCertificates (Join-Path $dir 'certs')
        $script:topo = Start-TestTopology -Directory $dir -Certificates $certs -ReplicaCount 1 -SentinelCount 3 -Quorum 2
        $script:writer = Start-TestWriter $topo
        $tls = @{ UseTls = $true; CaCertificatePath = $certs.Ca; ClientCertificatePath = $certs.Client; ClientKeyPath = $certs.ClientKey }
        $script:src = Connect-RedisNode $topo.Source @tls
        $script:df = Connect-RedisNode $topo.Target @tls
        $script:sen = Connect-RedisNode $topo.Sentinels -Sentinel @tls
    }

    AfterAll {
        if ($writer -and -not $writer.Process.HasExited) { Stop-TestWriter $writer | Out-Null }
        foreach ($node in @($src, $df) + @($sen)) { if ($node) { $node | Disconnect-RedisNode } }
        if ($topo) { Stop-TestTopology $topo }
        if ($dir) { Remove-Item $dir -Recurse -Force -ErrorAction Ignore }
    }

    It 'serves every data node and Sentinel on TLS only, refusing clients without a certificate' {
        foreach ($endpoint in @($topo.Source, $topo.Target) + $topo.Replicas) {
            (Invoke-TopologyCli $topo $endpoint CONFIG GET port)[1] | Should -Be '0'
            (Invoke-TopologyCli $topo $endpoint CONFIG GET tls-replication)[1] | Should -Be 'yes'
        }
        Get-Content (Join-Path $dir 'sentinel1/sentinel.conf') | Should -Contain 'port 0'
        (Invoke-TopologyCli $topo $topo.Source CONFIG GET tls-auth-clients)[1] | Should -Be 'yes'
        { Connect-RedisNode $topo.Source -UseTls -CaCertificatePath $certs.Ca -ConnectTimeout 00:00:03 -ErrorAction Stop } | Should -Throw
        { Connect-RedisNode $topo.Source -ConnectTimeout 00:00:03 -ErrorAction Stop } | Should -Throw -ErrorId 'TlsRequired,*'
    }

    It 'passes readiness: no check fails, TLS on both sides, the tool may run every command' {
        $checks = Test-MigrationReadiness -Source $src -Target $df -Sentinel $sen -MasterName $topo.MasterName
        $checks | Where-Object Status -EQ 'Fail' | ForEach-Object { "$($_.Name): $($_.Message)" } | Should -BeNullOrEmpty
        ($checks | Where-Object Name -EQ 'TlsParity').Message | Should -Match 'both reached over TLS'
        ($checks | Where-Object Name -EQ 'ToolAccess').Status | Should -Be 'Pass'
    }

    It 'replicates over TLS, cuts over through the TLS Sentinels and loses no acknowledged write' {
        $result = Invoke-Runbook $src $df $sen $topo.MasterName
        $result.NewPrimary | Should -Be $topo.Target
        $result.ConfirmingSentinels.Count | Should -Be 3
        Wait-WriterFollows $writer
        $script:writes = Stop-TestWriter $writer
        Get-MissingAcknowledged $topo $topo.Target $writes.Acknowledged | Should -BeNullOrEmpty
        (Invoke-TopologyCli $topo $topo.Source INFO replication) -match '^role:' | Should -Be 'role:slave'
    }

    It 'finds no difference between the old primary and the new one' {
        Wait-LinkUp $topo $topo.Source
        $comparison = Compare-RedisKeyspace -Source $src -Target $df -Full
        $comparison | Where-Object Kind | ForEach-Object { "$($_.Kind) $($_.Key)" } | Should -BeNullOrEmpty
        ($comparison | Where-Object { -not $_.Kind } | Select-Object -First 1).KeysCompared | Should -BeGreaterThan 2500
    }

    It 'retires the old nodes over TLS, connected like the new primary' {
        $retired = Complete-DragonflyMigration -Sentinel $sen -MasterName $topo.MasterName -Target $df -Node (@($topo.Source) + $topo.Replicas) -Shutdown -Confirm:$false
        $retired.Endpoint | Should -Be (@($topo.Source) + $topo.Replicas)
        $retired.ShutDown | Should -Be @($true, $true)
        Get-SentinelMaster -Sentinel $sen -MasterName $topo.MasterName | ForEach-Object {
            $_.Primary | Should -Be $topo.Target
            $_.Replicas.Endpoint | Should -Not -Contain $topo.Source
        }
    }
}

Describe 'The runbook as the least-privileged migrator user of the README' {
    BeforeAll {
        $script:streams = ''
        # The README is the one place the ACL lines live; the engine's list is held to it by an xunit test.
        $script:migratorRules = ($readme | Where-Object { $_ -like 'ACL SETUSER migrator resetkeys *' }) -replace '^ACL SETUSER migrator ', ''
        $script:sentinelRules = ($readme | Where-Object { $_ -like 'ACL SETUSER sentinel-user on >choose-a-password *' }) -replace '^ACL SETUSER sentinel-user on >choose-a-password ', ''
        $migratorRules | Should -Not -BeNullOrEmpty
        $sentinelRules | Should -Not -BeNullOrEmpty
        $script:secret = @{ admin = 'adm-Pw-71c2'; migrator = 'mig-Pw-9e4d'; sentinel = 'sen-Pw-3b8a'; replica = 'rep-Pw-5f61'; app = 'app-Pw-0d27' }
        $script:dir = New-TestDirectory 'acl'
        $dataNodeConfig = @(
            'user default off'
            "user admin on >$($secret.admin) ~* &* +@all"
            "user migrator on >$($secret.migrator) $migratorRules"
            "user sentinel-user on >$($secret.sentinel) $sentinelRules"
            "user replica-user on >$($secret.replica) -@all +psync +replconf +ping"
            "user app on >$($secret.app) ~* &* +@all"
            'masteruser replica-user'
            "masterauth $($secret.replica)"
        )
        $sentinelConfig = @(
            'sentinel auth-user mymaster sentinel-user'
            "sentinel auth-pass mymaster $($secret.sentinel)"
            # The writer's client library authenticates to the Sentinels with the application's credentials too.
            "user app on >$($secret.app) ~* &* +@all"
        )
        $script:topo = Start-TestTopology -Directory $dir -ReplicaCount 1 -SentinelCount 3 -Quorum 2 -DataNodeConfig $dataNodeConfig -SentinelConfig $sentinelConfig -Admin 'admin', $secret.admin
        $script:writer = Start-TestWriter $topo -User app -Password $secret.app
        $script:cred = [pscredential]::new('migrator', (ConvertTo-SecureString $secret.migrator -AsPlainText -Force))
        $script:src = Connect-RedisNode $topo.Source -Credential $cred
        $script:df = Connect-RedisNode $topo.Target -Credential $cred
        $script:sen = Connect-RedisNode $topo.Sentinels -Sentinel
        $script:streams += (@($src, $df) | Format-List * | Out-String)
        function Admin([string] $Endpoint) { Invoke-TopologyCli $topo $Endpoint -User admin -Password $secret.admin @args }
    }

    AfterAll {
        if ($writer -and -not $writer.Process.HasExited) { Stop-TestWriter $writer | Out-Null }
        foreach ($node in @($src, $df) + @($sen)) { if ($node) { $node | Disconnect-RedisNode } }
        if ($topo) { Stop-TestTopology $topo }
        if ($dir) { Remove-Item $dir -Recurse -Force -ErrorAction Ignore }
    }

    It 'fails readiness for a user lacking one command, naming it, and changes nothing' {
        foreach ($endpoint in $topo.Source, $topo.Target) {
            $setUser = @('ACL', 'SETUSER', 'lacking', 'on', '>lacking-Pw-1') + ($migratorRules -split ' ') + '-client|pause'
            Admin $endpoint @setUser | Should -Be 'OK'
        }
        try {
            $lackingCred = [pscredential]::new('lacking', (ConvertTo-SecureString 'lacking-Pw-1' -AsPlainText -Force))
            $ls = Connect-RedisNode $topo.Source -Credential $lackingCred
            $lt = Connect-RedisNode $topo.Target -Credential $lackingCred
            $check = Test-MigrationReadiness $ls $lt -Name ToolAccess
            $check.Status | Should -Be 'Fail'
            $check.Message | Should -Match "on the source user 'lacking' may not run CLIENT PAUSE 1000 WRITE; on the target user 'lacking' may not run CLIENT PAUSE 1000 WRITE"
            $check.Data.RefusedOnSource | Should -Be 'CLIENT PAUSE 1000 WRITE'
            $check.Remediation | Should -Match ([regex]::Escape('+client|pause'))
            (Admin $topo.Target INFO replication) -match '^role:' | Should -Be 'role:master'
        }
        finally {
            foreach ($node in $ls, $lt) { if ($node) { $node | Disconnect-RedisNode } }
            foreach ($endpoint in $topo.Source, $topo.Target) { Admin $endpoint ACL DELUSER lacking | Out-Null }
        }
    }

    It 'passes readiness as migrator: no check fails, the tool and Sentinel may run their commands on both sides' {
        $checks = Test-MigrationReadiness -Source $src -Target $df -Sentinel $sen -MasterName $topo.MasterName -Verbose 4>&1
        $script:streams += ($checks | Format-List * | Out-String)
        $checks = $checks | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $checks | Where-Object Status -EQ 'Fail' | ForEach-Object { "$($_.Name): $($_.Message)" } | Should -BeNullOrEmpty
        ($checks | Where-Object Name -EQ 'ToolAccess').Message | Should -Match "'migrator' on the source"
        ($checks | Where-Object Name -EQ 'SentinelAccess').Status | Should -Be 'Pass'
        ($checks | Where-Object Name -EQ 'AclUsers').Status | Should -Be 'Pass'
    }

    It 'replicates, cuts over and loses no acknowledged write, with no refusal in any ACL LOG' {
        foreach ($endpoint in @($topo.Source, $topo.Target) + $topo.Replicas) { Admin $endpoint ACL LOG RESET | Out-Null }
        $result = Invoke-Runbook $src $df $sen $topo.MasterName
        $result.NewPrimary | Should -Be $topo.Target
        Wait-WriterFollows $writer
        $script:writes = Stop-TestWriter $writer
        Get-MissingAcknowledged $topo $topo.Target $writes.Acknowledged | Should -BeNullOrEmpty
    }

    It 'compares as migrator and retires the old nodes, and no node refused migrator anything the runbook needed' {
        Wait-LinkUp $topo $topo.Source
        $comparison = Compare-RedisKeyspace -Source $src -Target $df -Full -Verbose 4>&1
        $script:streams += ($comparison | Format-List * | Out-String)
        $comparison | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_.Kind } | ForEach-Object { "$($_.Kind) $($_.Key)" } | Should -BeNullOrEmpty
        $retired = Complete-DragonflyMigration -Sentinel $sen -MasterName $topo.MasterName -Target $df -Node $topo.Source -Confirm:$false -Verbose *>&1
        $script:streams += ($retired | Format-List * | Out-String)
        ($retired | Where-Object { $_ -is [DragonflyMigration.RetiredNode] }).PriorityLowered | Should -BeTrue
        # The client library's own handshake probes (CLUSTER SLOTS/NODES) are the only refusals allowed.
        foreach ($endpoint in @($topo.Source, $topo.Target) + $topo.Replicas) {
            $log = @(Admin $endpoint ACL LOG 100)
            $refused = for ($i = 0; $i -lt $log.Count - 1; $i++) {
                if ($log[$i] -eq 'object' -and $log[$i + 1] -notmatch '^cluster\|(slots|nodes)$') { $log[$i + 1] }
            }
            $refused | Should -BeNullOrEmpty -Because "$endpoint refused nothing else (ACL LOG: $($log -join ' '))"
        }
    }

    It 'shows no password in any output, verbose message or result' {
        $streams | Should -Not -BeNullOrEmpty
        foreach ($value in $secret.Values) { $streams | Should -Not -Match ([regex]::Escape($value)) }
    }
}

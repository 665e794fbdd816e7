# Invoke-MigrationPlan against three real sandbox groups: one planted to fail readiness (its target holds a
# key), one planted to fail its cutover (its Sentinel's down-after-milliseconds lowered after replication got
# steady), and one that goes to the end; on the two that replicate, the sandbox's own writer (StackExchange.Redis)
# and a redis-py writer, both through Sentinel, lose nothing; then the report of the run, from serialized results.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandboxes = [ordered]@{}
    foreach ($name in 'fleet-a', 'fleet-b', 'fleet-c') {
        $writing = if ($name -ne 'fleet-a') { @{ WriteRate = 50 } } else { @{} }
        $sandboxes[$name] = Start-MigrationSandbox -MasterName $name -SentinelCount 1 -SampleKeyCount 200 -RedisTarget -FastSentinelTimers @writing
    }
    $a = $sandboxes['fleet-a']
    $null = & redis-cli -p ($a.Target -split ':')[-1] SET planted-key 1
    $script:planPath = Join-Path $TestDrive 'fleet.psd1'
    $groups = ($sandboxes.GetEnumerator() | ForEach-Object {
            "        @{ MasterName = '$($_.Key)'; Source = '$($_.Value.Source)'; Target = '$($_.Value.Target)'; Sentinels = '$($_.Value.Sentinels[0])' }"
        }) -join "`n"
    Set-Content $planPath @"
@{
    Defaults = @{ StableFor = '00:00:01'; SteadyTimeout = '00:02:00'; MaxWritePause = '00:00:02' }
    Groups = @(
$groups
    )
}
"@
    $script:plan = Import-MigrationPlan $planPath
    function script:Stage([string] $Name) {
        $s = $sandboxes[$Name]
        (Get-MigrationStage -Source $s.Source -Target $s.Target -Sentinel $s.Sentinels -MasterName $Name).Stage
    }
}

AfterAll {
    foreach ($s in $sandboxes.Values) { $s | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Invoke-MigrationPlan' {
    It 'changes nothing with -WhatIf' {
        $out = $plan | Invoke-MigrationPlan CutOver -WhatIf
        $out | Should -BeNullOrEmpty
        foreach ($name in $sandboxes.Keys) { Stage $name | Should -Be 'NotStarted' }
    }

    It 'checks readiness of every group in parallel and changes nothing' {
        $results = $plan | Invoke-MigrationPlan Readiness -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.MasterName | Should -Be @('fleet-a', 'fleet-b', 'fleet-c')
        ($results | Where-Object MasterName -EQ 'fleet-a').Result | Should -Be 'Failed'
        ($results | Where-Object MasterName -EQ 'fleet-a').FailedChecks | Should -Match '^TargetIsEmpty:'
        ($results | Where-Object MasterName -NE 'fleet-a').Result | Should -Be @('Succeeded', 'Succeeded')
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotReady,*'
        $failures[0].TargetObject | Should -Be 'fleet-a'
        foreach ($name in $sandboxes.Keys) { Stage $name | Should -Be 'NotStarted' }
    }

    It 'takes the ready groups to steady replication; the group that is not ready is its own error' {
        $verbose = $plan | Invoke-MigrationPlan Steady -Confirm:$false -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1
        $results = @($verbose | Where-Object { $_ -is [DragonflyMigration.MigrationGroupResult] })
        $lines = @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($results | Where-Object MasterName -EQ 'fleet-a').ErrorId | Should -Be 'NotReady'
        ($results | Where-Object MasterName -NE 'fleet-a').StageAfter | Should -Be @('Steady', 'Steady')
        $lines | Where-Object { $_ -like '`[fleet-b`] *' } | Should -Not -BeNullOrEmpty
        $lines | Where-Object { $_ -like '`[fleet-c`] *' } | Should -Not -BeNullOrEmpty
        @($failures).Count | Should -Be 1
        Stage 'fleet-a' | Should -Be 'NotStarted'
        Stage 'fleet-b' | Should -BeIn 'Steady', 'Replicating'
    }

    It 'cuts over the groups that can, reports the cutover that refused, and loses no acknowledged write' {
        # Changed after replication got steady, so only the cutover's own preflight can see it.
        $b = $sandboxes['fleet-b']
        $null = & redis-cli -p ($b.Sentinels[0] -split ':')[-1] SENTINEL SET fleet-b down-after-milliseconds 1000
        $writers = @{}
        foreach ($name in 'fleet-b', 'fleet-c') {
            $writers[$name] = Start-RedisPyWriter -Sentinel $sandboxes[$name].Sentinels -MasterName $name -Directory $TestDrive
        }
        Start-Sleep -Seconds 2
        $results = $plan | Invoke-MigrationPlan CutOver -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        Start-Sleep -Seconds 2
        $byName = @{}
        foreach ($r in $results) { $byName[$r.MasterName] = $r }

        $byName['fleet-a'].ErrorId | Should -Be 'NotReady'
        $byName['fleet-b'].Result | Should -Be 'Failed'
        $byName['fleet-b'].ErrorId | Should -Be 'WritePauseTooLong'
        $byName['fleet-c'].Result | Should -Be 'Succeeded'
        $byName['fleet-c'].StageAfter | Should -Be 'CutOver'
        $byName['fleet-c'].WritePauseMs | Should -BeGreaterThan 0
        $byName['fleet-c'].Failover.NewPrimary | Should -Be $sandboxes['fleet-c'].Target
        ($failures | ForEach-Object TargetObject | Sort-Object) | Should -Be @('fleet-a', 'fleet-b')

        $script:cutoverResults = $results
        $lostB = Stop-RedisPyWriter $writers['fleet-b'] -Primary $sandboxes['fleet-b'].Source
        $lostC = Stop-RedisPyWriter $writers['fleet-c'] -Primary $sandboxes['fleet-c'].Target
        $script:writes = @(
            $sandboxes['fleet-b'] | Measure-SandboxWrite -Primary $sandboxes['fleet-b'].Source
            $sandboxes['fleet-c'] | Measure-SandboxWrite -Primary $sandboxes['fleet-c'].Target
        )
        foreach ($measured in @($lostB, $lostC) + $writes) {
            $measured.Acknowledged | Should -BeGreaterThan 50
            $measured.Lost | Should -Be 0
        }
        Stage 'fleet-b' | Should -BeIn 'Steady', 'Replicating'
    }

    It 'runs waves: a wave with a failed group stops the later ones' {
        $results = $plan | Invoke-MigrationPlan Steady -WaveSize 1 -Confirm:$false -ErrorAction SilentlyContinue
        $results.Wave | Should -Be @(1, 2, 3)
        $results.Result | Should -Be @('Failed', 'Skipped', 'Skipped')
        $results[1].ErrorId | Should -Be 'WaveStopped'
    }

    It 'takes a cut-over group to Completed, and a run again finds it done' {
        $c = $plan.Groups | Where-Object MasterName -EQ 'fleet-c'
        $first = $c | Invoke-MigrationPlan Completed -Confirm:$false
        $first.Result | Should -Be 'Succeeded'
        $first.StageAfter | Should -Be 'Completed'
        $again = $c | Invoke-MigrationPlan Completed -Confirm:$false
        $again.Result | Should -Be 'Succeeded'
        $again.StageBefore | Should -Be 'Completed'
        $again.WritePauseMs | Should -BeNullOrEmpty
    }

    It 'shows one progress bar per group under the plan''s' {
        # Progress records cannot be redirected in a script; a PowerShell instance keeps them in its streams.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest, $Groups)
                    Import-Module $Manifest
                    $Groups | Invoke-MigrationPlan Readiness -ErrorAction SilentlyContinue
                }).AddArgument($env:DFMIG_MODULE_MANIFEST).AddArgument($plan.Groups)
            $null = $shell.Invoke()
            $progress = @($shell.Streams.Progress)
        }
        finally { $shell.Dispose() }
        $planBar = @($progress | Where-Object ActivityId -EQ 1)
        $planBar | Should -Not -BeNullOrEmpty
        $planBar[0].Activity | Should -Be 'Migration plan: every group to Readiness'
        ($planBar | Where-Object RecordType -EQ 'Completed') | Should -Not -BeNullOrEmpty
        $groups = @($progress | Where-Object ActivityId -GT 1)
        ($groups | Group-Object ActivityId).Count | Should -Be 3
        $groups.ParentActivityId | Sort-Object -Unique | Should -Be 1
        ($groups.Activity | Sort-Object -Unique) | Should -Be @("'fleet-a'", "'fleet-b'", "'fleet-c'")
        @($groups | Where-Object RecordType -EQ 'Completed').Count | Should -Be 3
    }

    It 'returns results that survive serialization' {
        $path = Join-Path $TestDrive 'results.xml'
        $plan | Invoke-MigrationPlan Readiness -ErrorAction SilentlyContinue | Export-Clixml $path
        $back = Import-Clixml $path
        $back.MasterName | Should -Be @('fleet-a', 'fleet-b', 'fleet-c')
        ($back | Where-Object MasterName -EQ 'fleet-a').FailedChecks | Should -Match '^TargetIsEmpty:'
    }

    It 'reports the run from its serialized results: a summary row per group, the writers'' counts, each cutover' {
        $xml = Join-Path $TestDrive 'cutover.xml'
        $cutoverResults + $writes | Export-Clixml $xml
        $html = Join-Path $TestDrive 'fleet.html'
        $file = Import-Clixml $xml | Export-MigrationReport -Path $html -Title 'CHG-5150 fleet cutover' -WarningVariable ignored
        $ignored | Should -BeNullOrEmpty
        $file.Sections | Should -Contain 'Groups'
        $page = Get-Content $html -Raw
        $md = Get-Content $file.MarkdownPath -Raw
        foreach ($text in @($page, $md)) {
            $text | Should -Match '3 group\(s\): 1 succeeded, 2 failed, 0 skipped'
            $text | Should -Match 'Cutover of (&#39;|'')fleet-c'
            $text | Should -Not -Match 'Cutover of (&#39;|'')fleet-b'
            $text | Should -Match '\bFreeze\b.*\bdone\b'
            $text | Should -Match ([regex]::Escape("REPLICAOF $($sandboxes['fleet-c'].Target)")) -Because 'the old primary of fleet-c was fenced'
            $text | Should -Match 'WritePauseTooLong'
            $text | Should -Match 'NotReady'
            $text | Should -Match '0 lost write\(s\) of \d+ acknowledged on 2 group\(s\)'
            $text | Should -Match 'SENTINEL FAILOVER'
        }
        $page | Should -Match 'Write pause per group'
        $png = Join-Path $TestDrive 'fleet.png'
        $chromium = (Get-Command chromium -ErrorAction Stop).Source
        & timeout 120 $chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "--user-data-dir=$(Join-Path $TestDrive 'chromium-profile')" `
            "--screenshot=$png" '--window-size=1200,1600' "file://$html" 2>&1 | Out-Null
        (Get-Item $png).Length | Should -BeGreaterThan 20000
    }

    It 'fails a group whose credential cannot be had, naming the reference and asking no server' {
        $path = Join-Path $TestDrive 'credential.psd1'
        $c = $sandboxes['fleet-c']
        Set-Content $path "@{ Groups = @( @{ MasterName = 'fleet-c'; Source = '$($c.Source)'; Target = '$($c.Target)'; Sentinels = '$($c.Sentinels[0])'; Credential = @{ Parameter = 'redis' } } ) }"
        $result = Import-MigrationPlan $path | Invoke-MigrationPlan Readiness -ErrorVariable failures -ErrorAction SilentlyContinue
        $result.ErrorId | Should -Be 'CredentialUnavailable'
        $failures[0].Exception.Message | Should -Match 'Parameter:redis'
        $withCredential = Import-MigrationPlan $path | Invoke-MigrationPlan Readiness -Credential @{ redis = [pscredential]::new('default', (ConvertTo-SecureString 'unused' -AsPlainText -Force)) } -ErrorAction SilentlyContinue
        $withCredential.ErrorId | Should -Not -Be 'CredentialUnavailable'
    }
}

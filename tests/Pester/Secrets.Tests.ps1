# A password and a client key must never reach anything a user or a log collector sees: the six streams with
# -Verbose -Debug, a transcript, $Error, Get-Error, JSON of every output type, ToString(), and the files the module
# writes in the sandbox (the servers' own config files hold the password by necessity and are left out). Each run
# uses fresh random secrets, so a plain substring search is exact.

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:password = 'pw-' + [guid]::NewGuid().ToString('N')
    $script:wrongPassword = 'wrong-' + [guid]::NewGuid().ToString('N')
    $script:pfxPassword = 'pfx-' + [guid]::NewGuid().ToString('N')
    $secure = ConvertTo-SecureString $password -AsPlainText -Force
    $script:credential = [pscredential]::new('default', $secure)
    $script:wrongCredential = [pscredential]::new('default', (ConvertTo-SecureString $wrongPassword -AsPlainText -Force))

    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('dfmig-secrets-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null
    $script:transcript = Join-Path $work 'transcript.txt'

    # A TLS server that requires a client certificate; the client key also goes into a PFX with its own password.
    $script:mtls = Start-TlsRedisServer -Directory (Join-Path $work 'tls') -RequireClientCertificate
    $script:pfx = Join-Path $work 'tls/client.pfx'
    & openssl pkcs12 -export -in $mtls.ClientCertificate -inkey $mtls.ClientKey -out $pfx -passout "pass:$pfxPassword" 2>$null
    # The key's base64 body, line by line: any line of it showing up means the key leaked.
    $script:keyLines = Get-Content $mtls.ClientKey | Where-Object { $_ -notmatch '^-----' -and $_.Length -ge 40 }

    $script:secrets = @($password, $wrongPassword, $pfxPassword) + $keyLines

    function Find-Secret([string] $Text) {
        foreach ($secret in $secrets) { if ($Text.Contains($secret)) { return $secret.Substring(0, 6) + '...' } }
    }

    $script:outputs = [System.Collections.Generic.List[object]]::new()
    $script:streams = [System.Collections.Generic.List[object]]::new()

    # Every step runs with -Verbose -Debug; its six streams are kept, its outputs too.
    function Invoke-Step([scriptblock] $Step) {
        # A binding error ends the statement, and under Pester's try it would end the whole BeforeAll.
        # Shown on the host as well, so the transcript holds every record too.
        $records = try { & $Step *>&1 | Tee-Object -Variable shown | Out-Host; $shown } catch { @($shown) + $_ | Where-Object { $_ } ; $_ | Out-Host }
        foreach ($record in $records) {
            $streams.Add($record)
            if ($record -isnot [System.Management.Automation.ErrorRecord] -and $record -isnot [System.Management.Automation.VerboseRecord] -and
                $record -isnot [System.Management.Automation.DebugRecord] -and $record -isnot [System.Management.Automation.WarningRecord] -and
                $record -isnot [System.Management.Automation.InformationRecord]) { $outputs.Add($record) }
        }
    }

    $Error.Clear()
    $ErrorActionPreference = 'Continue'
    $VerbosePreference = 'Continue'
    $DebugPreference = 'Continue'
    Start-Transcript -Path $transcript -Force | Out-Null
    try {
        Invoke-Step { Start-MigrationSandbox -Password $secure -SentinelCount 1 -SampleKeyCount 50 -RedisTarget -FastSentinelTimers -WriteRate 20 -Verbose -Debug }
        $script:sandbox = $outputs | Where-Object { $_.GetType().Name -eq 'MigrationSandbox' } | Select-Object -First 1
        Invoke-Step { Connect-RedisNode $sandbox.Source, $sandbox.Target -Credential $credential -Verbose -Debug }
        $script:src, $script:tgt = $outputs | Where-Object { $_.GetType().Name -eq 'RedisNode' }
        Invoke-Step { Connect-RedisNode $sandbox.Sentinels -Sentinel -Verbose -Debug }
        $script:sen = $outputs | Where-Object { $_.GetType().Name -eq 'RedisNode' -and $_.Role -eq 'Sentinel' }
        Invoke-Step { Connect-RedisNode "localhost:$($mtls.Port)" -UseTls -CaCertificatePath $mtls.Certificate -ClientCertificatePath $mtls.ClientCertificate -ClientKeyPath $mtls.ClientKey -Verbose -Debug }
        Invoke-Step { Connect-RedisNode "localhost:$($mtls.Port)" -UseTls -CaCertificatePath $mtls.Certificate -ClientCertificatePath $pfx -ClientCertificatePassword (ConvertTo-SecureString $pfxPassword -AsPlainText -Force) -Verbose -Debug }

        Invoke-Step { Test-MigrationReadiness -Source $src -Target $tgt -Sentinel $sen -MasterName $sandbox.MasterName -Verbose -Debug }
        Invoke-Step { Get-SentinelMaster -Sentinel $sen -MasterName $sandbox.MasterName -Verbose -Debug }
        Invoke-Step { Start-DragonflyReplication -Source $src -Target $tgt -Confirm:$false -Verbose -Debug }
        Invoke-Step { Wait-ReplicationSteady -Source $src -Target $tgt -StableFor 00:00:01 -Timeout 00:01:00 -Verbose -Debug }
        Invoke-Step { Get-ReplicationStatus -Source $src -Target $tgt -Verbose -Debug }
        Invoke-Step { Invoke-SentinelFailover -Source $src -Target $tgt -Sentinel $sen -MasterName $sandbox.MasterName -WhatIf -Verbose -Debug }
        Invoke-Step { Complete-DragonflyMigration -Sentinel $sen -MasterName $sandbox.MasterName -Credential $credential -WhatIf -Verbose -Debug }
        Invoke-Step { Compare-RedisKeyspace -Source $src -Target $tgt -Verbose -Debug }
        Invoke-Step { Register-SentinelMaster -MasterName other -Primary $sandbox.Source -AuthCredential $credential -AsConfigLines -Verbose -Debug }
        Invoke-Step { Stop-DragonflyReplication -Target $tgt -Confirm:$false -Verbose -Debug }
        Invoke-Step { Measure-SandboxWrite -Sandbox $sandbox -Primary $src -Verbose -Debug }

        # Failures, so that $Error, Get-Error and exception texts exist.
        Invoke-Step { Connect-RedisNode $sandbox.Source -Credential $wrongCredential -Verbose -Debug }
        Invoke-Step { Connect-RedisNode 'no-such-host.invalid:6379' -Credential $credential -Verbose -Debug }
        Invoke-Step { Connect-RedisNode $sandbox.Source -Verbose -Debug }
        Invoke-Step { Compare-RedisKeyspace -Source $sandbox.Source -Target $tgt -Verbose -Debug }
        Invoke-Step { Complete-DragonflyMigration -Sentinel $sen -MasterName no-such-master -Credential $credential -Confirm:$false -Verbose -Debug }
        Invoke-Step { Connect-RedisNode "localhost:$($mtls.Port)" -UseTls -CaCertificatePath $mtls.Certificate -ClientCertificatePath $pfx -ClientCertificatePassword $wrongCredential.Password -Verbose -Debug }
    }
    finally {
        Stop-Transcript | Out-Null
        $VerbosePreference = 'SilentlyContinue'
        $DebugPreference = 'SilentlyContinue'
    }
    $script:errorText = $Error | Out-String -Width 400
    $script:getErrorText = Get-Error -Newest 20 | Out-String -Width 400
    $script:failureCount = $Error.Count
}

AfterAll {
    $outputs | Where-Object { $_.GetType().Name -eq 'RedisNode' } | Disconnect-RedisNode
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    if ($mtls) { Stop-Process -Id $mtls.Process.Id -Force -ErrorAction Ignore; $mtls.Process.WaitForExit(5000) | Out-Null }
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe 'Secrets' {
    It 'ran against servers that require the password and a client certificate' {
        $sandbox | Should -Not -BeNullOrEmpty
        $src.User | Should -Be 'default'
        @($outputs | Where-Object { $_.GetType().Name -eq 'RedisNode' -and $_.UsesTls }).Count | Should -Be 2
        ((& redis-cli -p ($sandbox.Source -split ':')[-1] PING 2>&1) -join ' ') | Should -Match 'NOAUTH'
        # The search finds the password where it must be, so finding none elsewhere means something.
        $config = Get-ChildItem $sandbox.Directory -Recurse -Filter sentinel.conf | Select-Object -First 1
        Find-Secret ([IO.File]::ReadAllText($config.FullName)) | Should -Not -BeNullOrEmpty
    }

    It 'made the failures it looks at' {
        $ids = $Error | ForEach-Object { $_.FullyQualifiedErrorId }
        $ids | Should -Contain 'AuthenticationFailed,DragonflyMigration.Cmdlets.ConnectRedisNodeCommand'
        $ids | Should -Contain 'HostNotFound,DragonflyMigration.Cmdlets.ConnectRedisNodeCommand'
        $ids | Should -Contain 'MasterNameUnknown,DragonflyMigration.Cmdlets.CompleteDragonflyMigrationCommand'
        @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 5
        @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -or $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
    }

    It 'never shows a secret in any of the six streams' {
        foreach ($record in $streams) {
            $text = ($record | Out-String -Width 400) + [string]$record
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $text += $record.Exception.ToString() + $record.ErrorDetails + $record.TargetObject + $record.ScriptStackTrace
            }
            Find-Secret $text | Should -BeNullOrEmpty -Because "a $($record.GetType().Name) must not hold a secret"
        }
    }

    It 'never writes a secret to the transcript' {
        $text = Get-Content $transcript -Raw
        $text | Should -Match 'Connecting to'
        Find-Secret $text | Should -BeNullOrEmpty
    }

    It 'never shows a secret in $Error or Get-Error' {
        $failureCount | Should -BeGreaterThan 0
        Find-Secret $errorText | Should -BeNullOrEmpty
        Find-Secret $getErrorText | Should -BeNullOrEmpty
        foreach ($record in $Error) {
            Find-Secret ($record.Exception.ToString() + ($record.Exception.InnerException | Out-String)) | Should -BeNullOrEmpty
        }
    }

    It 'never puts a secret in the JSON or the text of any output (<_>)' -ForEach @(
        'MigrationSandbox', 'RedisNode', 'ReadinessCheck', 'SentinelMasterView', 'ReplicationStatus', 'KeyspaceComparisonResult', 'SandboxWriteReport', 'String'
    ) {
        $typeName = $_
        $ofType = @($outputs | Where-Object { $_.GetType().Name -eq $typeName })
        $ofType.Count | Should -BeGreaterThan 0 -Because "the run returns a $typeName"
        foreach ($object in $ofType) {
            Find-Secret ($object | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
            Find-Secret $object.ToString() | Should -BeNullOrEmpty
            Find-Secret ($object | Format-List * | Out-String -Width 400) | Should -BeNullOrEmpty
        }
    }

    It 'writes sentinel.conf lines with a placeholder for the password' {
        $lines = ($outputs | Where-Object { $_ -is [string] }) -join "`n"
        $lines | Should -Match 'auth-pass'
    }

    It 'never writes a secret to a file in the sandbox other than a server''s own config' {
        $files = Get-ChildItem $sandbox.Directory -Recurse -File | Where-Object { $_.Name -notin 'sentinel.conf', 'redis.conf' }
        $files | Should -Not -BeNullOrEmpty
        foreach ($file in $files) {
            $text = [IO.File]::ReadAllText($file.FullName)
            Find-Secret $text | Should -BeNullOrEmpty -Because "$($file.FullName) must not hold a secret"
        }
    }
}

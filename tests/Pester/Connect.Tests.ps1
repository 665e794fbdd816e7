BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-MigrationSandbox -ReplicaCount 1 -SentinelCount 1 -SampleKeyCount 100 -FastSentinelTimers
    $script:secret = 'pester-secret-' + [guid]::NewGuid().ToString('N')
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Connect-RedisNode against real servers' {
    It 'detects the role and flavor of every node in one call' {
        $nodes = Connect-RedisNode $sandbox.Source, $sandbox.Replicas[0], $sandbox.Target
        try {
            $nodes.Role | Should -Be @('Primary', 'Replica', 'Primary')
            $nodes.Flavor | Should -Be @('Redis', 'Redis', $sandbox.TargetFlavor)
            $nodes | ForEach-Object { $_.Version | Should -Not -BeNullOrEmpty; $_.IsConnected | Should -BeTrue }
        }
        finally { $nodes | Disconnect-RedisNode }
    }

    It 'takes endpoints from the pipeline' {
        $nodes = $sandbox.Source, $sandbox.Target | Connect-RedisNode
        @($nodes).Count | Should -Be 2
        $nodes | Disconnect-RedisNode
    }

    It 'connects to Sentinels with -Sentinel' {
        $sentinel = Connect-RedisNode $sandbox.Sentinels -Sentinel
        $sentinel.Role | Should -Be 'Sentinel'
        $sentinel | Disconnect-RedisNode
    }

    It 'accepts an IPv6 endpoint in brackets' {
        $port = ($sandbox.Source -split ':')[-1]
        $node = Connect-RedisNode "[::1]:$port"
        $node.Endpoint | Should -Be "[::1]:$port"
        $node.Role | Should -Be 'Primary'
        $node | Disconnect-RedisNode
    }

    It 'closes the connection on Disconnect-RedisNode' {
        $node = Connect-RedisNode $sandbox.Source
        $node | Disconnect-RedisNode
        $node.IsConnected | Should -BeFalse
    }

    It 'keeps no session state: two connections to one endpoint are independent' {
        $a = Connect-RedisNode $sandbox.Source
        $b = Connect-RedisNode $sandbox.Source
        $a | Disconnect-RedisNode
        $b.IsConnected | Should -BeTrue
        $b | Disconnect-RedisNode
    }
}

Describe 'Connect-RedisNode errors' {
    BeforeAll {
        function Get-ConnectError {
            param([scriptblock] $Action)
            # Connect-RedisNode reports per-endpoint failures as non-terminating errors; collect them.
            $ErrorActionPreference = 'Continue'
            $records = $null
            $elapsed = Measure-Command { $records = @(& $Action 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) }
            [pscustomobject]@{ Error = $records[0]; Elapsed = $elapsed }
        }
    }

    It 'reports a malformed endpoint' {
        $r = Get-ConnectError { Connect-RedisNode 'redis://nope:6379'}
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'EndpointInvalid,*'
        $r.Error.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $r.Error.ErrorDetails.Message | Should -Match 'host:port'
    }

    It 'reports a refused port' {
        $port = Get-FreeTcpPort
        $r = Get-ConnectError { Connect-RedisNode "127.0.0.1:$port"}
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'ConnectionRefused,*'
        $r.Error.TargetObject | Should -Be "127.0.0.1:$port"
    }

    It 'reports a host name that does not resolve' {
        $r = Get-ConnectError { Connect-RedisNode 'no-such-host.invalid:6379'}
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'HostNotFound,*'
    }

    It 'reports a host that never answers within the timeout' {
        $listener = Start-SilentListener
        try {
            $r = Get-ConnectError { Connect-RedisNode "127.0.0.1:$($listener.LocalEndpoint.Port)" -ConnectTimeout 00:00:01}
            $r.Error.FullyQualifiedErrorId | Should -BeLike 'ConnectTimeout,*'
            $r.Error.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $r.Elapsed.TotalSeconds | Should -BeLessThan 8
        }
        finally { $listener.Stop() }
    }

    It 'reports a wrong password without showing it anywhere' {
        $admin = Connect-RedisNode $sandbox.Target
        $admin | Disconnect-RedisNode
        # Create an ACL user on the target through a plain connection.
        $port = ($sandbox.Target -split ':')[-1]
        & redis-cli -p $port ACL SETUSER migrator on '>right-password' '~*' '+@all' | Out-Null
        $cred = [pscredential]::new('migrator', (ConvertTo-SecureString $secret -AsPlainText -Force))
        $r = Get-ConnectError { Connect-RedisNode $sandbox.Target -Credential $cred }
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $r.Error.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $everything = ($r.Error | Format-List * -Force | Out-String) + $r.Error.Exception.ToString() + ($r.Error.ErrorDetails | Out-String)
        $everything | Should -Not -Match $secret
        $ok = Connect-RedisNode $sandbox.Target -Credential ([pscredential]::new('migrator', (ConvertTo-SecureString 'right-password' -AsPlainText -Force)))
        $ok.User | Should -Be 'migrator'
        ($ok | Format-List * -Force | Out-String) | Should -Not -Match 'right-password'
        $ok | Disconnect-RedisNode
    }

    It 'never prints the password in verbose output' {
        $cred = [pscredential]::new('default', (ConvertTo-SecureString $secret -AsPlainText -Force))
        $verbose = Connect-RedisNode $sandbox.Source -Credential $cred -Verbose 4>&1 2>&1 | Out-String
        $verbose | Should -Not -Match $secret
    }

    It 'reports a data node given as a Sentinel' {
        $r = Get-ConnectError { Connect-RedisNode $sandbox.Source -Sentinel}
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'NotASentinel,*'
    }

    It 'reports a node used after Disconnect-RedisNode with a stable id, not a raw exception' {
        $node = Connect-RedisNode $sandbox.Source
        $node | Disconnect-RedisNode
        { Get-ReplicationStatus -Source $node -Target $sandbox.Source -ErrorAction Stop } | Should -Throw -ErrorId 'NodeDisconnected,*'
    }

    It 'reads a timeout written as a bare number as seconds, not ticks' {
        $node = Connect-RedisNode $sandbox.Source -ConnectTimeout 5 -ErrorAction Stop
        try { $node.IsConnected | Should -BeTrue } finally { $node | Disconnect-RedisNode }
        { Connect-RedisNode $sandbox.Source -ConnectTimeout 0.0001 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Connect-RedisNode over TLS' {
    BeforeAll {
        $script:tlsDir = Join-Path ([IO.Path]::GetTempPath()) ('dfmig-tls-' + [guid]::NewGuid().ToString('N'))
        $script:tls = Start-TlsRedisServer -Directory $tlsDir
    }

    AfterAll {
        if ($tls) { Stop-Process -Id $tls.Process.Id -Force -ErrorAction Ignore; $tls.Process.WaitForExit(5000) | Out-Null }
        Remove-Item $tlsDir -Recurse -Force -ErrorAction Ignore
    }

    It 'connects with the CA file and the certificate host name' {
        $node = Connect-RedisNode "127.0.0.1:$($tls.Port)" -UseTls -CaCertificatePath $tls.Certificate -TlsHost localhost
        $node.UsesTls | Should -BeTrue
        $node.Role | Should -Be 'Primary'
        $node | Disconnect-RedisNode
    }

    It 'reports a plain-text client at a TLS port' {
        $err = $null
        Connect-RedisNode "127.0.0.1:$($tls.Port)" -ConnectTimeout 00:00:03 -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TlsRequired,*'
    }

    It 'reports a certificate it cannot trust' {
        $err = $null
        Connect-RedisNode "127.0.0.1:$($tls.Port)" -UseTls -ConnectTimeout 00:00:03 -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TlsHandshakeFailed,*'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'CaCertificatePath'
    }

    It 'reports a TLS client at a plain-text port' {
        $err = $null
        Connect-RedisNode $sandbox.Source -UseTls -SkipCertificateCheck -ConnectTimeout 00:00:03 -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TlsNotSupported,*'
    }
}

Describe 'Connect-RedisNode with a client certificate' {
    BeforeAll {
        $script:mtlsDir = Join-Path ([IO.Path]::GetTempPath()) ('dfmig-mtls-' + [guid]::NewGuid().ToString('N'))
        $script:mtls = Start-TlsRedisServer -Directory $mtlsDir -RequireClientCertificate
    }

    AfterAll {
        if ($mtls) { Stop-Process -Id $mtls.Process.Id -Force -ErrorAction Ignore; $mtls.Process.WaitForExit(5000) | Out-Null }
        Remove-Item $mtlsDir -Recurse -Force -ErrorAction Ignore
    }

    It 'connects to a server that requires one, presenting a PEM certificate and key' {
        $node = Connect-RedisNode "localhost:$($mtls.Port)" -UseTls -CaCertificatePath $mtls.Certificate -ClientCertificatePath $mtls.ClientCertificate -ClientKeyPath $mtls.ClientKey
        $node.Role | Should -Be 'Primary'
        $node | Disconnect-RedisNode
    }

    It 'fails with an error record, not an exception, without one' {
        $err = $null
        Connect-RedisNode "localhost:$($mtls.Port)" -UseTls -CaCertificatePath $mtls.Certificate -ConnectTimeout 00:00:03 -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Match '^(TlsHandshakeFailed|ConnectFailed|ConnectTimeout),'
    }

    It 'refuses client certificate parameters without -UseTls, changing nothing' {
        { Connect-RedisNode "localhost:$($mtls.Port)" -ClientCertificatePath $mtls.ClientCertificate -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*'
    }
}

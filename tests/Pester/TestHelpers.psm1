# Helpers shared by the Pester files: real servers only.

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-TlsRedisServer {
    <#
    A redis-server that only speaks TLS, with a fresh self-signed certificate for 'localhost'. With
    -RequireClientCertificate it requires clients to present a certificate (Redis's default), and a client
    certificate and key signed by the server's own certificate are made for the test.
    #>
    param([Parameter(Mandatory)] [string] $Directory, [switch] $RequireClientCertificate)
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $cert = Join-Path $Directory 'cert.pem'
    $key = Join-Path $Directory 'key.pem'
    & openssl req -x509 -newkey rsa:2048 -nodes -keyout $key -out $cert -days 1 -subj '/CN=localhost' -addext 'subjectAltName=DNS:localhost' 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'openssl could not create a test certificate.' }
    $clientCert = Join-Path $Directory 'client.pem'
    $clientKey = Join-Path $Directory 'client-key.pem'
    if ($RequireClientCertificate) {
        $request = Join-Path $Directory 'client.csr'
        & openssl req -newkey rsa:2048 -nodes -keyout $clientKey -out $request -subj '/CN=migrator' 2>$null
        & openssl x509 -req -in $request -CA $cert -CAkey $key -CAcreateserial -out $clientCert -days 1 2>$null
        if ($LASTEXITCODE -ne 0) { throw 'openssl could not create a test client certificate.' }
    }
    $port = Get-FreeTcpPort
    $process = Start-Process redis-server -PassThru -ArgumentList @(
        '--port', '0', '--tls-port', $port, '--bind', '127.0.0.1',
        '--tls-cert-file', $cert, '--tls-key-file', $key, '--tls-ca-cert-file', $cert, '--tls-auth-clients', ($RequireClientCertificate ? 'yes' : 'no'),
        '--save', '""', '--appendonly', 'no', '--dir', $Directory, '--logfile', (Join-Path $Directory 'server.log'))
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while ([DateTime]::UtcNow -lt $deadline) {
        try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Dispose(); break } catch { Start-Sleep -Milliseconds 100 }
    }
    [pscustomobject]@{ Process = $process; Port = $port; Certificate = $cert; ClientCertificate = $clientCert; ClientKey = $clientKey }
}

function Start-PlainRedisServer {
    <# A plain redis-server with extra settings (say, fewer databases), on a free loopback port. #>
    param([Parameter(Mandatory)] [string] $Directory, [string[]] $Setting = @())
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $port = Get-FreeTcpPort
    $process = Start-Process redis-server -PassThru -ArgumentList (@(
        '--port', $port, '--bind', '127.0.0.1', '--save', '""', '--appendonly', 'no',
        '--dir', $Directory, '--logfile', (Join-Path $Directory 'server.log')) + $Setting)
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while ([DateTime]::UtcNow -lt $deadline) {
        try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Dispose(); break } catch { Start-Sleep -Milliseconds 100 }
    }
    [pscustomobject]@{ Process = $process; Port = $port; Endpoint = "127.0.0.1:$port" }
}

function Start-SilentListener {
    <# Accepts TCP connections and never answers: a hung host. #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $listener
}

function Start-RedisPyWriter {
    <#
    The second client library of the "nothing lost" checks: tests/Clients/sentinel_writer.py (redis-py,
    Debian's python3-redis) writing through Sentinel until Stop-RedisPyWriter, at most 180 s.
    #>
    param([Parameter(Mandatory)] [string[]] $Sentinel, [Parameter(Mandatory)] [string] $MasterName, [Parameter(Mandatory)] [string] $Directory)
    $id = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $acknowledged = Join-Path $Directory "redis-py-$id.keys"
    $stop = Join-Path $Directory "redis-py-$id.stop"
    $arguments = @((Join-Path $PSScriptRoot '../Clients/sentinel_writer.py'), '--master', $MasterName, '--prefix', "py:$id",
        '--acknowledged', $acknowledged, '--stop', $stop, '--seconds', '180') + ($Sentinel | ForEach-Object { '--sentinel', $_ })
    $process = Start-Process /usr/bin/python3 -ArgumentList $arguments -PassThru -RedirectStandardOutput (Join-Path $Directory "redis-py-$id.out") -RedirectStandardError (Join-Path $Directory "redis-py-$id.err")
    [pscustomobject]@{ Process = $process; Acknowledged = $acknowledged; Stop = $stop }
}

function Stop-RedisPyWriter {
    <# Stops the writer; with -Primary, counts its acknowledged keys missing from that node. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] $Writer, [string] $Primary)
    if (-not (Test-Path $Writer.Stop)) { New-Item -ItemType File -Path $Writer.Stop | Out-Null }
    if (-not $Writer.Process.WaitForExit(5000)) { $Writer.Process.Kill() }
    if (-not $Primary) { return }
    $keys = @(if (Test-Path $Writer.Acknowledged) { Get-Content $Writer.Acknowledged | Where-Object { $_ } })
    $present = 0
    for ($i = 0; $i -lt $keys.Count; $i += 500) {
        $chunk = $keys[$i..([Math]::Min($i + 499, $keys.Count - 1))]
        $present += [int](& redis-cli -p ($Primary -split ':')[-1] EXISTS @chunk)
    }
    [pscustomobject]@{ Acknowledged = $keys.Count; Lost = $keys.Count - $present }
}

function Start-FailoverProcess {
    <#
    Invoke-SentinelFailover on a sandbox in a child PowerShell, as a runbook job runs it: its verbose lines
    go to -Log as they come, then "RESULT: <json>" or "ERROR: <error id>". The process can then be killed.
    #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Log)
    $processPath = [Environment]::ProcessPath
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
    $script = @"
Import-Module '$($env:DFMIG_MODULE_MANIFEST)'
try {
    `$sen = Connect-RedisNode $(($Sandbox.Sentinels | ForEach-Object { "'$_'" }) -join ',') -Sentinel
    `$result = Invoke-SentinelFailover -Source '$($Sandbox.Source)' -Target '$($Sandbox.Target)' -Sentinel `$sen -MasterName '$($Sandbox.MasterName)' -Confirm:`$false -Verbose -ErrorAction Stop 4>&1 |
        ForEach-Object { if (`$_ -is [System.Management.Automation.VerboseRecord]) { [Console]::Out.WriteLine(`$_.Message); [Console]::Out.Flush() } else { `$_ } }
    [Console]::Out.WriteLine('RESULT: ' + (`$result | Select-Object NewPrimary, AlreadyCompleted, WritePauseMilliseconds, Recovered | ConvertTo-Json -Compress))
}
catch { [Console]::Out.WriteLine('ERROR: ' + `$_.FullyQualifiedErrorId) }
"@
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)
    Start-Process $pwsh[0] -ArgumentList $arguments -RedirectStandardOutput $Log -PassThru
}

function Wait-LogLine {
    <# Waits until -Log holds a line containing -Text; false when the process ended or the time ran out first. #>
    param([Parameter(Mandatory)] $Process, [Parameter(Mandatory)] [string] $Log, [Parameter(Mandatory)] [string] $Text, [int] $TimeoutSeconds = 90)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline -and -not $Process.HasExited) {
        if ((Test-Path $Log) -and (Select-String -Path $Log -Pattern $Text -SimpleMatch -Quiet)) { return $true }
        Start-Sleep -Milliseconds 5
    }
    $false
}

Export-ModuleMember -Function Get-FreeTcpPort, Start-TlsRedisServer, Start-PlainRedisServer, Start-SilentListener, Start-RedisPyWriter, Stop-RedisPyWriter, Start-FailoverProcess, Wait-LogLine

# Helpers shared by the Pester files: real servers only.

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-TlsRedisServer {
    <# A redis-server that only speaks TLS, with a fresh self-signed certificate for 'localhost'. #>
    param([Parameter(Mandatory)] [string] $Directory)
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $cert = Join-Path $Directory 'cert.pem'
    $key = Join-Path $Directory 'key.pem'
    & openssl req -x509 -newkey rsa:2048 -nodes -keyout $key -out $cert -days 1 -subj '/CN=localhost' -addext 'subjectAltName=DNS:localhost' 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'openssl could not create a test certificate.' }
    $port = Get-FreeTcpPort
    $process = Start-Process redis-server -PassThru -ArgumentList @(
        '--port', '0', '--tls-port', $port, '--bind', '127.0.0.1',
        '--tls-cert-file', $cert, '--tls-key-file', $key, '--tls-ca-cert-file', $cert, '--tls-auth-clients', 'no',
        '--save', '""', '--appendonly', 'no', '--dir', $Directory, '--logfile', (Join-Path $Directory 'server.log'))
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while ([DateTime]::UtcNow -lt $deadline) {
        try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Dispose(); break } catch { Start-Sleep -Milliseconds 100 }
    }
    [pscustomobject]@{ Process = $process; Port = $port; Certificate = $cert }
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

Export-ModuleMember -Function Get-FreeTcpPort, Start-TlsRedisServer, Start-PlainRedisServer, Start-SilentListener

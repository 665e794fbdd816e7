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

Export-ModuleMember -Function Get-FreeTcpPort, Start-TlsRedisServer, Start-PlainRedisServer, Start-SilentListener

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

function ConvertTo-PlainPassword([securestring] $Password) {
    # For a child process's environment only (redis-py, redis-cli), never a command line.
    [pscredential]::new('x', $Password).GetNetworkCredential().Password
}

function Start-RedisPyWriter {
    <#
    The second client library of the "nothing lost" checks: tests/Clients/sentinel_writer.py (redis-py,
    Debian's python3-redis) writing through Sentinel until Stop-RedisPyWriter, at most 180 s.
    #>
    param([Parameter(Mandatory)] [string[]] $Sentinel, [Parameter(Mandatory)] [string] $MasterName, [Parameter(Mandatory)] [string] $Directory,
        # The data nodes' password, handed over in the environment, never on the command line.
        [securestring] $Password)
    $id = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $acknowledged = Join-Path $Directory "redis-py-$id.keys"
    $stop = Join-Path $Directory "redis-py-$id.stop"
    $arguments = @((Join-Path $PSScriptRoot '../Clients/sentinel_writer.py'), '--master', $MasterName, '--prefix', "py:$id",
        '--acknowledged', $acknowledged, '--stop', $stop, '--seconds', '180') + ($Sentinel | ForEach-Object { '--sentinel', $_ })
    $env:DFMIG_WRITER_PASSWORD = if ($Password) { (ConvertTo-PlainPassword $Password) } else { $null }
    try {
        $process = Start-Process /usr/bin/python3 -ArgumentList $arguments -PassThru -RedirectStandardOutput (Join-Path $Directory "redis-py-$id.out") -RedirectStandardError (Join-Path $Directory "redis-py-$id.err")
    }
    finally { $env:DFMIG_WRITER_PASSWORD = $null }
    [pscustomobject]@{ Process = $process; Acknowledged = $acknowledged; Stop = $stop }
}

function Stop-RedisPyWriter {
    <# Stops the writer; with -Primary, counts its acknowledged keys missing from that node. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] $Writer, [string] $Primary, [securestring] $Password)
    if (-not (Test-Path $Writer.Stop)) { New-Item -ItemType File -Path $Writer.Stop | Out-Null }
    if (-not $Writer.Process.WaitForExit(5000)) { $Writer.Process.Kill() }
    if (-not $Primary) { return }
    $keys = @(if (Test-Path $Writer.Acknowledged) { Get-Content $Writer.Acknowledged | Where-Object { $_ } })
    $present = 0
    # redis-cli reads the password from REDISCLI_AUTH, so it stays off the command line.
    $env:REDISCLI_AUTH = if ($Password) { (ConvertTo-PlainPassword $Password) } else { $null }
    try {
        for ($i = 0; $i -lt $keys.Count; $i += 500) {
            $chunk = $keys[$i..([Math]::Min($i + 499, $keys.Count - 1))]
            $present += [int](& redis-cli -p ($Primary -split ':')[-1] EXISTS @chunk)
        }
    }
    finally { $env:REDISCLI_AUTH = $null }
    [pscustomobject]@{ Acknowledged = $keys.Count; Lost = $keys.Count - $present }
}

function Start-FailoverProcess {
    <#
    Invoke-SentinelFailover on a sandbox in a child PowerShell, as a runbook job runs it: its verbose lines
    go to -Log as they come, each cutover milestone (an information record) as the line Format-Milestone
    makes, then "RESULT: <json>" or "ERROR: <error id>". The process can then be killed.
    #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Log)
    $processPath = [Environment]::ProcessPath
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
    $script = @"
Import-Module '$($env:DFMIG_MODULE_MANIFEST)'
try {
    `$sen = Connect-RedisNode $(($Sandbox.Sentinels | ForEach-Object { "'$_'" }) -join ',') -Sentinel
    `$result = Invoke-SentinelFailover -Source '$($Sandbox.Source)' -Target '$($Sandbox.Target)' -Sentinel `$sen -MasterName '$($Sandbox.MasterName)' -Confirm:`$false -Verbose -ErrorAction Stop 4>&1 6>&1 |
        ForEach-Object {
            if (`$_ -is [System.Management.Automation.VerboseRecord]) { [Console]::Out.WriteLine(`$_.Message); [Console]::Out.Flush() }
            elseif (`$_ -is [System.Management.Automation.InformationRecord]) {
                if (`$_.Tags -contains 'DragonflyMigration.Milestone') { [Console]::Out.WriteLine('MILESTONE: ' + `$_.MessageData.Kind + ' ' + `$_.MessageData.Phase); [Console]::Out.Flush() }
            }
            else { `$_ }
        }
    [Console]::Out.WriteLine('RESULT: ' + (`$result | Select-Object NewPrimary, AlreadyCompleted, WritePauseMilliseconds, Recovered | ConvertTo-Json -Compress))
}
catch { [Console]::Out.WriteLine('ERROR: ' + `$_.FullyQualifiedErrorId) }
"@
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)
    Start-Process $pwsh[0] -ArgumentList $arguments -RedirectStandardOutput $Log -PassThru
}

function Format-Milestone {
    <#
    The line Start-FailoverProcess writes for a cutover milestone: what tests wait for, keyed on the milestone's
    kind (CutoverMilestoneKind) and, for PhaseStarted, its phase, never on the verbose wording.
    #>
    param([Parameter(Mandatory)] [string] $Kind, [string] $Phase)
    if ($Phase) { "MILESTONE: $Kind $Phase" } else { "MILESTONE: $Kind " }
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

function New-TestCertificates {
    <#
    One CA, made here with openssl, signing a server certificate for localhost and 127.0.0.1 (every data
    node and Sentinel uses it, for serving and as the client certificate of replication and Sentinel's
    links) and a client certificate for the tool and the writer, also as a PFX.
    #>
    param([Parameter(Mandatory)] [string] $Directory)
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $f = @{}
    foreach ($name in 'ca', 'ca-key', 'server', 'server-key', 'client', 'client-key') { $f[$name] = Join-Path $Directory "$name.pem" }
    $f['client-pfx'] = Join-Path $Directory 'client.pfx'
    $extensions = Join-Path $Directory 'server.ext'
    Set-Content $extensions "subjectAltName=DNS:localhost,IP:127.0.0.1`nbasicConstraints=CA:FALSE"
    $steps = @(
        @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', $f['ca-key'], '-out', $f['ca'], '-days', '1', '-subj', '/CN=DragonflyMigration test CA'),
        @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', $f['server-key'], '-out', "$($f['server']).csr", '-subj', '/CN=localhost'),
        @('x509', '-req', '-in', "$($f['server']).csr", '-CA', $f['ca'], '-CAkey', $f['ca-key'], '-CAcreateserial', '-out', $f['server'], '-days', '1', '-extfile', $extensions),
        @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', $f['client-key'], '-out', "$($f['client']).csr", '-subj', '/CN=migrator'),
        @('x509', '-req', '-in', "$($f['client']).csr", '-CA', $f['ca'], '-CAkey', $f['ca-key'], '-CAcreateserial', '-out', $f['client'], '-days', '1'),
        @('pkcs12', '-export', '-in', $f['client'], '-inkey', $f['client-key'], '-out', $f['client-pfx'], '-passout', 'pass:test-pfx')
    )
    foreach ($step in $steps) {
        & openssl @step 2>$null
        if ($LASTEXITCODE -ne 0) { throw "openssl $($step[0]) failed making the test certificates." }
    }
    [pscustomobject]@{
        Ca = $f['ca']; Server = $f['server']; ServerKey = $f['server-key']
        Client = $f['client']; ClientKey = $f['client-key']; ClientPfx = $f['client-pfx']; ClientPfxPassword = 'test-pfx'
    }
}

function Invoke-TopologyCli {
    <# redis-cli against one node of a test topology, over TLS with the client certificate when it uses TLS. #>
    [CmdletBinding(PositionalBinding = $false)]
    param([Parameter(Mandatory, Position = 0)] $Topology, [Parameter(Mandatory, Position = 1)] [string] $Endpoint, [string] $User, [string] $Password,
        [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $cli = @('-h', '127.0.0.1', '-p', ($Endpoint -split ':')[-1])
    if ($Topology.Certificates) { $cli += '--tls', '--cacert', $Topology.Certificates.Ca, '--cert', $Topology.Certificates.Client, '--key', $Topology.Certificates.ClientKey }
    if ($User) { $cli += '--user', $User }
    if ($Password) { $cli += '--pass', $Password, '--no-auth-warning' }
    & redis-cli @cli @Arguments
}

function Start-TestTopology {
    <#
    A Sentinel-managed group for end-to-end tests of what the sandbox does not start: TLS only (port 0,
    tls-port, tls-replication yes, tls-auth-clients yes) with -Certificates, and ACL users with
    -DataNodeConfig / -SentinelConfig (redis.conf and sentinel.conf lines). A source with sample keys,
    -ReplicaCount replicas of it, an empty target that nothing monitors yet, and Sentinels with fast
    timers, settled: replicas linked and every Sentinel knowing every replica and the other Sentinels.
    -Admin names the user and password the helpers use (redis-cli) when the default user is off.
    #>
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [object] $Certificates,
        [int] $ReplicaCount = 1,
        [int] $SentinelCount = 3,
        [int] $Quorum = 2,
        [string] $MasterName = 'mymaster',
        [int] $DownAfterMilliseconds = 10000,
        [string[]] $DataNodeConfig = @(),
        [string[]] $SentinelConfig = @(),
        [string[]] $Admin = @()
    )
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $topology = [pscustomobject]@{
        Directory = $Directory; Certificates = $Certificates; MasterName = $MasterName; Processes = [System.Collections.Generic.List[object]]::new()
        Source = $null; Target = $null; Replicas = @(); Sentinels = @(); AdminUser = $Admin[0]; AdminPassword = $Admin[1]
    }
    $tls = if ($Certificates) {
        @("tls-cert-file $($Certificates.Server)", "tls-key-file $($Certificates.ServerKey)", "tls-ca-cert-file $($Certificates.Ca)",
            'tls-auth-clients yes', 'tls-replication yes')
    } else { @() }

    function Start-Node([string] $Name, [string[]] $Lines, [switch] $Sentinel) {
        $dir = Join-Path $Directory $Name
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $port = Get-FreeTcpPort
        $listen = @(if ($Certificates) { 'port 0', "tls-port $port" } else { "port $port" })
        $config = Join-Path $dir ($Sentinel ? 'sentinel.conf' : 'redis.conf')
        Set-Content $config (@($listen + 'bind 127.0.0.1' + "dir $dir" + "logfile $(Join-Path $dir 'server.log')" + $tls + $Lines) -join "`n")
        $process = Start-Process ($Sentinel ? 'redis-sentinel' : 'redis-server') -ArgumentList $config -PassThru
        $topology.Processes.Add($process)
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ([DateTime]::UtcNow -lt $deadline) {
            try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Dispose(); break } catch { Start-Sleep -Milliseconds 100 }
        }
        "127.0.0.1:$port"
    }
    function Invoke-NodeCli([string] $Endpoint) { Invoke-TopologyCli $topology $Endpoint -User $topology.AdminUser -Password $topology.AdminPassword @args }

    $data = @('save ""', 'appendonly no') + $DataNodeConfig
    $topology.Source = Start-Node 'source' $data
    $sourcePort = ($topology.Source -split ':')[-1]
    $fill = "for i = 1, 500 do redis.call('SET', 'sample:s:' .. i, string.rep('v', 64)); redis.call('HSET', 'sample:h:' .. i, 'f', i); " +
        "redis.call('RPUSH', 'sample:l:' .. i, i, i + 1); redis.call('SADD', 'sample:t:' .. i, i); redis.call('ZADD', 'sample:z:' .. i, i, 'm') end; " +
        "redis.call('SET', 'sample:expiring', 'v', 'EX', 3600); return 1"
    Invoke-NodeCli $topology.Source EVAL $fill 0 | Out-Null
    $topology.Replicas = @(1..$ReplicaCount | Where-Object { $_ -gt 0 } | ForEach-Object { Start-Node "replica$_" ($data + "replicaof 127.0.0.1 $sourcePort") })
    $topology.Target = Start-Node 'target' $data
    $sentinelLines = @(
        "sentinel monitor $MasterName 127.0.0.1 $sourcePort $Quorum",
        "sentinel down-after-milliseconds $MasterName $DownAfterMilliseconds",
        "sentinel failover-timeout $MasterName 20000") + $SentinelConfig
    $topology.Sentinels = @(1..$SentinelCount | ForEach-Object { Start-Node "sentinel$_" $sentinelLines -Sentinel })

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    foreach ($sentinel in $topology.Sentinels) { Invoke-TopologyCli $topology $sentinel SENTINEL DEBUG info-period 500 ping-period 500 publish-period 500 | Out-Null }
    foreach ($node in $topology.Replicas) {
        while (-not ((Invoke-NodeCli $node INFO replication) -match 'master_link_status:up')) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The replica $node did not link to the source." }
            Start-Sleep -Milliseconds 200
        }
    }
    foreach ($sentinel in $topology.Sentinels) {
        while ($true) {
            $fields = @(Invoke-TopologyCli $topology $sentinel SENTINEL MASTER $MasterName)
            $value = { param($name) $i = [array]::IndexOf($fields, $name); if ($i -ge 0) { [int]$fields[$i + 1] } else { -1 } }
            if ((& $value 'num-slaves') -ge $ReplicaCount -and (& $value 'num-other-sentinels') -ge ($SentinelCount - 1)) { break }
            if ([DateTime]::UtcNow -gt $deadline) { throw "The Sentinel $sentinel did not find the replicas and the other Sentinels: $($fields -join ' ')" }
            Start-Sleep -Milliseconds 200
        }
    }
    $topology
}

function Stop-TestTopology {
    param([Parameter(Mandatory)] $Topology)
    foreach ($process in $Topology.Processes) {
        if (-not $process.HasExited) { $process.Kill(); [void]$process.WaitForExit(5000) }
    }
}

function Start-TestWriter {
    <#
    A Sentinel-aware application in a process of its own (so it takes no thread-pool threads from the
    cutover): StackExchange.Redis with ServiceName, over TLS with the client certificate when the
    topology uses TLS, writing numbered keys until stopped and recording each write the server
    acknowledged. Uses the StackExchange.Redis 2.x that the build restores for the isolation test.
    #>
    param([Parameter(Mandatory)] $Topology, [string] $User, [string] $Password)
    $packages = $env:DFMIG_PACKAGES
    $assemblies = @(
        'pipelines.sockets.unofficial/2.2.16/lib/netstandard2.0/Pipelines.Sockets.Unofficial.dll'
        'microsoft.extensions.logging.abstractions/8.0.3/lib/netstandard2.0/Microsoft.Extensions.Logging.Abstractions.dll'
        'microsoft.extensions.dependencyinjection.abstractions/8.0.2/lib/netstandard2.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll'
        'system.io.hashing/9.0.23/lib/netstandard2.0/System.IO.Hashing.dll'
        'stackexchange.redis/2.13.23/lib/netstandard2.0/StackExchange.Redis.dll'
    ) | ForEach-Object { Join-Path $packages $_ }
    $dir = Join-Path $Topology.Directory "writer-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $dir -Force | Out-Null
    $settings = [pscustomobject]@{
        Assemblies = $assemblies; Sentinels = $Topology.Sentinels; ServiceName = $Topology.MasterName
        Ca = $Topology.Certificates.Ca; Pfx = $Topology.Certificates.ClientPfx; PfxPassword = $Topology.Certificates.ClientPfxPassword
        User = $User; Password = $Password
        Acknowledged = Join-Path $dir 'acknowledged.txt'; Summary = Join-Path $dir 'summary.json'; Stop = Join-Path $dir 'stop'
    }
    $settingsFile = Join-Path $dir 'settings.json'
    $settings | ConvertTo-Json | Set-Content $settingsFile
    $script = Join-Path $dir 'writer.ps1'
    Set-Content $script @'
param([string] $SettingsFile)
$ErrorActionPreference = 'Stop'
$s = Get-Content $SettingsFile -Raw | ConvertFrom-Json
foreach ($a in $s.Assemblies) { [void][Reflection.Assembly]::LoadFrom($a) }
$o = [StackExchange.Redis.ConfigurationOptions]::new()
foreach ($e in $s.Sentinels) { $o.EndPoints.Add('127.0.0.1', [int]($e -split ':')[-1]) }
$o.ServiceName = $s.ServiceName
$o.AbortOnConnectFail = $false
$o.ConnectTimeout = 2000; $o.SyncTimeout = 2000; $o.AsyncTimeout = 2000
if ($s.Ca) { $o.Ssl = $true; [void]$o.TrustIssuer($s.Ca); [void]$o.SetUserPfxCertificate($s.Pfx, $s.PfxPassword) }
if ($s.User) { $o.User = $s.User; $o.Password = $s.Password }
$m = [StackExchange.Redis.ConnectionMultiplexer]::Connect($o)
$db = $m.GetDatabase()
$log = [IO.StreamWriter]::new($s.Acknowledged)
$log.AutoFlush = $true
$clock = [Diagnostics.Stopwatch]::StartNew()
$last = $clock.Elapsed; $longest = [TimeSpan]::Zero; $failed = 0; $i = 0
while (-not [IO.File]::Exists($s.Stop)) {
    $key = "acked:$i"; $i++
    try {
        [void]$db.StringSet($key, '1')
        $log.WriteLine($key)
        $now = $clock.Elapsed
        if ($now - $last -gt $longest) { $longest = $now - $last }
        $last = $now
    }
    catch { $failed++ }
    Start-Sleep -Milliseconds 4
}
$log.Dispose()
@{ Failed = $failed; LongestGapMilliseconds = [int]$longest.TotalMilliseconds } | ConvertTo-Json | Set-Content $s.Summary
$m.Dispose()
'@
    $processPath = [Environment]::ProcessPath
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script, '-SettingsFile', $settingsFile)
    $process = Start-Process $pwsh[0] -ArgumentList $arguments -PassThru -RedirectStandardError (Join-Path $dir 'stderr.txt') -RedirectStandardOutput (Join-Path $dir 'stdout.txt')
    $Topology.Processes.Add($process)
    $writer = [pscustomobject]@{ Process = $process; Settings = $settings; Directory = $dir }
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (@(Get-TestWriterAcknowledged $writer).Count -lt 10) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The writer did not start writing: $(Get-Content (Join-Path $dir 'stderr.txt') -Raw)" }
        Start-Sleep -Milliseconds 200
    }
    $writer
}

function Get-TestWriterAcknowledged {
    param([Parameter(Mandatory)] $Writer)
    if (-not (Test-Path $Writer.Settings.Acknowledged)) { return @() }
    $stream = [IO.FileStream]::new($Writer.Settings.Acknowledged, 'Open', 'Read', 'ReadWrite')
    try { @(([IO.StreamReader]::new($stream).ReadToEnd() -split "`n") | Where-Object { $_ }) } finally { $stream.Dispose() }
}

function Stop-TestWriter {
    <# Stops the writer and returns what it acknowledged and how many writes failed. #>
    param([Parameter(Mandatory)] $Writer)
    Set-Content $Writer.Settings.Stop 'stop'
    if (-not $Writer.Process.WaitForExit(15000)) { $Writer.Process.Kill(); throw 'The writer did not stop.' }
    $summary = Get-Content $Writer.Settings.Summary -Raw | ConvertFrom-Json
    [pscustomobject]@{ Acknowledged = @(Get-TestWriterAcknowledged $Writer); Failed = $summary.Failed; LongestGapMilliseconds = $summary.LongestGapMilliseconds }
}

function Get-MissingAcknowledged {
    <# The acknowledged keys that the given node does not hold (SCAN of acked:*). #>
    param([Parameter(Mandatory)] $Topology, [Parameter(Mandatory)] [string] $Endpoint, [string[]] $Acknowledged)
    $held = [System.Collections.Generic.HashSet[string]]::new([string[]]@(Invoke-TopologyCli $Topology $Endpoint -User $Topology.AdminUser -Password $Topology.AdminPassword '--scan' '--pattern' 'acked:*'))
    @($Acknowledged | Where-Object { -not $held.Contains($_) })
}

# Running and stopping background work safely lives in a file of its own.
. (Join-Path $PSScriptRoot 'TestHelpers.Runspace.ps1')

Export-ModuleMember -Function Get-FreeTcpPort, Stop-AfterStart, Start-TlsRedisServer, Start-PlainRedisServer, Start-SilentListener, Start-RedisPyWriter, Stop-RedisPyWriter,
    Start-FailoverProcess, Format-Milestone, Wait-LogLine, New-TestCertificates, Invoke-TopologyCli, Start-TestTopology, Stop-TestTopology, Start-TestWriter, Get-TestWriterAcknowledged,
    Stop-TestWriter, Get-MissingAcknowledged

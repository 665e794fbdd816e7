@{
    Synopsis    = 'Opens connections to Redis-compatible servers or Sentinels and reports what each one is.'
    Description = @'
Connect-RedisNode opens one connection per endpoint and returns a RedisNode object with the endpoint, the role (Primary, Replica, Sentinel), the flavor (Redis, Valkey, KeyDB, Dragonfly) and the version, read from INFO. Every node parameter of the module accepts such an object, so credentials and TLS options are given once, here.

Each endpoint that cannot be reached produces its own error record and the others are still connected. The error id says why: EndpointInvalid, HostNotFound, ConnectionRefused, HostUnreachable, ConnectTimeout, AuthenticationFailed, TlsRequired, TlsNotSupported, TlsHandshakeFailed, NotASentinel or ConnectFailed. Every error carries a recommended action. No password appears in any output, message or error.

There is no current connection: nothing is stored in the session; close connections with Disconnect-RedisNode.
'@
    Parameters  = @{
        Endpoint             = 'One or more endpoints as host:port: an IPv4 address (10.0.0.1:6379), a host name (redis.example.com:6379) or an IPv6 address in brackets ([::1]:6379). Without a port, 6379 is used (26379 with -Sentinel). Accepts pipeline input.'
        Credential           = 'The user name and password. The user name selects an ACL user; "default" or an empty user name means password-only authentication (requirepass).'
        Sentinel             = 'The endpoints are Sentinels: only Sentinel commands are sent and a data node given here is refused with NotASentinel. Sentinels may use credentials of their own, given with -Credential in a separate call.'
        UseTls               = 'Connect with TLS.'
        TlsHost              = 'The name to check the server certificate against, when it differs from the host in the endpoint. Only with -UseTls.'
        CaCertificatePath    = 'A PEM or DER file with the certificate of the CA that issued the server certificate; the server chain must end in it. Only with -UseTls.'
        SkipCertificateCheck = 'Accept any server certificate. For rehearsals with self-signed certificates only. Only with -UseTls.'
        ClientCertificatePath = 'The certificate to present to servers that require one (Redis''s default tls-auth-clients yes): a PEM file with -ClientKeyPath for its key (PowerShell 7), or a PFX file with -ClientCertificatePassword if it has one. Only with -UseTls.'
        ClientKeyPath = 'The PEM private key of the certificate given with -ClientCertificatePath.'
        ClientCertificatePassword = 'The password of the PFX file given with -ClientCertificatePath, as a SecureString (Read-Host -AsSecureString, or a credential''s Password).'
        ClientCertificate = 'A client certificate object with its private key, for example from Get-ChildItem Cert:\CurrentUser\My. Only with -UseTls; not with -ClientCertificatePath.'
        ConnectTimeout       = 'How long to try each endpoint, as a time span such as 00:00:05; between 100 ms and 10 minutes. A bare number is read as ticks and refused.'
    }
    Inputs      = @('System.String')
    Notes       = @('Connections use the admin commands INFO, CONFIG, CLIENT and REPLICAOF; an ACL user needs them for the later cmdlets.')
    Examples    = @(
        @{ Code = '$cred = Get-Credential migrator
$src = Connect-RedisNode 10.0.0.1:6379 -Credential $cred'; Remarks = 'Connects to the source primary as the ACL user migrator.' }
        @{ Code = '$sen = Connect-RedisNode 10.0.0.3:26379, 10.0.0.4:26379, 10.0.0.5:26379 -Sentinel'; Remarks = 'Connects to three Sentinels.' }
        @{ Code = "'[::1]:6380', 'cache-b:6379' | Connect-RedisNode -UseTls -CaCertificatePath ./ca.pem -ConnectTimeout 00:00:02"; Remarks = 'Connects over TLS to two endpoints from the pipeline, trusting the given CA, giving each two seconds.' }
        @{ Code = 'Connect-RedisNode redis.internal:6380 -UseTls -CaCertificatePath ./ca.pem -ClientCertificatePath ./migrator.crt -ClientKeyPath ./migrator.key'; Remarks = 'Connects to a server that requires client certificates (tls-auth-clients yes), presenting a PEM certificate and key.' }
    )
    Links       = @('Disconnect-RedisNode')
}

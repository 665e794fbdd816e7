@{
    Synopsis    = 'Puts a primary under Sentinel on every given Sentinel, or writes the equivalent sentinel.conf lines.'
    Description = @'
Register-SentinelMaster sends SENTINEL MONITOR for a master name that a Sentinel does not know yet, and SENTINEL SET for quorum, down-after-milliseconds, failover-timeout and the credentials Sentinel uses to reach the data nodes, changing only what differs; running it again changes nothing but the credentials, which Sentinel never shows back. A Sentinel that monitors the name at another address is an error. It returns each Sentinel's view afterwards, as Get-SentinelMaster does.

With -AsConfigLines it changes nothing and writes the sentinel.conf lines for Sentinels started from a file; the password is replaced by a placeholder unless -IncludeSecret is given. SENTINEL SET is not propagated between Sentinels: give every Sentinel.
'@
    Parameters  = @{
        SentinelCredential = 'Connects the host:port strings given to -Sentinel (not node objects). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -Sentinel -UseTls.'
        Sentinel                    = 'The Sentinels: nodes from Connect-RedisNode -Sentinel or host:port strings (default port 26379).'
        MasterName                  = 'The name to monitor the primary under: no spaces or quotes. Glob characters (*, ?, [) are allowed; SENTINEL RESET is always sent with them escaped, so it resets this name alone.'
        Primary                     = 'The primary as host:port. Sentinel needs an address it can reach; a host name needs resolve-hostnames yes on the Sentinels.'
        Quorum                      = 'Sentinels that must agree the primary is down. Default 2.'
        DownAfterMilliseconds       = 'Sentinel down-after-milliseconds for this primary; left as it is when not given.'
        FailoverTimeoutMilliseconds = 'Sentinel failover-timeout for this primary; left as it is when not given.'
        AuthCredential              = 'The user name (auth-user; "default" or empty for password-only) and password (auth-pass) Sentinel uses to reach the data nodes.'
        AsConfigLines               = 'Write the sentinel.conf lines instead of changing any Sentinel.'
        IncludeSecret               = 'With -AsConfigLines: write the password itself instead of <password>.'
        WhatIf                      = 'Shows what would change on each Sentinel; changes nothing.'
        Confirm                     = 'Asks for confirmation before changing each Sentinel.'
    }
    Defaults    = @{ DownAfterMilliseconds = 'None (left as it is)'; FailoverTimeoutMilliseconds = 'None (left as it is)' }
    Inputs      = @('None')
    Examples    = @(
        @{ Code = 'Register-SentinelMaster -Sentinel $sen -MasterName master-instance -Primary 10.0.0.1:6379 -Quorum 2 -DownAfterMilliseconds 5000'; Remarks = 'Monitors the primary on every Sentinel in $sen.' }
        @{ Code = 'Register-SentinelMaster -MasterName master-instance -Primary 10.0.0.1:6379 -AuthCredential $cred -AsConfigLines | Add-Content ./sentinel.conf'; Remarks = 'Writes the sentinel.conf lines, with a placeholder for the password.' }
    )
    Links       = @('Get-SentinelMaster')
}

@{
    Synopsis    = 'Starts a local rehearsal topology of real Redis, Sentinel and target servers on loopback ports.'
    Description = @'
Start-MigrationSandbox starts a source primary, optional Redis replicas, Sentinels monitoring the source under a master name, and a target, each a real process on a free loopback port with its own folder under the temporary directory. The target is a dragonfly binary when one is on PATH or named by the DRAGONFLY_PATH environment variable, otherwise a second redis-server. It returns when every replica is linked and every Sentinel knows the replicas and the other Sentinels.

The servers are stopped by Stop-MigrationSandbox and when the PowerShell process exits; servers left behind by a process that was killed are removed the next time a sandbox starts.
'@
    Parameters  = @{
        MasterName                  = 'The name the Sentinels monitor the source under. Default mymaster.'
        ReplicaCount                = 'Redis replicas of the source besides the target. Default 0.'
        SentinelCount               = 'Sentinels to start. Default 1.'
        Quorum                      = 'Sentinels that must agree the primary is down. 0 (the default) means a majority.'
        SampleKeyCount              = 'Keys of mixed types (strings, hashes, lists, sets, sorted sets, some with a TTL) written to the source before the sandbox is returned.'
        DownAfterMilliseconds       = "Sentinel's down-after-milliseconds for the master. Default 30000, Sentinel's own default."
        FailoverTimeoutMilliseconds = "Sentinel's failover-timeout for the master. Default 180000, Sentinel's own default."
        WriteRate                   = 'Writes a second that a client sends to the source for the life of the sandbox; its counts show in WritesAcknowledged and WritesFailed. Default 0, no client.'
        FastSentinelTimers          = "Shortens Sentinel's INFO, PING and hello periods to 500 ms with SENTINEL DEBUG, for tests."
        RedisTarget                 = 'Use redis-server as the target even when a dragonfly binary is available.'
        NoTarget                    = 'Start no target.'
        Password                    = 'The password the source, replicas and target require (requirepass and masterauth), as a SecureString; the Sentinels get it as auth-pass. The Sentinels themselves need none. Connect to the servers with Connect-RedisNode -Credential.'
        WhatIf                      = 'Shows what would be started without starting anything.'
        Confirm                     = 'Asks for confirmation before starting the servers.'
    }
    Defaults    = @{ Quorum = '0 (a majority)' }
    Inputs      = @('None')
    Notes       = @('Needs redis-server and redis-sentinel on PATH (the Debian packages redis-server and redis-sentinel).')
    Examples    = @(
        @{ Code = '$sb = Start-MigrationSandbox -SampleKeyCount 100000 -ReplicaCount 1 -SentinelCount 3 -Quorum 2
Connect-RedisNode $sb.Source, $sb.Target'; Remarks = 'A source with 100,000 keys, one replica, three Sentinels with quorum 2 and a target; then connects to the source and the target.' }
        @{ Code = '$sb = Start-MigrationSandbox -WriteRate 500 -FastSentinelTimers
$sb | Format-List'; Remarks = 'A sandbox whose source receives 500 writes a second, with short Sentinel timers.' }
    )
    Links       = @('Stop-MigrationSandbox')
}

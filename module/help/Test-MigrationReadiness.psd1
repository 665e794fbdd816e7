@{
    Synopsis    = 'Checks, read-only, whether a migration from the source to the target will work; one ReadinessCheck per check.'
    Description = @'
Test-MigrationReadiness reads the source, the target and (with -Sentinel and -MasterName) every Sentinel with read-only commands, and judges each condition the migration depends on. It writes one ReadinessCheck per check, with a Status of Pass, Warn, Fail or Skipped, a Message, a Remediation for anything short of Pass, and the measured values in Data. A failed check is an output object, never an error, so a runbook can gate on it: Test-MigrationReadiness ... | Where-Object Status -eq Fail.

The checks, by category:
- Connectivity: SourceReachable, TargetReachable (round trip against -MaxRoundTrip), SentinelsReachable.
- Topology: SourceIsPrimary, TargetIsEmpty, TargetIsFree (not a replica of another server).
- Compatibility: TargetVersion (Dragonfly's role:slave reporting, runtime replica-priority, a trustworthy offset, CLIENT KILL, CONFIG REWRITE), SourceVersion (an RDB the target can load), RedisFunctions, Modules, DatabaseCount (databases in use against the target's count).
- Memory: TargetMemory (the source's dataset against the target's maxmemory, with -MemoryHeadroom), EvictionPolicy.
- Replication: OutputBufferLimit, the sync-loop risk: the source's write rate, measured over -WriteRateWindow, times the expected sync time (-ExpectedSyncTime, or estimated from the dataset), against client-output-buffer-limit replica.
- Data: BigKeys, from MEMORY USAGE of at most -BigKeySampleSize keys, the largest named.
- Backup: LastSave, the age of the source's last successful save against -MaxTimeSinceSave.
- Sentinel: SentinelAgreement (same primary, the source, and the same epoch), SentinelQuorum (CKQUORUM), SentinelTilt, SentinelDownAfter (room for -MaxWritePause), SentinelPromotion (which replica Sentinel would promote today, and whether another replica could beat the target at cutover), SentinelOtherReplicas (other Redis replicas the target cannot serve, and what the cutover does to them).
- Security: AclUsers (source users missing on the target), TlsParity.

A Redis target (a rehearsal) gets a warning where a Dragonfly target would fail, so that a rehearsal shows the problem too. The module ships the same checks as a Pester suite, Diagnostics/Readiness.Tests.ps1 under the module's folder, for CI gates with JUnit or NUnit output (see about_DragonflyMigration).
'@
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Source and -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        SentinelCredential = 'Connects the host:port strings given to -Sentinel (not node objects). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -Sentinel -UseTls.'
        Source           = 'The Redis primary: a node from Connect-RedisNode or a host:port string. Binds by property name from the pipeline (a sandbox, say).'
        Target           = 'The Dragonfly server that will replicate the source: a node or a host:port string. Binds by property name.'
        Sentinel         = 'The Sentinels that monitor the source: nodes from Connect-RedisNode -Sentinel or host:port strings. Without it the Sentinel checks are Skipped.'
        MasterName       = 'The name the Sentinels monitor the primary under. Needed with -Sentinel.'
        Name             = 'Run only the checks whose names match (wildcards allowed), e.g. Sentinel*. When -Name and -Category together match no check, the cmdlet fails (InvalidParameter) and lists the check names.'
        Category         = 'Run only the checks in the matching categories (wildcards allowed): Connectivity, Topology, Compatibility, Memory, Replication, Data, Backup, Sentinel, Security.'
        MaxRoundTrip     = 'A round trip slower than this is a warning. Default 50 ms. A bare number is seconds.'
        MaxWritePause    = 'The write pause the cutover is planned with (Invoke-SentinelFailover -MaxWritePause); down-after-milliseconds must be at least twice it. Default 2 s. A bare number is seconds.'
        MemoryHeadroom   = 'Spare room, as a fraction of the source dataset, the target''s maxmemory should leave. Default 0.2.'
        BigKeyThreshold  = 'A key whose MEMORY USAGE reaches this many bytes is reported as big. Default 16MB.'
        BigKeySampleSize = 'At most this many keys are measured for the big-key check; 0 skips it. Default 1000.'
        MaxTimeSinceSave = 'A source whose last successful save is older than this, without an AOF, gets a warning. Default 1 day. A bare number is seconds.'
        ExpectedSyncTime = 'How long the full sync is expected to take. Default: estimated from the dataset at 50 MB/s, at least 1 s. A bare number is seconds.'
        WriteRateWindow  = 'How long the source''s replication offset is watched to measure its write rate. Default 1 s. A bare number is seconds.'
        RequireDragonfly = 'Fail TargetVersion when the target is not Dragonfly. Without it a Redis target passes as a rehearsal target; a CI gate for the real migration should require Dragonfly.'
    }
    Defaults    = @{ ExpectedSyncTime = 'Estimated from the dataset' }
    Inputs      = @('DragonflyMigration.MigrationSandbox (by property name: Source, Target, Sentinels, MasterName)')
    Examples    = @(
        @{ Code = 'Test-MigrationReadiness -Source $src -Target $df -Sentinel $sen -MasterName master-instance'; Remarks = 'Runs every check and shows a table of verdicts.' }
        @{ Code = 'Test-MigrationReadiness $src $df -Sentinel $sen -MasterName master-instance | Where-Object Status -eq Fail | Format-List'; Remarks = 'Shows only the failures, with their remediation and measured data.' }
        @{ Code = 'Test-MigrationReadiness $src $df -Category Replication -ExpectedSyncTime 00:20:00'; Remarks = 'Judges the sync-loop risk for a sync expected to take 20 minutes.' }
    )
    Links       = @('Start-DragonflyReplication', 'Invoke-SentinelFailover', 'Compare-RedisKeyspace', 'about_DragonflyMigration_Readiness')
}

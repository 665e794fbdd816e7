@{
    Synopsis    = 'Cuts over to the target: Sentinel promotes it behind a fenced write pause, losing no acknowledged write.'
    Description = @'
Invoke-SentinelFailover runs the cutover in named phases, each with its own timeout, recorded in the FailoverResult; its verbose lines and milestones (typed records on the information stream, tag DragonflyMigration.Milestone) name them:

- Preflight: read-only: every Sentinel reachable, naming the source as primary with the same config epoch, with a quorum and none in TILT; -MaxWritePause at most half of down-after-milliseconds; replication steady; and no other replica Sentinel could promote instead (refused, naming it, unless -ExcludeOtherReplicas).
- Arm: the journal is written on the source, the target gets replica-priority 1 (other replicas 0 with -ExcludeOtherReplicas), and the cmdlet waits until every Sentinel would promote the target.
- Freeze: CLIENT PAUSE WRITE on the source, with a write fence (min-replicas-to-write) and a marker key in the same transaction, then a wait until the target has the marker, so it holds every write acknowledged before the pause.
- Promote: once the target is checked (link up, no sync, no command dropped) and no Sentinel is in TILT, SENTINEL FAILOVER, the point of no return, then a wait until the target is primary.
- Fence: the old primary replicates the target, gets replica-priority 0 and loses its clients, and only then are writes unpaused, so held writes fail with READONLY instead of vanishing.
- Confirm: the target answers as primary and every Sentinel names it in SENTINEL MASTER, what clients read. When the target cannot serve the other Redis replicas, the Sentinel asked for the failover is made to end it at once (its failover-timeout set to 1 ms, then put back).

Any failure before SENTINEL FAILOVER restores every setting the cmdlet changed and says what it restored. Running it again after a completed cutover reports success without touching anything. -WhatIf runs the read-only preflight and prints the plan.
'@
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Source and -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        SentinelCredential = 'Connects the host:port strings given to -Sentinel (not node objects). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -Sentinel -UseTls.'
        InputObject          = 'The ReplicationStatus from Wait-ReplicationSteady; its Source and Target are used. Accepts pipeline input.'
        Source               = 'The current primary (Redis): a node from Connect-RedisNode or a host:port string.'
        Target               = 'The replica to promote (Dragonfly): a node from Connect-RedisNode or a host:port string.'
        Sentinel             = 'Every Sentinel monitoring the primary: nodes from Connect-RedisNode -Sentinel or host:port strings.'
        MasterName           = 'The name the Sentinels monitor the primary under.'
        MaxWritePause        = 'The time the target gets to catch up once writes are paused is half of this; if it does not, everything is undone. At most half of down-after-milliseconds. A bare number is seconds.'
        ExcludeOtherReplicas = 'Lower every other replica to replica-priority 0 so Sentinel can only choose the target. They are restored if the cutover stops before the promotion and left at 0 after it: on a Dragonfly target they cannot follow the new primary and their data stops at the cutover; on a Redis target they follow it, and stay out of Sentinel''s choice until you raise their priority.'
        WhatIf               = 'Runs the read-only preflight and prints the plan; changes nothing.'
        Confirm              = 'Asks for confirmation, showing the plan. ConfirmImpact is High: runbooks pass -Confirm:$false.'
    }
    Inputs      = @('DragonflyMigration.ReplicationStatus')
    Notes       = @(
        'The pause expires on the server by itself after half of down-after-milliseconds, in case this process dies mid-cutover.'
        'Sentinel-aware clients find the new primary when their connection to the old one is killed; StackExchange.Redis clients follow +switch-master.'
    )
    Examples    = @(
        @{ Code = 'Start-DragonflyReplication -Source $src -Target $df |
    Wait-ReplicationSteady -Timeout 02:00:00 |
    Invoke-SentinelFailover -Sentinel $sen -MasterName master-instance -Confirm:$false'; Remarks = 'The whole runbook: replicate, wait until steady, cut over without a prompt.' }
        @{ Code = 'Invoke-SentinelFailover -Source $src -Target $df -Sentinel $sen -MasterName master-instance -WhatIf'; Remarks = 'Checks every precondition and prints the plan; changes nothing.' }
    )
    Links       = @('Wait-ReplicationSteady', 'Get-SentinelMaster', 'about_DragonflyMigration_Cutover')
}

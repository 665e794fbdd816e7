@{
    Synopsis    = "After the cutover, takes the old Redis nodes out of every Sentinel's view, optionally shutting them down."
    Description = @'
Complete-DragonflyMigration retires the nodes the new primary cannot serve: Dragonfly has no PSYNC, so after a cutover to Dragonfly the old Redis primary and any other Redis replicas keep stale data for ever, stay in the Sentinels' replica lists, would stall a later failover's replica reconfiguration and could even be promoted. Each node first gets replica-priority 0; with -Shutdown it is then shut down with SHUTDOWN SAVE, leaving its data on disk for a rollback. Then each Sentinel in turn gets SENTINEL RESET for the master name, and the cmdlet waits until it has found the other Sentinels again before resetting the next, so the quorum never lapses.

By default the nodes retired are the replicas the Sentinels list that the current primary cannot serve: all of them when the primary is Dragonfly, otherwise those whose link to it is not up. -Node names them instead. The current primary is never retired.
'@
    Parameters  = @{
        SentinelCredential = 'Connects the host:port strings given to -Sentinel (not node objects). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -Sentinel -UseTls.'
        Sentinel   = 'Every Sentinel monitoring the primary: nodes from Connect-RedisNode -Sentinel or host:port strings.'
        MasterName = 'The name the Sentinels monitor the primary under.'
        Node       = 'The nodes to retire, as host:port. By default, the replicas the current primary cannot serve.'
        Credential = 'The credential of the data nodes (the new primary and the nodes to retire), reached without TLS; with a host:port -Target, the credential it is connected with. Not with a -Target node object, which brings its own.'
        Target     = 'The new primary: a node from Connect-RedisNode, or a host:port string connected with -Credential. The data nodes are connected with its settings (credentials, TLS, client certificate); a node object is needed for TLS deployments.'
        Shutdown   = 'Shut the retired nodes down with SHUTDOWN SAVE after lowering their priority.'
        WhatIf     = 'Shows which nodes would be retired and which Sentinels reset; changes nothing.'
        Confirm    = 'Asks for confirmation. ConfirmImpact is High: runbooks pass -Confirm:$false.'
    }
    Inputs      = @('None')
    Examples    = @(
        @{ Code = 'Complete-DragonflyMigration -Sentinel $sen -MasterName master-instance -Shutdown -Confirm:$false'; Remarks = 'Retires every Redis node left behind by the cutover to Dragonfly and shuts them down.' }
        @{ Code = 'Complete-DragonflyMigration $sen master-instance -Node 10.0.0.1:6379 -WhatIf'; Remarks = 'Shows what retiring the old primary would do.' }
        @{ Code = 'Complete-DragonflyMigration $sen master-instance -Target $df -Node $src.Endpoint -Shutdown -Confirm:$false'; Remarks = 'Retires the old primary of a TLS deployment, connected like the new primary $df.' }
    )
    Links       = @('Invoke-SentinelFailover', 'Get-SentinelMaster', 'about_DragonflyMigration_Cutover')
}

@{
    Synopsis    = 'The abort path: the target stops replicating and gets its replica-priority back.'
    Description = 'Stop-DragonflyReplication sends REPLICAOF NO ONE to the target, which keeps the data it has, and restores its replica-priority: the value recorded by Start-DragonflyReplication when a ReplicationStatus is piped in, otherwise -ReplicaPriority. A target that does not replicate only gets its priority restored.'
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        Target          = 'The replica to stop: a node from Connect-RedisNode or a host:port string. Accepts pipeline input. A primary that serves replicas and replicates nothing (the source, say) is refused with NodeIsPrimary, and nothing on it changes.'
        PassThru        = 'Writes the target node once it no longer replicates.'
        InputObject     = 'A ReplicationStatus from Start-DragonflyReplication or Wait-ReplicationSteady. Accepts pipeline input.'
        ReplicaPriority = 'The replica-priority to restore. Default: the value before Start-DragonflyReplication when known, else 100.'
        WhatIf          = 'Shows what would change without changing anything.'
        Confirm         = 'Asks for confirmation before changing the target.'
    }
    Inputs      = @('DragonflyMigration.RedisNode', 'DragonflyMigration.ReplicationStatus')
    Examples    = @(
        @{ Code = '$status | Stop-DragonflyReplication'; Remarks = 'Ends the replication that $status describes and restores the recorded priority.' }
    )
    Links       = @('Start-DragonflyReplication')
}

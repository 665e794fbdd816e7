@{
    Synopsis    = 'Makes the target a replica of the source, unpromotable by Sentinel until the cutover.'
    Description = @'
Start-DragonflyReplication checks that the source is a primary, that the target is not the source, that the target holds no keys (the error gives the count per database) and that it replicates no other primary; -Force overrides the last two. It then sets replica-priority 0 on the target, so Sentinel cannot promote it while it loads; gives it the source's credentials (masterauth, masteruser) when the source needs them; and sends REPLICAOF without writing anything to the source.

When the target already replicates the source nothing is changed and the current status is returned, so a runbook can run it again. The output is a ReplicationStatus that carries Source and Target for Wait-ReplicationSteady.
'@
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Source and -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        Source  = 'The Redis primary to replicate: a node from Connect-RedisNode or a host:port string. The target reaches it at the host and port given here.'
        Target  = 'The node that becomes a replica (Dragonfly): a node from Connect-RedisNode or a host:port string. Accepts pipeline input.'
        Force   = 'Replicate even when the target holds keys (they are replaced) or replicates another primary. Deleting keys still asks for confirmation, as a High-impact action would: unattended runs pass -Force -Confirm:$false.'
        WhatIf  = 'Shows the changes that would be made, in order, and changes nothing on any server.'
        Confirm = 'Asks for confirmation before changing the target. -Confirm:$false also skips the question -Force asks before deleting the keys the target holds.'
    }
    Inputs      = @('DragonflyMigration.RedisNode')
    Notes       = @(
        'Dragonfly before v1.21 cannot change replica-priority while running; start it with --replica_priority=0. When masterauth cannot be set while running, start Dragonfly with --masterauth and --masteruser.'
        'A host:port string is connected without credentials or TLS; connect such nodes with Connect-RedisNode first.'
    )
    Examples    = @(
        @{ Code = 'Start-DragonflyReplication -Source $src -Target $df | Wait-ReplicationSteady -Timeout 02:00:00'; Remarks = 'Starts replication and waits until it is steady.' }
        @{ Code = 'Start-DragonflyReplication -Source 10.0.0.1:6379 -Target 10.0.0.2:6380 -WhatIf'; Remarks = 'Shows what would change, without changing anything.' }
    )
    Links       = @('Wait-ReplicationSteady', 'Get-ReplicationStatus', 'Stop-DragonflyReplication')
}

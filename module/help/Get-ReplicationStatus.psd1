@{
    Synopsis    = 'Shows where replication from the source to the target stands. Read-only.'
    Description = @'
Get-ReplicationStatus reads INFO once on each side and returns a ReplicationStatus: the state (NotReplicating, Connecting, FullSync with its phase WaitingForSnapshot, Transferring or Loading, Streaming, Broken), the link status, the lag in bytes (the source's master_repl_offset minus the offset the target acknowledged, from the source's replica line, right for every Dragonfly version) and in seconds, full-sync progress (bytes for a Redis target, keys loaded against the source's count for Dragonfly), the full syncs the source has served, the target's sync attempts where it reports them, and the time of the reading.
'@
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Source and -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        Source      = 'The source primary: a node from Connect-RedisNode or a host:port string.'
        Target      = 'The replica: a node from Connect-RedisNode or a host:port string.'
        InputObject = 'A ReplicationStatus whose Source and Target are read again. Accepts pipeline input.'
    }
    Inputs      = @('DragonflyMigration.ReplicationStatus')
    Examples    = @(
        @{ Code = 'Get-ReplicationStatus -Source $src -Target $df'; Remarks = 'One reading.' }
        @{ Code = '$status | Get-ReplicationStatus | Format-List *'; Remarks = 'Reads again the pair a previous status describes and shows every field.' }
    )
    Links       = @('Wait-ReplicationSteady')
}

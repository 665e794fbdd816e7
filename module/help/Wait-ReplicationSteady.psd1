@{
    Synopsis    = 'Waits until replication is steady enough to bet a cutover on, or fails saying why it is not.'
    Description = @'
Wait-ReplicationSteady samples both sides once a second (one INFO to the source a second) until the link is up, no sync is in progress, the source lists the target online, the target has acknowledged all but -MaxLagBytes of what the source had two seconds earlier (so neither Redis's keep-alive PING nor ongoing writes count), and the lag in seconds is at most -MaxLagSeconds, all held for -StableFor over at least three samples. It then returns a ReplicationStatus with IsSteady set and, in Samples, the readings it took (time, lag in bytes and seconds, state; at most 2000, thinned evenly over a long wait), which Export-MigrationReport charts.

It fails early, with an error that names the cause, when the sync loops (the source's sync_full or the target's sync attempts keep rising: usually client-output-buffer-limit replica against the write rate), when the target restarts or stops replicating, when the link stays down, and when either side stops answering. Progress is shown with Write-Progress; the same milestones go to the verbose stream, which Azure Automation keeps. Ctrl+C stops it within a second.
'@
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Source and -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        InputObject   = 'The ReplicationStatus from Start-DragonflyReplication. Accepts pipeline input.'
        Source        = 'The source primary: a node from Connect-RedisNode or a host:port string.'
        Target        = 'The replica: a node from Connect-RedisNode or a host:port string.'
        MaxLagBytes   = 'Bytes the target may trail what the source had two seconds earlier. Default 0.'
        MaxLagSeconds = "Seconds since the target's last acknowledgement, as the source reports it. Default 2."
        StableFor     = 'How long the conditions must hold. Default 00:00:05. A bare number is seconds.'
        Timeout       = "How long to wait at most. Default 02:00:00, well under Azure Automation's three-hour limit. A bare number is seconds."
    }
    Inputs      = @('DragonflyMigration.ReplicationStatus')
    Examples    = @(
        @{ Code = 'Start-DragonflyReplication -Source $src -Target $df | Wait-ReplicationSteady -Timeout 02:00:00 -Verbose'; Remarks = 'Waits up to two hours, logging each milestone.' }
        @{ Code = 'Wait-ReplicationSteady -Source $src -Target $df -StableFor 00:00:30'; Remarks = 'Waits on a pair already replicating, requiring 30 steady seconds.' }
    )
    Links       = @('Start-DragonflyReplication', 'Get-ReplicationStatus', 'Export-MigrationReport')
}

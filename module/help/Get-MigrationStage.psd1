@{
    Synopsis    = 'Reads where a group''s migration stands from its Sentinels, its nodes and the cutover journal. Read-only.'
    Description = @'
Get-MigrationStage tells a run that starts again (after Azure Automation's three-hour stop, a killed process or a failed step) what is left to do, from the servers' own state:

NotStarted: the Sentinels name the source and the target does not replicate it.
Replicating: the target replicates the source and has not caught up.
Steady: the target streams from the source and acknowledged within the last second (Wait-ReplicationSteady confirms it over its window).
Broken: the target's link to the source is down.
Interrupted: a cutover journal is on the source; running Invoke-SentinelFailover again finishes or puts back what the stopped run did.
CutOver: the Sentinels name the target, and Complete-DragonflyMigration has old nodes to retire.
Completed: the Sentinels name the target and no old node is left to retire.
Elsewhere: the Sentinels name neither node.

It writes one object per group. A group whose servers cannot be read is an error for that group only, so a pipeline of many groups goes on.
'@
    Parameters  = @{
        Source             = 'The source: a node from Connect-RedisNode or a host:port string. Accepts pipeline input by property name.'
        Target             = 'The target: a node from Connect-RedisNode or a host:port string. Accepts pipeline input by property name.'
        Credential         = 'Connects the host:port strings given to -Source and -Target (not node objects). Strings are connected without TLS and closed when the cmdlet ends.'
        InputObject        = 'A ReplicationStatus, which carries its source and target. Accepts pipeline input.'
        Sentinel           = 'The Sentinels: nodes from Connect-RedisNode -Sentinel or host:port strings. Accepts pipeline input by property name (Sentinel or Sentinels, as a plan''s groups have).'
        SentinelCredential = 'Connects the host:port strings given to -Sentinel.'
        MasterName         = 'The name the Sentinels monitor the primary under. Accepts pipeline input by property name.'
    }
    Inputs      = @('DragonflyMigration.MigrationPlanGroup', 'DragonflyMigration.ReplicationStatus')
    Examples    = @(
        @{ Code = 'Get-MigrationStage -Source $src -Target $df -Sentinel $sen -MasterName master-instance'; Remarks = 'Where this group stands.' }
        @{ Code = '(Import-MigrationPlan ./plan.psd1).Groups | Get-MigrationStage -Credential $cred'; Remarks = 'Where every group of a plan stands, one row each.' }
    )
    Links       = @('Import-MigrationPlan', 'Invoke-SentinelFailover', 'Complete-DragonflyMigration')
}

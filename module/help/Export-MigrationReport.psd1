@{
    Synopsis    = 'Writes what a migration runbook returned as one self-contained HTML report and a Markdown copy, for a change board to file.'
    Description = @'
Export-MigrationReport takes the output objects of a runbook, from the pipeline or by name, sorts them by type and writes one HTML file with inline CSS and inline SVG charts (no script, no external reference: it opens offline) and a Markdown file with the same sections. The sections are: who ran it, where and when, the module version, the master name and source and target; the readiness checks with their status; the replication lag over the wait as a chart (the samples Wait-ReplicationSteady keeps in its Samples property); the cutover's phases and the write pause as a timeline; the verification summary and every difference; and every change made to a server, derived from the phases that completed, the excluded, unpromotable and recovered replicas of the failover result and the nodes Complete-DragonflyMigration retired. A section without input says so.

The report is built from the output objects only, never from a connection, so it holds no password or other secret. Every value that came from a server (keys, values, messages) is escaped. Objects of other types are ignored with a warning.
'@
    Parameters  = @{
        Path         = 'The HTML file to write. Its folder must exist.'
        MarkdownPath = 'The Markdown file to write. By default the HTML path with the extension .md.'
        Title        = "The report's heading. Default 'Migration report'."
        InputObject  = 'Output objects of Test-MigrationReadiness, Wait-ReplicationSteady, Invoke-SentinelFailover, Compare-RedisKeyspace and Complete-DragonflyMigration, in any order. Accepts pipeline input; arrays are taken apart.'
        Readiness    = 'The ReadinessCheck objects of Test-MigrationReadiness.'
        Replication  = 'The ReplicationStatus of Wait-ReplicationSteady; its Samples make the lag chart.'
        Failover     = 'The FailoverResult of Invoke-SentinelFailover. Of several, the one that cut over is shown.'
        Comparison   = 'The output of Compare-RedisKeyspace: the summary and the differences.'
        Retired      = 'The RetiredNode objects of Complete-DragonflyMigration.'
        Force        = 'Overwrite the HTML and Markdown files if they exist. Without it an existing file is an InvalidParameter error.'
        WhatIf       = 'Shows which files would be written; writes nothing.'
        Confirm      = 'Asks for confirmation before writing the files.'
    }
    Defaults    = @{ Title = 'Migration report' }
    Inputs      = @('DragonflyMigration.ReadinessCheck', 'DragonflyMigration.ReplicationStatus', 'DragonflyMigration.FailoverResult', 'DragonflyMigration.KeyspaceComparisonResult', 'DragonflyMigration.KeyspaceDifference', 'DragonflyMigration.RetiredNode')
    Examples    = @(
        @{ Code = '$checks, $steady, $cutover, $comparison, $retired | Export-MigrationReport -Path ./migration-2024-05-01.html'; Remarks = 'Writes migration-2024-05-01.html and migration-2024-05-01.md from the objects the runbook kept in variables.' }
        @{ Code = 'Export-MigrationReport ./report.html -Readiness $checks -Failover $cutover -Title "CHG0042: cache cutover" -Force'; Remarks = 'Writes a report of the readiness checks and the cutover under a change number, overwriting an earlier one.' }
    )
    Links       = @('Wait-ReplicationSteady', 'Invoke-SentinelFailover', 'Compare-RedisKeyspace')
}

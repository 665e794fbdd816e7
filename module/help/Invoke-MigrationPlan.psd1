@{
    Synopsis    = 'Takes every group of a migration plan up to a stage (readiness, steady replication, cutover, completion), in parallel, each group on its own.'
    Description = @'
Invoke-MigrationPlan runs the single-group procedure for many Sentinel groups at once. Each group first reads where it stands (Get-MigrationStage), then does only what is left up to -Stage:

Readiness: the readiness checks of a group not started yet (ForceTarget in the plan lets the target hold keys). Changes nothing.
Steady: readiness, then replication started (Start-DragonflyReplication) and waited for until steady (Wait-ReplicationSteady with the plan's StableFor and SteadyTimeout).
CutOver: as Steady, then the fenced cutover (Invoke-SentinelFailover with the plan's MaxWritePause and ExcludeOtherReplicas): its own write pause, journal and rollback per group.
Completed: as CutOver, then the old nodes the new primary cannot serve are retired from the Sentinels (Complete-DragonflyMigration; nothing is shut down).

Because every group starts from its servers' state, a run stopped anywhere (Azure Automation's three-hour stop, a killed process) is run again from the top: groups already done are recognised and a cutover that died part way is finished or put back.

Groups run in parallel, at most -ThrottleLimit at a time. With -WaveSize, they run in waves of that many, in plan order; a wave starts only when the one before ended with no failed group, and later groups are then reported Skipped (WaveStopped).

A group's failure never ends the others: it is that group's result (Result Failed, with ErrorId) and a non-terminating error whose id is the error kind and whose target is the master name. Verbose lines start with [master name]; each group has its own progress bar under the plan's.

Credentials come from where the plan says: Automation:<name> (Get-AutomationPSCredential, in an Azure Automation job), Secret:<name> (Get-Secret from SecretManagement: a credential, or a password alone) or Parameter:<key> (a PSCredential passed in -Credential under that key). A credential that cannot be had fails its group (CredentialUnavailable) before any server is asked.

Every result is plain values, so it survives Export-Clixml and a job's output.
'@
    Parameters  = @{
        Group         = 'The groups to run: a plan from Import-MigrationPlan (bound by its Groups property) or some of its groups. Accepts pipeline input.'
        Stage         = 'How far to take each group: Readiness, Steady, CutOver or Completed.'
        ThrottleLimit = 'How many groups run at once (1 to 64, default 4). Groups that share Sentinels may run together: each cutover changes only its own master name.'
        WaveSize      = 'Runs the groups in waves of this many, in plan order; a wave with a failed group stops the later waves.'
        Credential    = 'A hashtable of PSCredentials, under the keys the plan names as Parameter:<key>.'
        WhatIf        = 'Lists what each group would go through and changes nothing.'
        Confirm       = 'Asks before each group (the default for Steady and later). Pass -Confirm:$false in a runbook or a CI step, where nobody can answer.'
    }
    Inputs      = @('DragonflyMigration.MigrationPlan', 'DragonflyMigration.MigrationPlanGroup')
    Examples    = @(
        @{ Code = 'Import-MigrationPlan ./plan.psd1 | Invoke-MigrationPlan Readiness'; Remarks = 'Every group''s readiness, in parallel; failed groups are errors, the others Succeeded.' }
        @{ Code = @'
$plan = Import-MigrationPlan ./plan.psd1
$plan | Invoke-MigrationPlan Steady -Credential @{ redis = $cred } -Confirm:$false
$plan | Invoke-MigrationPlan CutOver -WaveSize 2 -Credential @{ redis = $cred } -Confirm:$false
'@; Remarks = 'Replicates every group until steady, then cuts over two groups at a time, stopping after a wave with a failure.' }
        @{ Code = '$plan.Groups | Where-Object MasterName -Like ''cache*'' | Invoke-MigrationPlan Completed -Confirm:$false -ErrorAction Continue | Export-Clixml ./results.xml'; Remarks = 'Some groups of a plan to the end; the results, serialized, feed Export-MigrationReport later.' }
    )
    Links       = @('Import-MigrationPlan', 'Get-MigrationStage', 'Invoke-SentinelFailover', 'Export-MigrationReport')
}

<#
.SYNOPSIS
    The migration as an Azure Automation runbook: readiness, replication, a keyspace comparison while
    the target replicates, and the fenced cutover, unattended and resumable across the three-hour job limit.
.DESCRIPTION
    Import DragonflyMigration.zip as a module of the Automation account (PowerShell 7.4 or 5.1, the
    runtime this runbook runs on) and create these assets:

      Variables   DragonflyMigration-Source       the Redis primary, host:port as the Sentinels report it
                  DragonflyMigration-Target       the Dragonfly node, host:port as the Sentinels report it
                  DragonflyMigration-Sentinels    the Sentinels, comma-separated host:port
                  DragonflyMigration-MasterName   the name the Sentinels monitor the primary under
                  DragonflyMigration-ForceTarget  (Boolean) let replication replace keys the target holds
                  DragonflyMigration-SentinelCredential  the name of the Sentinels' credential asset, or empty
      Credentials DragonflyMigration-Redis        the data nodes' user (or 'default') and password

    Servers on a private network need a Hybrid Runbook Worker there. A job ends at three hours: this
    runbook waits at most 2.5 hours for steady replication, and the next job (started by hand or by
    a schedule) resumes from the servers' state instead of starting again.
#>
$ErrorActionPreference = 'Stop'
Import-Module DragonflyMigration
# The cmdlets' milestones go to the verbose stream, which the job log keeps when the runbook's verbose
# logging is on. Set after the import, so the log does not open with a line per imported command.
$VerbosePreference = 'Continue'

$masterName = Get-AutomationVariable -Name 'DragonflyMigration-MasterName'
$forceTarget = [bool] (Get-AutomationVariable -Name 'DragonflyMigration-ForceTarget')
$redisCredential = Get-AutomationPSCredential -Name 'DragonflyMigration-Redis'
$sentinelOptions = @{ Sentinel = $true }
$sentinelCredentialName = Get-AutomationVariable -Name 'DragonflyMigration-SentinelCredential'
if ($sentinelCredentialName) { $sentinelOptions.Credential = Get-AutomationPSCredential -Name $sentinelCredentialName }

# Node objects, not strings: a status carries its nodes from one cmdlet to the next, and strings are
# closed when the cmdlet that connected them ends.
$src = Connect-RedisNode (Get-AutomationVariable -Name 'DragonflyMigration-Source') -Credential $redisCredential
$df = Connect-RedisNode (Get-AutomationVariable -Name 'DragonflyMigration-Target') -Credential $redisCredential
$sen = Connect-RedisNode ((Get-AutomationVariable -Name 'DragonflyMigration-Sentinels') -split '\s*,\s*') @sentinelOptions
try {
    # Decided by the servers' state, so a job that ran out of time is resumed, never started again.
    $stage = Get-MigrationStage -Source $src -Target $df -Sentinel $sen -MasterName $masterName
    Write-Verbose "Milestone: stage $($stage.Stage). $($stage.Detail)"
    if ($stage.Stage -in 'CutOver', 'Completed') {
        # The old primary has received no write since the cutover, so comparing with it now would report
        # every later write. The cutover's marker proved the target held every acknowledged write when
        # it was promoted; what is left to check is that every Sentinel sends clients to it.
        Write-Verbose "Milestone: an earlier job completed the cutover; $masterName is on $($df.Endpoint). Checking the Sentinels only."
        $elsewhere = @(Get-SentinelMaster -Sentinel $sen -MasterName $masterName | Where-Object Primary -NE $df.Endpoint)
        if ($elsewhere) { throw "Sentinels $(($elsewhere.Sentinel) -join ', ') do not name $($df.Endpoint) as the primary of '$masterName' yet." }
    }
    elseif ($stage.Stage -in 'Elsewhere', 'Broken') {
        throw "Stage $($stage.Stage): $($stage.Detail)"
    }
    else {
        if ($stage.Stage -eq 'NotStarted') {
            Write-Verbose 'Milestone: checking readiness.'
            $failed = @(Test-MigrationReadiness -Source $src -Target $df -Sentinel $sen -MasterName $masterName |
                    Where-Object Status -EQ 'Fail' |
                    Where-Object { -not ($forceTarget -and $_.Name -eq 'TargetIsEmpty') })
            if ($failed) { throw "Not ready: $(($failed | ForEach-Object { "$($_.Name): $($_.Message)" }) -join ' ')" }
            Write-Verbose 'Milestone: starting replication.'
            # Nothing can answer a prompt here: -Confirm:$false, and -Force -Confirm:$false to replace the target's keys.
            $null = Start-DragonflyReplication -Source $src -Target $df -Force:$forceTarget -Confirm:$false
        }
        # Replicating, Steady, or Interrupted (the cutover below finishes or puts back what the stopped run did).

        Write-Verbose 'Milestone: waiting for steady replication.'
        try {
            $steady = Get-ReplicationStatus -Source $src -Target $df | Wait-ReplicationSteady -Timeout 02:30:00
        }
        catch {
            if ($_.FullyQualifiedErrorId -notlike 'WaitTimeout,*') { throw }
            Write-Output "Replication is not steady yet ($($_.Exception.Message)). Start this runbook again to resume the wait."
            return
        }

        # Compared now, while the target still receives every write: keys in flight are waited for. After
        # the cutover the old primary receives none, and Dragonfly cannot feed it.
        Write-Verbose 'Milestone: verifying while the target replicates.'
        $comparison = Compare-RedisKeyspace -Source $src -Target $df | Select-Object -First 1
        $comparison | Format-List | Out-String | Write-Output
        if (-not $comparison.IsEqual) { throw "$($comparison.DifferenceCount) sampled keys differ between $($src.Endpoint) and $($df.Endpoint) (counts match: $($comparison.CountsMatch)); see Compare-RedisKeyspace." }

        Write-Verbose 'Milestone: cutting over.'
        $result = $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName $masterName -Confirm:$false
        $result | Format-List | Out-String | Write-Output
    }
    Write-Verbose 'Milestone: done.'
}
finally {
    @($src, $df) + $sen | Disconnect-RedisNode
}

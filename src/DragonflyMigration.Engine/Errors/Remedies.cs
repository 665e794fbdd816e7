namespace DragonflyMigration.Engine.Errors
{
    /// <summary>
    /// What to do about each kind of failure, for the error records whose exception names no remedy of its
    /// own: every error a user sees carries a recommended action.
    /// </summary>
    public static class Remedies
    {
        public static string For(MigrationErrorKind kind)
        {
            switch (kind)
            {
                case MigrationErrorKind.EndpointInvalid: return "Write each node as host:port (10.0.0.1:6379, redis.example.com:6379, [::1]:6379), one per element.";
                case MigrationErrorKind.HostNotFound: return "Check the spelling of the host name and the DNS settings of this machine.";
                case MigrationErrorKind.HostUnreachable: return "Check the route and firewall between this machine and the node, or run from a machine on its network (a Hybrid Runbook Worker in Azure Automation).";
                case MigrationErrorKind.ConnectionRefused: return "Check that the server runs and listens on that port (and on an address this machine reaches: its bind setting).";
                case MigrationErrorKind.ConnectTimeout: return "Check that the node is up and reachable, or give a longer -ConnectTimeout.";
                case MigrationErrorKind.AuthenticationFailed: return "Pass -Credential with the right user name and password (user name 'default' or empty for password-only servers).";
                case MigrationErrorKind.TlsRequired: return "Connect with -UseTls (and -CaCertificatePath, or a client certificate when the server requires one).";
                case MigrationErrorKind.TlsNotSupported: return "Connect without -UseTls, or enable TLS on the server.";
                case MigrationErrorKind.TlsHandshakeFailed: return "Check -CaCertificatePath, -TlsHost and the client certificate against the server's TLS settings.";
                case MigrationErrorKind.NotRedisProtocol: return "Check the port: the service there does not speak the Redis protocol.";
                case MigrationErrorKind.NotASentinel: return "Pass the Sentinels' own addresses (usually port 26379) to -Sentinel, and data nodes to -Source and -Target.";
                case MigrationErrorKind.ConnectFailed: return "Check the address, the credentials and the TLS settings, then connect again.";
                case MigrationErrorKind.CommandFailed: return "Check that the node is up and answers (Connect-RedisNode), and that the user may run the command (ACL), then run the command again.";
                case MigrationErrorKind.PrerequisiteMissing: return "Install the program named in the message (Debian: apt-get install redis-server redis-sentinel), or put it on PATH.";
                case MigrationErrorKind.SandboxStartFailed: return "Read the server log named in the message; free ports and disk space are the usual causes.";
                case MigrationErrorKind.SourceNotPrimary: return "Pass the current primary as -Source (Get-SentinelMaster names it), and the Dragonfly node as -Target.";
                case MigrationErrorKind.TargetIsSource: return "Pass the Dragonfly node as -Target: source and target must be two servers.";
                case MigrationErrorKind.TargetNotEmpty: return "Empty the target (FLUSHALL) if its keys may go, or pass -Force -Confirm:$false to let replication replace them.";
                case MigrationErrorKind.TargetReplicatesOther: return "Stop that replication first (Stop-DragonflyReplication), or pass the node it replicates as -Source.";
                case MigrationErrorKind.TargetSettingRefused: return "Allow the user CONFIG SET on the target (ACL), or set the named setting at the target's start.";
                case MigrationErrorKind.NotReplicating: return "Start replication with Start-DragonflyReplication, then wait for it with Wait-ReplicationSteady.";
                case MigrationErrorKind.SyncLoop: return "Raise the source's client-output-buffer-limit for replicas above its write rate times the sync time, then start again.";
                case MigrationErrorKind.SourceUnreachable: return "Bring the source back, then read the state with Get-ReplicationStatus and resume the wait.";
                case MigrationErrorKind.TargetUnreachable: return "Bring the target back, then read the state with Get-ReplicationStatus and resume the wait.";
                case MigrationErrorKind.TargetRestarted: return "Its data came from a new full sync: wait for steady replication again with Get-ReplicationStatus | Wait-ReplicationSteady.";
                case MigrationErrorKind.ReplicationBroken: return "Read Get-ReplicationStatus and the target's log; fix the link (network, masterauth), then wait again.";
                case MigrationErrorKind.WaitTimeout: return "Run the wait again to resume it (Get-ReplicationStatus | Wait-ReplicationSteady), with a longer -Timeout if the sync is slow.";
                case MigrationErrorKind.MasterNameUnknown: return "Pass the name the Sentinels monitor (SENTINEL MASTERS lists them), or register it with Register-SentinelMaster.";
                case MigrationErrorKind.SentinelUnreachable: return "Bring the Sentinel back or leave it out of -Sentinel; the cutover needs every Sentinel it is given to answer.";
                case MigrationErrorKind.SentinelsDisagree: return "Wait until every Sentinel names the same primary (Get-SentinelMaster), then run again.";
                case MigrationErrorKind.SentinelInTilt: return "Wait for the Sentinel to leave TILT (about 30 s after its clock or load settles), then run again.";
                case MigrationErrorKind.TargetNotSteady: return "Wait for steady replication (Wait-ReplicationSteady), then run the cutover again.";
                case MigrationErrorKind.OtherReplicaWouldWin: return "Pass -ExcludeOtherReplicas, or give the other replicas replica-priority 0 before the cutover.";
                case MigrationErrorKind.ArmTimeout: return "Nothing changed for clients; check that every Sentinel reads the target's priority (INFO role:slave), then run again.";
                case MigrationErrorKind.CatchUpTimeout: return "Writes were released and nothing changed for clients; run again when the target's lag is lower, or with a longer -MaxWritePause.";
                case MigrationErrorKind.FailoverRefused: return "Read the Sentinel's reply in the message; check Get-SentinelMaster for a failover in progress or no good replica, then run again.";
                case MigrationErrorKind.PromotionTimeout: return "Run Invoke-SentinelFailover again: it reads the journal and finishes or puts back what this run did.";
                case MigrationErrorKind.UnexpectedPromotion: return "Read Get-SentinelMaster: another replica was promoted. Point it back with a planned failover or migrate again from the new primary.";
                case MigrationErrorKind.ConfirmTimeout: return "The target was promoted; run Get-SentinelMaster until every Sentinel names it, and check the Sentinels that did not.";
                case MigrationErrorKind.WritePauseTooLong: return "Run again with a lower write rate or a target closer to the source, or raise -MaxWritePause.";
                case MigrationErrorKind.FenceFailed: return "Writes to the old primary may still be accepted: stop its clients or shut it down, then run Invoke-SentinelFailover again to finish the fence.";
                case MigrationErrorKind.UnexpectedReply: return "Check that the node is the server the command expects (Connect-RedisNode shows its flavor and version); report the reply if it is.";
                case MigrationErrorKind.NodeIsPrimary: return "Name a replica, or the node this command is for; Get-SentinelMaster names the current primary.";
                case MigrationErrorKind.InvalidParameter: return "Correct the parameter the message names (Get-Help <command> -Parameter <name> describes it).";
                case MigrationErrorKind.FailoverInProgress: return "Wait for the Sentinels' failover to end (Get-SentinelMaster), then run again.";
                case MigrationErrorKind.QuorumUnreachable: return "Bring enough Sentinels back to reach the quorum (SENTINEL CKQUORUM), then run again.";
                case MigrationErrorKind.TargetUnreadableBySentinel: return "Start Dragonfly with --info_replication_valkey_compatible=true, or use a version that prints role:slave.";
                case MigrationErrorKind.NodeDisconnected: return "Connect the node again with Connect-RedisNode and pass the new object.";
                case MigrationErrorKind.SentinelAccessDenied: return "Grant Sentinel's user on the target the commands of its promotion transaction (see the README's ACL lines).";
                case MigrationErrorKind.CommandsDropped: return "Stop writing the commands named in the message, compare the keyspaces, and replicate again from scratch.";
                case MigrationErrorKind.CutoverInProgress: return "Wait for the other run to end; if it died, end its connection (CLIENT KILL ID) and run again, which finishes or puts back its changes.";
                case MigrationErrorKind.NodeIsSentinel: return "Pass data nodes to -Source and -Target, and the Sentinels to -Sentinel.";
                case MigrationErrorKind.TargetNotListed: return "Wait until every Sentinel lists the target as a replica (Get-SentinelMaster; about ten seconds after replication starts).";
                case MigrationErrorKind.PreflightTimeout: return "Check that every node and Sentinel answers quickly (Test-MigrationReadiness), then run again.";
                case MigrationErrorKind.TargetNotAcknowledging: return "Check the target's link (Get-ReplicationStatus) and that it sends REPLCONF ACK, then run again.";
                case MigrationErrorKind.TargetNotReadyToPromote: return "Nothing changed for clients; wait for steady replication (Wait-ReplicationSteady), then run again.";
                case MigrationErrorKind.MasterNameRequired: return "Pass -MasterName: the name the Sentinels monitor the primary under.";
                case MigrationErrorKind.ReportWriteFailed: return "Check that the folder exists and can be written, or pass another path.";
                case MigrationErrorKind.ConfirmationRequired: return "Pass -Confirm:$false to run it unattended (and -Force -Confirm:$false to Start-DragonflyReplication when the target holds keys), or -WhatIf to see what it would do.";
                case MigrationErrorKind.PlanInvalid: return "Correct each entry the message names, then import the plan again; nothing was sent to any server.";
                case MigrationErrorKind.NotReady: return "Run Test-MigrationReadiness against the group to see each failed check, fix what it names (or set ForceTarget in the plan for a target that may be overwritten), then run the plan again.";
                case MigrationErrorKind.GroupBlocked: return "Run Get-MigrationStage for the group and repair what its Detail names (restart replication, or find out why the Sentinels name another primary); the next run of the plan resumes from there.";
                case MigrationErrorKind.CredentialUnavailable: return "Create the credential the plan names (an Automation credential asset, a SecretManagement secret) or pass it in -Credential under the name the plan uses.";
                case MigrationErrorKind.WaveStopped: return "Fix the group that failed in the earlier wave (its own result says why), then run the plan again: groups already done are recognised and left as they are.";
                default: return "Read the message for the cause, then run the command again.";
            }
        }
    }
}

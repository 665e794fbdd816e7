namespace DragonflyMigration.Engine.Errors
{
    /// <summary>
    /// Why an engine operation failed. The name is the stable error id the cmdlets publish, so
    /// members are never renamed; the cmdlets map each kind to a PowerShell error category.
    /// </summary>
    public enum MigrationErrorKind
    {
        EndpointInvalid,
        HostNotFound,
        HostUnreachable,
        ConnectionRefused,
        ConnectTimeout,
        AuthenticationFailed,
        TlsRequired,
        TlsNotSupported,
        TlsHandshakeFailed,
        NotRedisProtocol,
        NotASentinel,
        ConnectFailed,
        CommandFailed,
        PrerequisiteMissing,
        SandboxStartFailed,
        SourceNotPrimary,
        TargetIsSource,
        TargetNotEmpty,
        TargetReplicatesOther,
        TargetSettingRefused,
        NotReplicating,
        SyncLoop,
        SourceUnreachable,
        TargetUnreachable,
        TargetRestarted,
        ReplicationBroken,
        WaitTimeout,
        MasterNameUnknown,
        SentinelUnreachable,
        SentinelsDisagree,
        SentinelInTilt,
        /// <summary>Replication is not steady by the one definition (the cutover's preflight, after Wait-ReplicationSteady).</summary>
        TargetNotSteady,
        OtherReplicaWouldWin,
        ArmTimeout,
        CatchUpTimeout,
        FailoverRefused,
        PromotionTimeout,
        UnexpectedPromotion,
        ConfirmTimeout,
        WritePauseTooLong,

        /// <summary>The old primary could not be fenced after the promotion.</summary>
        FenceFailed,

        /// <summary>A server answered with a reply of a shape the command never returns.</summary>
        UnexpectedReply,

        /// <summary>A node named for retirement is the group's current primary.</summary>
        NodeIsPrimary,

        /// <summary>Parameters that do not go together, or a file a parameter names that is missing.</summary>
        InvalidParameter,

        /// <summary>A Sentinel is still carrying out a failover of the primary.</summary>
        FailoverInProgress,

        /// <summary>SENTINEL CKQUORUM fails: not enough Sentinels to authorise a failover.</summary>
        QuorumUnreachable,

        /// <summary>The target prints a role Sentinel does not parse (Dragonfly's role:replica), so Sentinel reads no priority or offset of it.</summary>
        TargetUnreadableBySentinel,

        /// <summary>The node's connection was closed (Disconnect-RedisNode) before it was used.</summary>
        NodeDisconnected,

        /// <summary>A user Sentinel may authenticate as could not run its promotion transaction on the target.</summary>
        SentinelAccessDenied,

        /// <summary>The target dropped commands from the replication stream that it does not know: its data differs from the source's.</summary>
        CommandsDropped,

        /// <summary>Another run of the cutover is still connected to the source (its journal names its connection).</summary>
        CutoverInProgress,

        /// <summary>A Sentinel was given where a Redis or Dragonfly node belongs.</summary>
        NodeIsSentinel,

        /// <summary>A Sentinel does not list the target among the primary's replicas (the cutover's preflight).</summary>
        TargetNotListed,

        /// <summary>The cutover's preflight did not finish within its timeout.</summary>
        PreflightTimeout,

        /// <summary>The source counts no replica acknowledging, so no write fence could hold (the Freeze).</summary>
        TargetNotAcknowledging,

        /// <summary>Just before SENTINEL FAILOVER the target's link is down, or it is syncing or loading.</summary>
        TargetNotReadyToPromote,

        /// <summary>Sentinels were given without the name they monitor the primary under.</summary>
        MasterNameRequired,

        /// <summary>A report file could not be written.</summary>
        ReportWriteFailed,

        /// <summary>A change needs a confirmation and the session cannot prompt (a job, a CI step, -NonInteractive).</summary>
        ConfirmationRequired,

        /// <summary>A migration plan file has entries that are missing, unknown or wrong.</summary>
        PlanInvalid,

        /// <summary>A group of a plan failed readiness checks, so its replication was not started.</summary>
        NotReady,

        /// <summary>A group of a plan stands where no run can take it on (its link broken, or another primary named).</summary>
        GroupBlocked,

        /// <summary>A credential a plan refers to could not be had (no such asset, secret or parameter).</summary>
        CredentialUnavailable,

        /// <summary>A group of a plan was not run because a group of an earlier wave failed.</summary>
        WaveStopped,
    }
}

@{
    Synopsis    = "Shows each Sentinel's view of a monitored primary and whether all Sentinels agree. Read-only."
    Description = @'
Get-SentinelMaster asks every Sentinel for the primary it names (GET-MASTER-ADDR-BY-NAME), the config epoch, the quorum and the CKQUORUM verdict, whether it is in TILT, the master flags, down-after-milliseconds and failover-timeout, and its list of replicas with priority, offset, flags and the age of its INFO. For each replica it applies Sentinel's own selection rules and says whether it is eligible and, if not, why; PredictedPromotion is the replica that Sentinel would promote now.

AllSentinelsAgree is true when every Sentinel answered and all name the same primary with the same config epoch. An unknown master name is an error (MasterNameUnknown) for that Sentinel.
'@
    Parameters  = @{
        SentinelCredential = 'Connects the host:port strings given to -Sentinel (not node objects). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -Sentinel -UseTls.'
        Sentinel   = 'The Sentinels: nodes from Connect-RedisNode -Sentinel or host:port strings (default port 26379). Accepts pipeline input.'
        MasterName = 'The name the Sentinels monitor the primary under.'
    }
    Inputs      = @('DragonflyMigration.RedisNode')
    Examples    = @(
        @{ Code = 'Get-SentinelMaster -Sentinel $sen -MasterName master-instance'; Remarks = "One row per Sentinel: the primary it names, quorum, TILT and the replica it would promote." }
        @{ Code = '(Get-SentinelMaster $sen master-instance)[0].Replicas | Format-Table'; Remarks = "The first Sentinel's replicas with their priority, offset and eligibility." }
    )
    Links       = @('Connect-RedisNode')
}

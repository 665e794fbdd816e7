@{
    Synopsis    = "Counts the sandbox client's acknowledged writes that a primary does not hold."
    Description = 'Measure-SandboxWrite stops the writing client of a sandbox started with -WriteRate, then checks that the given node holds every write the client saw acknowledged. It returns one report: writes acknowledged, writes that failed loudly, acknowledged writes that are missing (lost), and the longest time the client went without a successful write. After a rehearsed cutover, Lost must be 0. It reads the primary and changes nothing on any server.'
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Primary (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        Sandbox = 'The sandbox whose client to stop and count, as returned by Start-MigrationSandbox. Accepts pipeline input.'
        Primary = 'The node that must hold every acknowledged write, usually the new primary after Invoke-SentinelFailover: a node from Connect-RedisNode or a host:port string.'
    }
    Inputs      = @('DragonflyMigration.MigrationSandbox')
    Examples    = @(
        @{ Code = '$sandbox | Measure-SandboxWrite -Primary $df'; Remarks = 'After a rehearsed cutover to $df: stops the client and reports how many acknowledged writes $df lacks.' }
    )
    Links       = @('Start-MigrationSandbox', 'Invoke-SentinelFailover')
}

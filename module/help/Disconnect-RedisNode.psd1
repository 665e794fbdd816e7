@{
    Synopsis    = 'Closes connections opened by Connect-RedisNode.'
    Description = 'Disconnect-RedisNode closes the connection of each node it is given. It changes nothing on any server. A closed node object shows IsConnected False and can no longer be used by other cmdlets.'
    Parameters  = @{ Node = 'The nodes to disconnect, as returned by Connect-RedisNode. Accepts pipeline input.' }
    Inputs      = @('DragonflyMigration.RedisNode')
    Examples    = @(
        @{ Code = '$src, $df | Disconnect-RedisNode'; Remarks = 'Closes the connections to the source and the target.' }
    )
    Links       = @('Connect-RedisNode')
}

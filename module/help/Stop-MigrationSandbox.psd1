@{
    Synopsis    = 'Stops every server of a sandbox and removes its folder.'
    Description = 'Stop-MigrationSandbox kills the servers of a sandbox started by Start-MigrationSandbox, stops its writing client if it has one, and removes its temporary folder. Stopping a sandbox twice does nothing the second time.'
    Parameters  = @{
        Sandbox = 'The sandboxes to stop, as returned by Start-MigrationSandbox. Accepts pipeline input.'
        PassThru = 'Writes each sandbox once it is stopped (IsRunning False).'
        WhatIf  = 'Shows which sandboxes would be stopped without stopping them.'
        Confirm = 'Asks for confirmation before stopping each sandbox.'
    }
    Inputs      = @('DragonflyMigration.MigrationSandbox')
    Examples    = @(
        @{ Code = '$sb | Stop-MigrationSandbox'; Remarks = 'Stops the sandbox in $sb.' }
    )
    Links       = @('Start-MigrationSandbox')
}

function Stop-AfterStart {
    <#
    Runs a script in a runspace of its own, lets it run for -RunFor, stops it as Ctrl+C would, and returns how
    long Stop() took and the state it left. The pipeline is waited for (EndInvoke) before anything is disposed,
    and it is one script, not a batch of statements: a batch's next statement, started on a worker thread
    after Stop(), found its runspace closed and crashed the whole test process.
    #>
    param([Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @(), [timespan] $RunFor = [timespan]::FromSeconds(2))
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    try {
        $null = $shell.AddScript($Script.ToString())
        foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
        $handle = $shell.BeginInvoke()
        Start-Sleep -Milliseconds $RunFor.TotalMilliseconds
        $runningWhenStopped = -not $handle.IsCompleted
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $stopTook = $clock.Elapsed
        try { $null = $shell.EndInvoke($handle) } catch { }
        [pscustomobject]@{ RunningWhenStopped = $runningWhenStopped; StopTook = $stopTook; State = $shell.InvocationStateInfo.State }
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

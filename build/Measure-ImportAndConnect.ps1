<#
.SYNOPSIS
    Times Import-Module plus a first Connect-RedisNode in fresh PowerShell processes (cold) and a
    second connect in the same process (warm); prints the medians of -Runs runs.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Runs = 7
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$sandbox = Start-MigrationSandbox -SentinelCount 0 -NoTarget
try {
    $processPath = [Environment]::ProcessPath
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
    $probe = @"
`$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$ModuleManifest'
`$import = `$sw.Elapsed.TotalMilliseconds
`$null = Connect-RedisNode '$($sandbox.Source)'
`$first = `$sw.Elapsed.TotalMilliseconds
`$sw.Restart()
`$null = Connect-RedisNode '$($sandbox.Source)'
`$warm = `$sw.Elapsed.TotalMilliseconds
"`$import;`$first;`$warm"
"@
    $samples = foreach ($i in 1..$Runs) {
        $line = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $probe
        $parts = $line.Split(';') | ForEach-Object { [double]$_ }
        [pscustomobject]@{ Import = $parts[0]; ImportAndFirstConnect = $parts[1]; WarmConnect = $parts[2] }
    }
    function Get-Median([double[]] $values) { $s = $values | Sort-Object; $s[[int][Math]::Floor($s.Count / 2)] }
    [pscustomobject]@{
        Runs                        = $Runs
        ColdImportMs                = [Math]::Round((Get-Median $samples.Import), 1)
        ColdImportAndFirstConnectMs = [Math]::Round((Get-Median $samples.ImportAndFirstConnect), 1)
        WarmConnectMs               = [Math]::Round((Get-Median $samples.WarmConnect), 1)
    }
}
finally {
    $sandbox | Stop-MigrationSandbox -Confirm:$false
}

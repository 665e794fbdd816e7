#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests and demonstrates the DragonflyMigration module.
.DESCRIPTION
    build  stages an importable module in out/DragonflyMigration/<version>/ (engine and every
           dependency under dependencies/).
    package builds and writes out/DragonflyMigration.zip (Azure Automation: the module folder with no
           version folder) and out/DragonflyMigration.<version>.nupkg (PowerShell Gallery), both with
           LICENSE and the CHANGELOG.md section of the manifest's version as release notes; prints sizes.
    test   builds, installs what the tests need (redis-server, redis-sentinel and openssl from Debian
           packages, Pester from NuGet), packages, runs the xunit and Pester suites and prints one line
           "N passed, N failed[, N skipped]".
    demo   builds, starts a sandbox with sample data, connects to every node, shows them, stops it.
    chaos  builds and runs the chaos run (not part of the test run; the test run has a 3-run version):
           -Runs sandbox migrations (default 20), each with one fault (kill -9 of the tool, SIGSTOP of
           the target, the source or a Sentinel) at a random phase of the cutover, each checked for lost
           acknowledged writes; prints the table and fails if any run lost a write or left the
           deployment neither cut over nor restored.
    bench  builds and measures (not part of the test run): Import-Module plus a first
           Connect-RedisNode in fresh processes, and a warm connect; replication of 100 MB
           and 1 GB to steady by the module against by hand, side by side; readiness and a
           sampled keyspace comparison on 10 thousand against 1 million keys; and the cutover
           against a plain SENTINEL FAILOVER under a client writing through Sentinel; and the write
           pause and lost writes per target kind (Redis, the Dragonfly stand-in's profiles, a real
           dragonfly when present); and the write pause and lost writes per network round trip
           (1, 10 and 50 ms on every path, through delaying proxies); and the plan run at 1, 4 and 8
           groups (own Sentinels, then one shared set): wall time against N times one group, write pause
           and lost writes per group and client library.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'package', 'test', 'demo', 'bench', 'chaos')]
    [string] $Task = 'build',

    [ValidateRange(1, 500)]
    [int] $Runs = 20,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$Manifest = Import-PowerShellDataFile (Join-Path $Root 'DragonflyMigration.psd1')
$Version = $Manifest.ModuleVersion
$ModuleDir = Join-Path $Out "DragonflyMigration/$Version"
$PesterVersion = '5.7.1'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    $publish = Join-Path $Out 'publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/DragonflyMigration/DragonflyMigration.csproj'),
        '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $dependencies = Join-Path $ModuleDir 'dependencies'
    New-Item -ItemType Directory -Path $dependencies, (Join-Path $ModuleDir 'en-US') -Force | Out-Null

    # Only the cmdlet assembly sits at the root; PowerShell never probes dependencies/.
    foreach ($file in Get-ChildItem $publish -File) {
        $isCmdlets = $file.BaseName -eq 'DragonflyMigration'
        if ($file.Extension -notin '.dll', '.pdb') { continue }
        Copy-Item $file.FullName -Destination ($isCmdlets ? $ModuleDir : $dependencies)
    }
    Copy-Item (Join-Path $Root 'DragonflyMigration.psd1') $ModuleDir
    Copy-Item (Join-Path $Root 'module/DragonflyMigration.Format.ps1xml'), (Join-Path $Root 'module/DragonflyMigration.Types.ps1xml') $ModuleDir
    Copy-Item (Join-Path $Root 'module/en-US/*') (Join-Path $ModuleDir 'en-US')
    Copy-Item (Join-Path $Root 'module/Diagnostics') $ModuleDir -Recurse
    # The examples the about topic names ship with the module, so an installed copy has them.
    New-Item -ItemType Directory (Join-Path $ModuleDir 'Examples') -Force | Out-Null
    Copy-Item (Join-Path $Root 'examples/*.ps1'), (Join-Path $Root 'examples/*.psd1') (Join-Path $ModuleDir 'Examples')
    # Help is generated from the built cmdlets in a separate process, so this one never loads the module.
    $pwsh = Get-PwshCommand
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'build/New-MamlHelp.ps1'),
        '-ModuleManifest', (Join-Path $ModuleDir 'DragonflyMigration.psd1'), '-HelpDataDirectory', (Join-Path $Root 'module/help'),
        '-OutputPath', (Join-Path $ModuleDir 'en-US/DragonflyMigration.dll-Help.xml'))
    Invoke-Native $pwsh[0] $arguments
    Write-Host "Module staged in $ModuleDir"
}

function Get-ReleaseNotes {
    # CHANGELOG.md is the one source of release notes: the section of the manifest's version, without its heading.
    $changelog = Get-Content (Join-Path $Root 'CHANGELOG.md') -Raw
    $section = [regex]::Match($changelog, "(?ms)^## \[$([regex]::Escape($Version))\][^\n]*\n(?<notes>.*?)(?=^## \[|\z)")
    $notes = $section.Groups['notes'].Value.Trim()
    if (-not $notes) { throw "CHANGELOG.md has no section for $Version, the manifest's ModuleVersion: add '## [$Version] - <date>' with its changes." }
    $notes
}

function Set-ReleaseNotes {
    # Written into the packaged copy only, as text, so the manifest keeps its layout and comments.
    param([string] $ManifestPath, [string] $Notes)
    if ($Notes -match "(?m)^'@") { throw "The release notes of $Version have a line starting with '@, which would end the manifest's here-string." }
    $text = Get-Content $ManifestPath -Raw
    $withNotes = [regex]::Replace($text, '(?m)^(\s*)PSData\s*=\s*@\{[^\n]*\n', { param($m) "$($m.Value)$($m.Groups[1].Value)    ReleaseNotes = @'`n$Notes`n'@`n" })
    Set-Content -Path $ManifestPath -Value $withNotes -NoNewline
    $written = (Import-PowerShellDataFile $ManifestPath).PrivateData.PSData.ReleaseNotes
    if ($written -ne $Notes) { throw "The release notes did not land in $ManifestPath." }
}

function Set-CommandTags {
    # PSResourceGet finds a module by command (Find-PSResource -CommandName) through PSCommand_ and PSCmdlet_
    # tags, which PowerShellGet used to derive from the manifest on publishing and Compress-PSResource does
    # not. Written into the packaged copy only, from the manifest's own export list.
    param([string] $ManifestPath)
    $cmdlets = (Import-PowerShellDataFile $ManifestPath).CmdletsToExport
    $tags = @('PSIncludes_Cmdlet') + @($cmdlets | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })
    $text = Get-Content $ManifestPath -Raw
    $withTags = [regex]::Replace($text, '(?m)^(\s*Tags\s*=\s*@\()([^)]*)\)', { param($m) "$($m.Groups[1].Value)$($m.Groups[2].Value), $(($tags | ForEach-Object { "'$_'" }) -join ', '))" })
    Set-Content -Path $ManifestPath -Value $withTags -NoNewline
    $written = (Import-PowerShellDataFile $ManifestPath).PrivateData.PSData.Tags
    if ($tags | Where-Object { $_ -notin $written }) { throw "The command tags did not land in $ManifestPath." }
}

function Invoke-Package {
    if (-not (Get-Command Compress-PSResource -ErrorAction Ignore)) {
        throw 'Compress-PSResource (PSResourceGet 1.1, shipped with PowerShell 7.6) is missing: run this script with the tool manifest''s PowerShell (dotnet tool restore && dotnet pwsh ./build.ps1 package).'
    }
    # One copy of the staged module, in a folder named like the module, feeds both packages: Azure
    # Automation wants that folder at the zip's top with the manifest directly inside (no version folder).
    $staging = Join-Path $Out 'package'
    $module = Join-Path $staging 'DragonflyMigration'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    New-Item -ItemType Directory -Path $staging | Out-Null
    Copy-Item $ModuleDir $module -Recurse
    Copy-Item (Join-Path $Root 'LICENSE') $module
    Set-ReleaseNotes -ManifestPath (Join-Path $module 'DragonflyMigration.psd1') -Notes (Get-ReleaseNotes)
    Set-CommandTags -ManifestPath (Join-Path $module 'DragonflyMigration.psd1')

    $zip = Join-Path $Out 'DragonflyMigration.zip'
    if (Test-Path $zip) { Remove-Item $zip }
    [IO.Compression.ZipFile]::CreateFromDirectory($module, $zip, [IO.Compression.CompressionLevel]::Optimal, $true)

    Get-ChildItem $Out -Filter 'DragonflyMigration.*.nupkg' | Remove-Item
    $nupkg = Compress-PSResource -Path $module -DestinationPath $Out -PassThru
    foreach ($file in (Get-Item $zip), $nupkg) {
        Write-Host ('{0}: {1:N0} bytes ({2:N1} MiB)' -f $file.FullName, $file.Length, ($file.Length / 1MB))
    }
}

function Install-TestServers {
    # The tests also make TLS certificates with openssl and render the migration report with a headless
    # chromium; each command comes from the Debian package of its name.
    $missing = @(@('redis-server', 'redis-sentinel', 'openssl', 'chromium') | Where-Object { -not (Get-Command $_ -ErrorAction Ignore) })
    # redis-py (Debian's python3-redis) is the tests' second client library; it serves Debian's own python3.
    $hasRedisPy = (Test-Path /usr/bin/python3) -and $(& /usr/bin/python3 -c 'import redis' 2>$null; $LASTEXITCODE -eq 0)
    if (-not $hasRedisPy) { $missing += 'python3-redis' }
    if (-not $missing) { return }
    $apt = Get-Command apt-get -ErrorAction Ignore
    if (-not $apt) { throw "$($missing -join ', ') missing and apt-get is not available: install them by hand (Redis 7's redis-server and redis-sentinel, openssl, chromium and python3-redis)." }
    if ((id -u) -ne '0') { throw "$($missing -join ', ') missing: run as root so the build can install the Debian packages, or install them first (sudo apt-get install $($missing -join ' '))." }
    Write-Host "Installing the Debian packages $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get @(@('install', '-y', '-qq', '--no-install-recommends') + $missing)
    # The packages start system services on the default ports; tests use their own ports and need none.
    foreach ($service in 'redis-server', 'redis-sentinel') {
        if (Get-Command service -ErrorAction Ignore) { service $service stop 2>$null | Out-Null }
    }
}

function Restore-TestTools {
    # Pester, plus other versions of the module's dependencies for the isolation test.
    $packages = Join-Path $Out 'packages'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/Tools.csproj'), '--packages', $packages, '--nologo', '-v', 'quiet')
    $packages
}

function Get-PwshCommand {
    # Under 'dotnet pwsh' the process is dotnet itself; a child session then needs pwsh.dll.
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { return @($processPath, (Join-Path $PSHOME 'pwsh.dll')) }
    @($processPath)
}

function Invoke-XunitTests {
    $results = Join-Path $Out 'test-results'
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    & dotnet test (Join-Path $Root 'tests/DragonflyMigration.Engine.Tests/DragonflyMigration.Engine.Tests.csproj') `
        -c $Configuration --nologo --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=normal' --results-directory $results | Out-Host
    if (-not (Test-Path $trx)) { throw 'The xunit run produced no results file.' }
    $run = ([xml](Get-Content $trx -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    $failedNames = @($run.Results.UnitTestResult | Where-Object { $_.outcome -notin 'Passed', 'NotExecuted' } | ForEach-Object { $_.testName })
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Skipped = [int]$counters.notExecuted; FailedNames = $failedNames }
}

function Invoke-PesterTests {
    $packages = Restore-TestTools
    $pester = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    $results = Join-Path $Out 'test-results'
    New-Item -ItemType Directory -Path $results -Force | Out-Null
    $summary = Join-Path $results 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    $pwsh = Get-PwshCommand
    $exe = $pwsh[0]
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/Pester/Invoke-ModuleTests.ps1'),
        '-PesterPath', $pester, '-ModuleManifest', (Join-Path $ModuleDir 'DragonflyMigration.psd1'), '-ResultDirectory', $results, '-PackageDirectory', $packages)
    & $exe @arguments | Out-Host
    if (-not (Test-Path $summary)) { throw 'The Pester run produced no summary.' }
    Get-Content $summary -Raw | ConvertFrom-Json
}

function Invoke-Test {
    Install-TestServers
    Invoke-Build
    # Package.Tests.ps1 imports the zip and reads the nupkg this writes.
    Invoke-Package
    $xunit = Invoke-XunitTests
    $pester = Invoke-PesterTests
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    foreach ($name in @($xunit.FailedNames) + @($pester.FailedNames) | Where-Object { $_ }) { Write-Host "failed: $name" }
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    $line = "$passed passed, $failed failed" + ($skipped -gt 0 ? ", $skipped skipped" : '')
    Set-Content -Path (Join-Path $Out 'test-results/summary.txt') -Value $line
    Write-Host $line
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Install-TestServers
    Invoke-Build
    & (Join-Path $Root 'examples/Demo.ps1') -ModuleManifest (Join-Path $ModuleDir 'DragonflyMigration.psd1')
}

function Invoke-Bench {
    Install-TestServers
    Invoke-Build
    $manifest = Join-Path $ModuleDir 'DragonflyMigration.psd1'
    & (Join-Path $Root 'build/Measure-ImportAndConnect.ps1') -ModuleManifest $manifest | Format-List | Out-Host
    & (Join-Path $Root 'build/Measure-Replication.ps1') -ModuleManifest $manifest | Out-Null
    & (Join-Path $Root 'build/Measure-SampledChecks.ps1') -ModuleManifest $manifest
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'bench/DragonflyMigration.Bench'), '-c', $Configuration)
    & (Join-Path $Root 'build/Measure-CutoverByTarget.ps1') -Root $Root -Configuration $Configuration
    & (Join-Path $Root 'build/Measure-CutoverByLatency.ps1') -Root $Root -Configuration $Configuration
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'bench/DragonflyMigration.Bench'), '-c', $Configuration, '--', 'fleet')
}

function Invoke-Chaos {
    Install-TestServers
    Invoke-Build
    $rows = & (Join-Path $Root 'tests/Chaos/Invoke-ChaosRun.ps1') -ModuleManifest (Join-Path $ModuleDir 'DragonflyMigration.psd1') -Runs $Runs
    $bad = @($rows | Where-Object { $_.LostSE -gt 0 -or $_.LostPy -gt 0 -or $_.Outcome -notin 'completed', 'rolled back' -or $_.Problems })
    Write-Host "$($rows.Count) run(s), $($bad.Count) failed."
    if ($bad) { exit 1 }
}

switch ($Task) {
    'build' { Invoke-Build }
    'package' { Invoke-Build; Invoke-Package }
    'test' { Invoke-Test }
    'demo' { Invoke-Demo }
    'bench' { Invoke-Bench }
    'chaos' { Invoke-Chaos }
}

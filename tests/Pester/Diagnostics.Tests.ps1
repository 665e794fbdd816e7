BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # Protected like a real deployment: 'default' has one password, the README's gate user 'migrator' another,
    # so a gate that ignored -User could not connect.
    $script:adminPassword = 'gate-admin-Pw-41'
    $script:migratorPassword = 'gate-migrator-Pw-17'
    $script:sandbox = Start-MigrationSandbox -SentinelCount 2 -Quorum 1 -SampleKeyCount 50 -RedisTarget -Password (ConvertTo-SecureString $adminPassword -AsPlainText -Force)
    function Invoke-Cli([string] $Endpoint) {
        $env:REDISCLI_AUTH = $adminPassword
        try { & redis-cli -p ($Endpoint -split ':')[-1] @args } finally { $env:REDISCLI_AUTH = $null }
    }
    foreach ($node in $sandbox.Source, $sandbox.Target) { Invoke-Cli $node ACL SETUSER migrator on ">$migratorPassword" '~*' '&*' '+@all' | Out-Null }

    $script:pester = (Get-ChildItem (Join-Path $env:DFMIG_PACKAGES 'pester/*/tools/Pester.psd1'))[0].FullName
    $script:gate = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/Readiness-Gate.ps1')).Path
    $processPath = [Environment]::ProcessPath
    $script:pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }

    # The gate runs in its own process, as in a pipeline, and imports Pester and the module by name:
    # a module folder links to both. A 'pwsh' on PATH runs this PowerShell, as a CI image's would.
    $script:modules = Join-Path $TestDrive 'modules'
    New-Item -ItemType Directory $modules | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $modules 'Pester') -Target (Split-Path $pester) | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $modules 'DragonflyMigration') -Target (Split-Path (Split-Path $env:DFMIG_MODULE_MANIFEST)) | Out-Null
    $script:bin = Join-Path $TestDrive 'bin'
    New-Item -ItemType Directory $bin | Out-Null
    Set-Content (Join-Path $bin 'pwsh') "#!/bin/sh`nexec $(($pwsh | ForEach-Object { "'$_'" }) -join ' ') `"`$@`"`n"
    & chmod +x (Join-Path $bin 'pwsh')

    # Runs a command line in bash with the gate's environment: the module folder, the 'pwsh' above, and the passwords.
    function Invoke-Shell([string] $CommandLine, [string] $Report, [hashtable] $Environment = @{}) {
        $saved = @{}
        $environment = @{ PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath; PATH = $bin + [IO.Path]::PathSeparator + $env:PATH } + $Environment
        foreach ($name in $environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
        try { $output = & bash -c $CommandLine 2>&1 | Out-String; $exitCode = $LASTEXITCODE }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        [pscustomobject]@{ ExitCode = $exitCode; Output = $output; Report = if ($Report -and (Test-Path $Report)) { [xml](Get-Content $Report -Raw) } }
    }

    # The gate as a CI step calls it: pwsh -File, each argument a word.
    function Invoke-Gate([string] $Target = $sandbox.Target, [string] $Report, [string[]] $Extra = @()) {
        $words = @('pwsh', '-NoProfile', '-NonInteractive', '-File', $gate, '-Source', $sandbox.Source, '-Target', $Target,
            '-Sentinel', ($sandbox.Sentinels -join ','), '-MasterName', $sandbox.MasterName, '-User', 'migrator', '-OutputPath', $Report) + $Extra
        Invoke-Shell (($words | ForEach-Object { "'$_'" }) -join ' ') $Report @{ REDIS_PASSWORD = $migratorPassword }
    }

    # A README code block with its example endpoints replaced by the sandbox's.
    function Get-ReadmeGateCommand([string] $Language, [string] $Report) {
        $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
        $block = [regex]::Matches($readme, '(?s)```' + $Language + '\r?\n(.*?)```') | ForEach-Object { $_.Groups[1].Value } |
            Where-Object { $_ -like '*Readiness-Gate.ps1*' } | Select-Object -First 1
        $block | Should -Not -BeNullOrEmpty -Because "the README shows the gate in a $Language block"
        $block.Replace('./examples/Readiness-Gate.ps1', $gate).Replace('10.0.0.1:6379', $sandbox.Source).Replace('10.0.0.2:6380', $sandbox.Target).
            Replace('10.0.0.3:26379', $sandbox.Sentinels[0]).Replace('10.0.0.4:26379', $sandbox.Sentinels[1]).
            Replace('master-instance', $sandbox.MasterName).Replace('readiness.xml', $Report)
    }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'The shipped readiness suite' {
    It 'is part of the built module' {
        Join-Path (Split-Path $env:DFMIG_MODULE_MANIFEST) 'Diagnostics/Readiness.Tests.ps1' | Should -Exist
    }

    It 'passes a clean sandbox through the example CI gate, as the README''s migrator user, and writes a JUnit report' {
        $run = Invoke-Gate -Report (Join-Path $TestDrive 'clean.xml')
        $run.ExitCode | Should -Be 0 -Because $run.Output
        [int] $run.Report.testsuites.tests | Should -BeGreaterThan 20
        [int] $run.Report.testsuites.failures | Should -Be 0
        $run.Report.SelectNodes('//testcase').name | Should -Contain 'Migration readiness.Sentinel.SentinelPromotion'
    }

    It 'reports a warning with its message, where CI test tabs show it' {
        $run = Invoke-Gate -Report (Join-Path $TestDrive 'warn.xml')
        $warning = $run.Report.SelectNodes('//testcase') | Where-Object name -EQ 'Migration readiness.Backup.LastSave'
        $warning.skipped.message | Should -Match 'Warn: The source has not saved'
        $run.Output | Should -Match '\d+ passed, 0 failed, [1-9]\d* warnings'
        $run.ExitCode | Should -Be 0
        (Invoke-Gate -Report (Join-Path $TestDrive 'warn-fails.xml') -Extra '-FailOnWarning').ExitCode | Should -Be 1
    }

    It 'fails the gate on a failed check, with its remediation in the report' {
        Invoke-Cli $sandbox.Target SET stray value | Out-Null
        try {
            $run = Invoke-Gate -Report (Join-Path $TestDrive 'stray.xml')
        }
        finally { Invoke-Cli $sandbox.Target DEL stray | Out-Null }
        $run.ExitCode | Should -Be 1
        [int] $run.Report.testsuites.failures | Should -Be 1
        $failed = $run.Report.SelectNodes('//testcase[failure]')
        $failed.name | Should -Be 'Migration readiness.Topology.TargetIsEmpty'
        $failed.failure.message | Should -Match 'FLUSHALL'
    }

    It 'fails the reachability test of a target at a closed port and still runs the source''s checks, keeping the report''s shape' {
        $clean = Invoke-Gate -Report (Join-Path $TestDrive 'up.xml')
        $run = Invoke-Gate -Target "127.0.0.1:$(Get-FreeTcpPort)" -Report (Join-Path $TestDrive 'down.xml')
        $run.ExitCode | Should -Be 1
        $run.Report.SelectNodes('//testcase[failure]').name | Should -Be 'Migration readiness.Connectivity.TargetReachable'
        $run.Report.SelectNodes('//testcase[failure]')[0].failure.message | Should -Match 'Could not connect'
        [int] $run.Report.testsuites.errors | Should -Be 0
        $run.Report.SelectNodes('//testcase').name | Should -Be $clean.Report.SelectNodes('//testcase').name
        $passed = @($run.Report.SelectNodes('//testcase') | Where-Object { -not $_.skipped -and -not $_.failure }).name
        $passed | Should -Contain 'Migration readiness.Connectivity.SourceReachable'
        $passed | Should -Contain 'Migration readiness.Sentinel.SentinelAgreement'
    }

    It 'refuses -Sentinel without -MasterName with a message and exit code 2, before connecting anything' {
        $run = Invoke-Shell "pwsh -NoProfile -File '$gate' -Source '$($sandbox.Source)' -Target '$($sandbox.Target)' -Sentinel '$($sandbox.Sentinels[0])'"
        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match '-Sentinel needs -MasterName'
    }

    It 'runs the README''s command from bash: -RequireDragonfly fails the Redis target, and only that' {
        $report = Join-Path $TestDrive 'readme-bash.xml'
        $run = Invoke-Shell (Get-ReadmeGateCommand 'bash' $report) $report @{ MIGRATOR_PASSWORD = $migratorPassword }
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $failed = $run.Report.SelectNodes('//testcase[failure]')
        $failed.name | Should -Be 'Migration readiness.Compatibility.TargetVersion'
        $failed.failure.message | Should -Match 'Dragonfly was required'
    }

    It 'runs the README''s command from pwsh and passes' {
        $report = Join-Path $TestDrive 'readme-pwsh.xml'
        $script = "`$migratorPassword = '$migratorPassword'`n" + (Get-ReadmeGateCommand 'powershell' $report) + "`nexit `$LASTEXITCODE"
        $file = Join-Path $TestDrive 'readme-gate.ps1'
        Set-Content $file $script
        $run = Invoke-Shell "pwsh -NoProfile -NonInteractive -File '$file'" $report
        $run.ExitCode | Should -Be 0 -Because $run.Output
        [int] $run.Report.testsuites.failures | Should -Be 0
    }
}

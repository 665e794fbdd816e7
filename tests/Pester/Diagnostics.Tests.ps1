BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 50 -RedisTarget
    $script:pester = (Get-ChildItem (Join-Path $env:DFMIG_PACKAGES 'pester/*/tools/Pester.psd1'))[0].FullName
    $script:gate = Join-Path $PSScriptRoot '../../examples/Readiness-Gate.ps1'
    $processPath = [Environment]::ProcessPath
    $script:pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }

    # The gate runs in its own process, as in a pipeline, and imports Pester and the module by name:
    # a module folder links to both.
    $script:modules = Join-Path $TestDrive 'modules'
    New-Item -ItemType Directory $modules | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $modules 'Pester') -Target (Split-Path $pester) | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $modules 'DragonflyMigration') -Target (Split-Path (Split-Path $env:DFMIG_MODULE_MANIFEST)) | Out-Null

    function Invoke-Gate([string] $Target, [string] $Report) {
        $script = "`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath; " +
            "& '$gate' -Source '$($sandbox.Source)' -Target '$Target' -Sentinel '$($sandbox.Sentinels[0])' -MasterName '$($sandbox.MasterName)' -OutputPath '$Report'; exit `$LASTEXITCODE"
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output; Report = if (Test-Path $Report) { [xml](Get-Content $Report -Raw) } }
    }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'The shipped readiness suite' {
    It 'is part of the built module' {
        Join-Path (Split-Path $env:DFMIG_MODULE_MANIFEST) 'Diagnostics/Readiness.Tests.ps1' | Should -Exist
    }

    It 'passes a clean sandbox through the example CI gate and writes a JUnit report' {
        $run = Invoke-Gate -Target $sandbox.Target -Report (Join-Path $TestDrive 'clean.xml')
        $run.ExitCode | Should -Be 0 -Because $run.Output
        [int] $run.Report.testsuites.tests | Should -BeGreaterThan 20
        [int] $run.Report.testsuites.failures | Should -Be 0
        $run.Report.SelectNodes('//testcase').name | Should -Contain 'Migration readiness.Sentinel.SentinelPromotion'
    }

    It 'fails the gate on a failed check, with its remediation in the report' {
        & redis-cli -p ($sandbox.Target -split ':')[-1] SET stray value | Out-Null
        try {
            $run = Invoke-Gate -Target $sandbox.Target -Report (Join-Path $TestDrive 'stray.xml')
        }
        finally { & redis-cli -p ($sandbox.Target -split ':')[-1] DEL stray | Out-Null }
        $run.ExitCode | Should -Be 1
        [int] $run.Report.testsuites.failures | Should -Be 1
        $failed = $run.Report.SelectNodes('//testcase[failure]')
        $failed.name | Should -Be 'Migration readiness.Topology.TargetIsEmpty'
        $failed.failure.message | Should -Match 'FLUSHALL'
    }

    It 'fails the reachability test of a target at a closed port and skips every other check, keeping the report''s shape' {
        $clean = Invoke-Gate -Target $sandbox.Target -Report (Join-Path $TestDrive 'up.xml')
        $run = Invoke-Gate -Target "127.0.0.1:$(Get-FreeTcpPort)" -Report (Join-Path $TestDrive 'down.xml')
        $run.ExitCode | Should -Be 1
        $run.Report.SelectNodes('//testcase[failure]').name | Should -Be 'Migration readiness.Connectivity.TargetReachable'
        [int] $run.Report.testsuites.errors | Should -Be 0
        $run.Report.SelectNodes('//testcase').name | Should -Be $clean.Report.SelectNodes('//testcase').name
        $run.Report.SelectNodes('//testcase[skipped]').Count | Should -Be ([int] $run.Report.testsuites.tests - 1)
        $run.Report.SelectNodes('//testcase[skipped]')[0].skipped.message | Should -Match 'Not run: Could not connect'
    }
}

# The short chaos run of .ci/run: three sandbox migrations, each with one random fault at a random phase
# (tests/Chaos/Invoke-ChaosRun.ps1; `build.ps1 chaos` runs twenty). The seed is printed, so a failure can
# be replayed with -Seed.

BeforeDiscovery {
    $script:seed = Get-Random -Maximum 1000000
}

Describe 'A short chaos run (seed <seed>)' -ForEach @{ seed = $seed } {
    BeforeAll {
        $script:rows = @(& (Join-Path $PSScriptRoot '../Chaos/Invoke-ChaosRun.ps1') -ModuleManifest $env:DFMIG_MODULE_MANIFEST -Runs 3 -Seed $seed)
    }

    It 'ran three migrations' {
        $rows.Count | Should -Be 3
    }

    It 'lost no acknowledged write in any run, with either client library' {
        $rows | ForEach-Object {
            $_.Acknowledged | Should -BeGreaterThan 0
            $_.LostSE | Should -Be 0 -Because "run $($_.Run) ($($_.Fault) at $($_.When))"
            $_.LostPy | Should -Be 0 -Because "run $($_.Run) ($($_.Fault) at $($_.When))"
        }
    }

    It 'ended every run with a completed cutover or a restored source' {
        $rows | ForEach-Object {
            $_.Outcome | Should -BeIn @('completed', 'rolled back') -Because "run $($_.Run) ($($_.Fault) at $($_.When))"
            $_.Problems | Should -BeNullOrEmpty -Because "run $($_.Run) ($($_.Fault) at $($_.When))"
        }
    }
}

# The README's one-command fleet rehearsal, run as it is: two groups on one shared set of Sentinels.

Describe 'examples/Rehearse-Fleet.ps1' {
    It 'rehearses a fleet on sandboxes: every group cut over, nothing lost, one report' {
        $report = Join-Path $TestDrive 'fleet.html'
        $output = & (Join-Path $PSScriptRoot '../../examples/Rehearse-Fleet.ps1') -Groups 2 -SharedSentinels -ReportPath $report -ModuleManifest $env:DFMIG_MODULE_MANIFEST
        $results = @($output | Where-Object { $_ -is [DragonflyMigration.MigrationGroupResult] })
        $results.Count | Should -Be 4
        ($results | Where-Object Requested -EQ 'CutOver').Result | Should -Be @('Succeeded', 'Succeeded')
        $writes = @($output | Where-Object { $_ -is [DragonflyMigration.SandboxWriteReport] })
        $writes.Count | Should -Be 1
        $writes[0].Lost | Should -Be 0
        $writes[0].Acknowledged | Should -BeGreaterThan 50
        ($output | Where-Object { $_ -is [DragonflyMigration.MigrationReportFile] }).Sections | Should -Contain 'Groups'
        Get-Content $report -Raw | Should -Match '2 group\(s\): 2 succeeded'
    }
}

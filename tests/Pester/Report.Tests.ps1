# A real short runbook on a sandbox with a password, then its report: the HTML and Markdown must name what the
# runbook did, never the password, and the HTML must render in a browser to more than a blank page.
BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:password = 'pw-' + [guid]::NewGuid().ToString('N')
    $secure = ConvertTo-SecureString $password -AsPlainText -Force
    $script:credential = [pscredential]::new('default', $secure)
    $script:sandbox = Start-MigrationSandbox -Password $secure -SentinelCount 1 -RedisTarget -FastSentinelTimers -DownAfterMilliseconds 10000 -SampleKeyCount 200 -WriteRate 50
    $script:src = Connect-RedisNode $sandbox.Source -Credential $credential
    $script:tgt = Connect-RedisNode $sandbox.Target -Credential $credential
    $script:sen = Connect-RedisNode $sandbox.Sentinels -Sentinel

    $script:checks = Test-MigrationReadiness -Source $src -Target $tgt -Sentinel $sen -MasterName $sandbox.MasterName
    $script:steady = Start-DragonflyReplication -Source $src -Target $tgt -Confirm:$false | Wait-ReplicationSteady -StableFor 00:00:02
    $script:cutover = $steady | Invoke-SentinelFailover -Sentinel $sen -MasterName $sandbox.MasterName -Confirm:$false
    Start-Sleep -Seconds 1
    $script:comparison = Compare-RedisKeyspace -Source $src -Target $tgt
    $script:retired = Complete-DragonflyMigration -Sentinel $sen -MasterName $sandbox.MasterName -Node $sandbox.Source -Credential $credential -Shutdown -Confirm:$false

    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ('dfmig-report-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $dir | Out-Null
    $script:html = Join-Path $dir 'report.html'

    # Renders a page as a PNG with headless chromium, in a profile of its own so parallel runs do not share one.
    function Save-Screenshot([string] $Page, [string] $Png) {
        $chromium = (Get-Command chromium -ErrorAction Stop).Source
        & timeout 120 $chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "--user-data-dir=$(Join-Path $dir 'chromium-profile')" `
            "--screenshot=$Png" '--window-size=1200,1600' "file://$Page" 2>&1 | Out-Null
        if (-not (Test-Path $Png)) { throw "chromium wrote no screenshot of $Page." }
        (Get-Item $Png).Length
    }
}

AfterAll {
    foreach ($node in @($src, $tgt, $sen)) { if ($node) { $node | Disconnect-RedisNode } }
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
    if ($dir) { Remove-Item $dir -Recurse -Force -ErrorAction Ignore }
}

Describe 'Export-MigrationReport after a real runbook' {
    It 'keeps the samples of the wait' {
        $steady.Samples.Count | Should -BeGreaterOrEqual 3
        $steady.Samples[-1].State | Should -Be 'Streaming'
        $steady.Samples[-1].Timestamp | Should -BeGreaterThan $steady.Samples[0].Timestamp
    }

    It 'writes nothing with -WhatIf' {
        $checks, $steady, $cutover, $comparison, $retired | Export-MigrationReport -Path $html -WhatIf
        Test-Path $html | Should -BeFalse
        Test-Path ([IO.Path]::ChangeExtension($html, '.md')) | Should -BeFalse
    }

    It 'writes the HTML and Markdown from the pipeline' {
        $file = $checks, $steady, $cutover, $comparison, $retired | Export-MigrationReport -Path $html -Title 'CHG-4711 cache cutover'
        $file | Should -BeOfType ([DragonflyMigration.MigrationReportFile])
        $file.HtmlPath | Should -Be $html
        $file.MarkdownPath | Should -Be ([IO.Path]::ChangeExtension($html, '.md'))
        $file.Sections | Should -Be @('Readiness', 'Replication', 'Cutover', 'Verification', 'Retirement')
        $file.ServerChanges | Should -BeGreaterThan 5
        ($file | Format-List | Out-String) | Should -Match 'Sections\s*:\s*Readiness, Replication'

        $page = Get-Content $html -Raw
        $md = Get-Content $file.MarkdownPath -Raw
        foreach ($text in @($page, $md)) {
            $text | Should -Match 'CHG-4711 cache cutover'
            $text | Should -Match ([regex]::Escape($sandbox.MasterName))
            $text | Should -Match ([regex]::Escape($sandbox.Source))
            $text | Should -Match ([regex]::Escape($sandbox.Target))
            foreach ($phase in $cutover.Phases.Name) { $text | Should -Match "\b$phase\b" }
            $text | Should -Match ([regex]::Escape(('{0:0.#} ms' -f $cutover.WritePauseMilliseconds)))
            foreach ($check in $checks.Name) { $text | Should -Match "\b$check\b" }
            $text | Should -Match 'SENTINEL FAILOVER'
            $text | Should -Match 'SHUTDOWN SAVE'
            $text | Should -Match 'SENTINEL RESET'
            $text | Should -Match 'Redis \d+\.\d+\.\d+ → Redis \d+\.\d+\.\d+' -Because 'the servers, flavor and version, are named'
            $text | Should -Match ([regex]::Escape([Environment]::MachineName))
            $text | Should -Not -Match $password
        }
        $page | Should -Match '<polyline class="lag"'
        $page | Should -Match 'class="pause"'
        $page | Should -Not -Match '<script'
        $page | Should -Not -Match '(src|href)='
    }

    It 'renders in a browser to more than a blank page' {
        $blank = Join-Path $dir 'blank.html'
        Set-Content $blank '<!DOCTYPE html><html><body></body></html>'
        $blankSize = Save-Screenshot $blank (Join-Path $dir 'blank.png')
        $reportSize = Save-Screenshot $html (Join-Path $dir 'report.png')
        $reportSize | Should -BeGreaterThan ([math]::Max(50KB, 5 * $blankSize))
        # Set to a folder to keep the report of a real run, e.g. for the README's screenshot.
        if ($env:DFMIG_REPORT_COPY) { Copy-Item $html, ([IO.Path]::ChangeExtension($html, '.md')) $env:DFMIG_REPORT_COPY -Force }
    }

    It 'refuses to overwrite without -Force and overwrites with it' {
        { Export-MigrationReport -Path $html -InputObject $cutover -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*'
        $file = Export-MigrationReport -Path $html -Failover $cutover -Readiness $checks -Force
        $file.Sections | Should -Be @('Readiness', 'Cutover')
        Get-Content $html -Raw | Should -Match 'Not given to the report'
    }

    It 'names bad paths and empty input with stable error ids' {
        { Export-MigrationReport -Path (Join-Path $dir 'no-such-folder/r.html') -InputObject $cutover -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*'
        { Export-MigrationReport -Path $dir -InputObject $cutover -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*'
        { Export-MigrationReport -Path (Join-Path $dir 'x.md') -InputObject $cutover -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*'
        { Export-MigrationReport -Path (Join-Path $dir 'empty.html') -InputObject 'text' -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidParameter,*'
    }
}

# The shipped examples are read, not run, by most users: each must at least parse.

BeforeDiscovery {
    $script:examples = Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Filter *.ps1 | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

Describe 'The examples' {
    It 'has examples to check' {
        $examples.Count | Should -BeGreaterThan 0
    }

    It '<Name> parses without errors' -ForEach $examples {
        $tokens = $null
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors) | Out-Null
        $errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" } | Should -BeNullOrEmpty
    }
}

Describe 'The Azure Automation runbook' {
    BeforeAll {
        $script:runbook = [System.Management.Automation.Language.Parser]::ParseFile(
            (Join-Path $PSScriptRoot '../../examples/AzureAutomation-Runbook.ps1'), [ref] $null, [ref] $null)
        $script:commands = $runbook.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)
        function Get-Call([string] $Name) { $commands | Where-Object { $_.GetCommandName() -eq $Name } }
    }

    It 'takes its settings and credentials from Automation assets' {
        Get-Call 'Get-AutomationVariable' | Should -Not -BeNullOrEmpty
        Get-Call 'Get-AutomationPSCredential' | Should -Not -BeNullOrEmpty
    }

    It 'never prompts: every cmdlet that can ask is called with -Confirm:$false' {
        foreach ($name in 'Start-DragonflyReplication', 'Invoke-SentinelFailover') {
            $calls = @(Get-Call $name)
            $calls | Should -Not -BeNullOrEmpty
            $calls | ForEach-Object { $_.Extent.Text | Should -Match '-Confirm:\$false' }
        }
    }

    It 'resumes a running replication with Get-ReplicationStatus | Wait-ReplicationSteady' {
        $runbook.Extent.Text | Should -Match 'Get-ReplicationStatus[^\r\n|]*\|\s*Wait-ReplicationSteady'
    }

    It 'uses only commands the module exports, Automation provides or PowerShell has' {
        Import-Module $env:DFMIG_MODULE_MANIFEST -Force
        $automation = 'Get-AutomationVariable', 'Get-AutomationPSCredential'
        $unknown = $commands | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ } | Select-Object -Unique |
            Where-Object { $_ -notin $automation -and -not (Get-Command $_ -ErrorAction Ignore) }
        $unknown | Should -BeNullOrEmpty
    }
}

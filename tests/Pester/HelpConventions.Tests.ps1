BeforeDiscovery {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:commands = Get-Command -Module DragonflyMigration -CommandType Cmdlet |
        ForEach-Object { @{ Name = $_.Name; ShouldProcess = $_.Parameters.ContainsKey('WhatIf') } }
}

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $text = $help | Out-String -Width 200
        $syntax = ($help.syntax | Out-String -Width 1000)
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $parameters = $command.Parameters.Values | Where-Object { $_.Name -notin $common }
    }

    It 'has a synopsis and at least one example' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 1
        $help.examples.example[0].code | Should -Not -BeNullOrEmpty
    }

    It 'shows -WhatIf and -Confirm in every syntax exactly when it supports ShouldProcess' {
        foreach ($item in @($help.syntax.syntaxItem)) {
            $names = @($item.parameter.name)
            if ($ShouldProcess) {
                $names | Should -Contain 'WhatIf'
                $names | Should -Contain 'Confirm'
            }
            else {
                $names | Should -Not -Contain 'WhatIf'
            }
        }
        if ($ShouldProcess) { $syntax | Should -Match '\[-WhatIf\] \[-Confirm\]' }
    }

    It 'shows switches without a value' {
        $text | Should -Not -Match '<SwitchParameter>'
        foreach ($p in $parameters | Where-Object { $_.SwitchParameter }) {
            foreach ($item in @($help.syntax.syntaxItem)) {
                $entry = $item.parameter | Where-Object name -EQ $p.Name
                if ($entry) { $entry.PSObject.Properties['parameterValue'] | Should -BeNullOrEmpty -Because "-$($p.Name) is a switch" }
            }
            $syntax | Should -Match "-$($p.Name)\b" -Because "-$($p.Name) is a switch"
            $syntax | Should -Not -Match "-$($p.Name) <" -Because "-$($p.Name) is a switch"
        }
    }

    It 'describes every parameter' {
        foreach ($p in $parameters) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $p.Name
            $entry | Should -Not -BeNullOrEmpty -Because "-$($p.Name) must be documented"
            ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
        }
    }

    It 'accepts wildcards exactly where the parameter does' {
        foreach ($p in $parameters) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $p.Name
            $wildcards = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $entry.globbing | Should -Be "$wildcards".ToLowerInvariant() -Because "-$($p.Name) globbing"
        }
    }

    It 'shows the default of every parameter that has one' {
        # A fresh cmdlet holds the values its parameters have when not given.
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        foreach ($p in $parameters) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $p.Name
            if ($p.SwitchParameter) { $entry.defaultValue | Should -Be 'False' -Because "-$($p.Name) is a switch"; continue }
            $value = $instance.GetType().GetProperty($p.Name).GetValue($instance)
            $hasDefault = $null -ne $value -and -not ($value -is [string] -and $value -eq '') -and -not ($value -is [array] -and $value.Count -eq 0)
            if ($hasDefault) {
                $entry.defaultValue | Should -Not -BeNullOrEmpty -Because "-$($p.Name) defaults to $value"
                $entry.defaultValue | Should -Not -Be 'None' -Because "-$($p.Name) defaults to $value"
            }
        }
    }
}

Describe 'About topics' {
    It '<Topic> is found by Get-Help' -ForEach @(
        @{ Topic = 'about_DragonflyMigration' }
        @{ Topic = 'about_DragonflyMigration_Cutover' }
        @{ Topic = 'about_DragonflyMigration_Readiness' }
    ) {
        (Get-Help $Topic | Out-String) | Should -Match $Topic
    }
}

Describe 'Help text' {
    It 'keeps a list in a description as a list' {
        $description = (Get-Help Invoke-SentinelFailover -Full).description.Text -join "`n"
        foreach ($phase in 'Preflight', 'Arm', 'Freeze', 'Promote', 'Fence', 'Confirm') {
            $description | Should -Match "(?m)^- ${phase}:" -Because "the $phase phase is an item of its own"
        }
    }
}

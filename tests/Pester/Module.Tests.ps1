BeforeDiscovery {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:commands = Get-Command -Module DragonflyMigration | ForEach-Object { @{ Name = $_.Name } }
}

BeforeAll {
    $script:manifestPath = $env:DFMIG_MODULE_MANIFEST
    Import-Module $manifestPath -Force
}

Describe 'The module manifest' {
    It 'is valid' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets it lists' {
        $listed = (Import-PowerShellDataFile $manifestPath).CmdletsToExport | Sort-Object
        $exported = (Get-Command -Module DragonflyMigration).Name | Sort-Object
        $exported | Should -Be $listed
    }

    It 'declares both editions and Windows PowerShell 5.1' {
        $data = Import-PowerShellDataFile $manifestPath
        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PowerShellVersion | Should -Be '5.1'
    }

    It 'keeps dependencies out of the module root' {
        $root = Split-Path $manifestPath
        (Get-ChildItem $root -Filter *.dll).Name | Should -Be @('DragonflyMigration.dll')
        Join-Path $root 'dependencies/StackExchange.Redis.dll' | Should -Exist
        Join-Path $root 'dependencies/DragonflyMigration.Engine.dll' | Should -Exist
    }
}

Describe '<Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'declares its output type' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $described = $help.parameters.parameter | Where-Object name -EQ $parameter
            ($described.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has at least one example' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 1
        $help.examples.example[0].code | Should -Not -BeNullOrEmpty
    }
}

# What ships, as 'build.ps1 package' writes it to out/ (the test task packages before it runs Pester):
# the Azure Automation zip imported by name in a fresh process, the Gallery package's metadata, and
# what the shipped assemblies carry (the manifest's version, no build machine path).
BeforeAll {
    $script:manifestPath = $env:DFMIG_MODULE_MANIFEST
    $script:manifest = Import-PowerShellDataFile $manifestPath
    $script:version = $manifest.ModuleVersion
    $script:moduleDir = Split-Path $manifestPath
    $out = Split-Path (Split-Path $moduleDir)
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:zipPath = Join-Path $out 'DragonflyMigration.zip'
    $script:nupkgPath = Join-Path $out "DragonflyMigration.$version.nupkg"
    foreach ($artifact in $zipPath, $nupkgPath) {
        if (-not (Test-Path $artifact)) { throw "$artifact is missing: run 'dotnet pwsh ./build.ps1 package' first." }
    }
    # Read here independently of build.ps1, so a packaging slip cannot agree with itself.
    $changelog = Get-Content (Join-Path $repoRoot 'CHANGELOG.md') -Raw
    $script:releaseNotes = [regex]::Match($changelog, "(?ms)^## \[$([regex]::Escape($version))\][^\n]*\n(?<notes>.*?)(?=^## \[|\z)").Groups['notes'].Value.Trim()

    function Get-ZipText {
        param([string] $Path, [string] $EntryName)
        $zip = [IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $entry = $zip.GetEntry($EntryName)
            if (-not $entry) { return $null }
            $reader = [IO.StreamReader]::new($entry.Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        } finally { $zip.Dispose() }
    }

    function Get-ZipEntryName {
        param([string] $Path)
        $zip = [IO.Compression.ZipFile]::OpenRead($Path)
        try { @($zip.Entries.FullName) } finally { $zip.Dispose() }
    }
}

Describe 'The release notes' {
    It 'have a section in CHANGELOG.md for the manifest version' {
        $releaseNotes | Should -Not -BeNullOrEmpty -Because "CHANGELOG.md needs '## [$version] - <date>'"
    }
}

Describe 'The Azure Automation zip' {
    BeforeAll {
        $script:modules = Join-Path $TestDrive 'modules'
        Expand-Archive -Path $zipPath -DestinationPath $modules
        $script:expanded = Join-Path $modules 'DragonflyMigration'
    }

    It 'has the module folder at its top and the manifest directly inside, with no version folder' {
        $entries = Get-ZipEntryName $zipPath
        $entries | Where-Object { $_ -notlike 'DragonflyMigration/*' } | Should -BeNullOrEmpty
        $entries | Should -Contain 'DragonflyMigration/DragonflyMigration.psd1'
        $entries | Should -Contain 'DragonflyMigration/LICENSE'
        $entries | Where-Object { $_ -match '^DragonflyMigration/\d+(\.\d+)+/' } | Should -BeNullOrEmpty
    }

    It 'holds the staged module, byte for byte but the manifest, and the licence' {
        $staged = Get-ChildItem $moduleDir -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($moduleDir, $_.FullName) }
        $shipped = Get-ChildItem $expanded -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($expanded, $_.FullName) }
        ($shipped | Sort-Object) | Should -Be (@($staged) + 'LICENSE' | Sort-Object)
        foreach ($file in $staged | Where-Object { $_ -ne 'DragonflyMigration.psd1' }) {
            (Get-FileHash (Join-Path $expanded $file)).Hash | Should -Be (Get-FileHash (Join-Path $moduleDir $file)).Hash -Because "$file is the built one"
        }
        Get-Content (Join-Path $expanded 'LICENSE') -Raw | Should -Be (Get-Content (Join-Path $repoRoot 'LICENSE') -Raw)
    }

    It 'has a valid manifest with the release notes of its version and no invented address' {
        $shippedManifest = Join-Path $expanded 'DragonflyMigration.psd1'
        { Test-ModuleManifest -Path $shippedManifest -ErrorAction Stop } | Should -Not -Throw
        $data = Import-PowerShellDataFile $shippedManifest
        $data.ModuleVersion | Should -Be $version
        $data.PrivateData.PSData.ReleaseNotes | Should -Be $releaseNotes
        Get-Content $shippedManifest -Raw | Should -Not -Match 'example\.invalid'
    }

    It 'imports by name from PSModulePath in a fresh PowerShell and runs its cmdlets' {
        # A port nothing listens on: taken from the OS, then released.
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module DragonflyMigration
Connect-RedisNode 127.0.0.1:$port -ConnectTimeout 00:00:05 -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
[pscustomobject]@{
    ModuleBase = (Get-Module DragonflyMigration).ModuleBase
    Commands   = @(Get-Command -Module DragonflyMigration).Count
    ErrorId    = `$failure[0].FullyQualifiedErrorId
    Synopsis   = (Get-Help Connect-RedisNode).Synopsis
} | ConvertTo-Json -Compress
"@
        $processPath = [Environment]::ProcessPath
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }
        $savedPath = $env:PSModulePath
        try {
            $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $savedPath
            $output = & $pwsh[0] @(@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)) 2>&1 | Out-String
        } finally {
            $env:PSModulePath = $savedPath
        }
        $LASTEXITCODE | Should -Be 0 -Because $output
        $result = $output | ConvertFrom-Json
        $result.ModuleBase | Should -Be $expanded
        $result.Commands | Should -Be $manifest.CmdletsToExport.Count
        $result.ErrorId | Should -BeLike 'ConnectionRefused,*'
        $result.Synopsis | Should -Not -BeNullOrEmpty
    }
}

Describe 'The PowerShell Gallery package' {
    BeforeAll {
        $nuspecText = Get-ZipText $nupkgPath 'DragonflyMigration.nuspec'
        $script:nuspec = ([xml]$nuspecText).package.metadata
        $script:nupkgEntries = Get-ZipEntryName $nupkgPath
    }

    It 'is the module at the manifest version' {
        $nuspec.id | Should -Be 'DragonflyMigration'
        $nuspec.version | Should -Be $version
        $nupkgEntries | Should -Contain 'DragonflyMigration.psd1'
        $nupkgEntries | Should -Contain 'DragonflyMigration.dll'
        $nupkgEntries | Should -Contain 'dependencies/DragonflyMigration.Engine.dll'
    }

    It 'names its licence and ships it' {
        $nuspec.licenseUrl | Should -Be $manifest.PrivateData.PSData.LicenseUri
        $nupkgEntries | Should -Contain 'LICENSE'
        Get-ZipText $nupkgPath 'LICENSE' | Should -Be (Get-Content (Join-Path $repoRoot 'LICENSE') -Raw)
    }

    It 'carries the manifest tags and the release notes from CHANGELOG.md' {
        $tags = $nuspec.tags -split ' '
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $tag }
        $nuspec.releaseNotes | Should -Be $releaseNotes
        $packedManifest = Join-Path $TestDrive 'nupkg.psd1'
        Set-Content -Path $packedManifest -Value (Get-ZipText $nupkgPath 'DragonflyMigration.psd1') -NoNewline
        (Import-PowerShellDataFile $packedManifest).PrivateData.PSData.ReleaseNotes | Should -Be $releaseNotes
    }

    It 'is found by command name in a PSResourceGet repository' {
        $repository = Join-Path $TestDrive 'gallery'
        New-Item -ItemType Directory $repository | Out-Null
        Copy-Item $nupkgPath $repository
        $name = "dfmig-test-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Register-PSResourceRepository -Name $name -Uri $repository -Trusted
        try {
            $found = Find-PSResource -CommandName Connect-RedisNode -Repository $name
            $found.ParentResource.Name | Should -Be 'DragonflyMigration'
            (Find-PSResource -CommandName Invoke-SentinelFailover -Repository $name).ParentResource.Name | Should -Be 'DragonflyMigration'
        }
        finally { Unregister-PSResourceRepository -Name $name }
    }

    It 'points at no invented address' {
        $nuspec.projectUrl | Should -BeNullOrEmpty
        Get-ZipText $nupkgPath 'DragonflyMigration.nuspec' | Should -Not -Match 'example\.invalid'
        Get-ZipText $nupkgPath 'DragonflyMigration.psd1' | Should -Not -Match 'example\.invalid'
    }
}

Describe 'The shipped assemblies' {
    It '<Name> carries the manifest version' -ForEach @(
        @{ Name = 'DragonflyMigration.dll' }
        @{ Name = 'dependencies/DragonflyMigration.Engine.dll' }
    ) {
        $info = [Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $moduleDir $Name))
        $expected = [version]$version
        $fileVersion = [version]$info.FileVersion
        $fileVersion.ToString(3) | Should -Be $expected.ToString(3)
        $fileVersion.Revision | Should -Be ([Math]::Max($expected.Revision, 0))
        # The SDK appends +<commit> to the informational version when it builds from a git checkout.
        $info.ProductVersion | Should -Match "^$([regex]::Escape($version))(\+[0-9a-f]+)?$"
    }

    It 'PDBs name their sources under /_/, not where they were built' {
        Add-Type -AssemblyName System.Reflection.Metadata
        $pdbs = @(Get-ChildItem $moduleDir -Recurse -Filter *.pdb)
        $pdbs.Name | Should -Contain 'DragonflyMigration.pdb'
        $pdbs.Name | Should -Contain 'DragonflyMigration.Engine.pdb'
        foreach ($pdb in $pdbs) {
            $stream = [IO.File]::OpenRead($pdb.FullName)
            $provider = [Reflection.Metadata.MetadataReaderProvider]::FromPortablePdbStream($stream)
            try {
                $reader = $provider.GetMetadataReader()
                $documents = @($reader.Documents | ForEach-Object { $reader.GetString($reader.GetDocument($_).Name) })
                $documents | Should -Not -BeNullOrEmpty
                $documents | Where-Object { $_ -notlike '/_/*' } | Should -BeNullOrEmpty -Because "$($pdb.Name) is shipped"
            } finally { $provider.Dispose() }
        }
    }

    It 'no shipped file holds the repository path' {
        # Portable PDBs store document paths split at separators, hence the decoding test above; this
        # byte scan catches whole paths elsewhere, such as the PDB path in each DLL's debug directory.
        $latin1 = [Text.Encoding]::Latin1
        $needles = [Text.Encoding]::UTF8, [Text.Encoding]::Unicode | ForEach-Object { $latin1.GetString($_.GetBytes($repoRoot)) }
        $modules = Join-Path $TestDrive 'scan'
        Expand-Archive -Path $zipPath -DestinationPath $modules
        foreach ($file in Get-ChildItem $modules -Recurse -File) {
            $text = $latin1.GetString([IO.File]::ReadAllBytes($file.FullName))
            foreach ($needle in $needles) {
                $text.Contains($needle, [StringComparison]::Ordinal) | Should -BeFalse -Because "$($file.Name) must not name $repoRoot"
            }
        }
    }
}

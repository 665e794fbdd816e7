# The module must work next to other versions of the assemblies it ships, whichever loads first
# (docs/architecture.md#layers-and-layout). Each case runs in a fresh PowerShell process.
BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 0 -NoTarget
    $packages = $env:DFMIG_PACKAGES
    $script:otherAssemblies = @(
        Join-Path $packages 'stackexchange.redis/2.13.23/lib/netstandard2.0/StackExchange.Redis.dll'
        Join-Path $packages 'pipelines.sockets.unofficial/2.2.16/lib/netstandard2.0/Pipelines.Sockets.Unofficial.dll'
        Join-Path $packages 'microsoft.extensions.logging.abstractions/8.0.3/lib/netstandard2.0/Microsoft.Extensions.Logging.Abstractions.dll'
        Join-Path $packages 'microsoft.extensions.dependencyinjection.abstractions/8.0.2/lib/netstandard2.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll'
        Join-Path $packages 'system.io.hashing/9.0.23/lib/netstandard2.0/System.IO.Hashing.dll'
    )
    $script:olderPipelines = Join-Path $packages 'system.io.pipelines/8.0.0/lib/netstandard2.0/System.IO.Pipelines.dll'
    $processPath = [Environment]::ProcessPath
    $script:pwsh = if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @($processPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($processPath) }

    function Invoke-FreshSession {
        param([string] $Script)
        $exe = $pwsh[0]
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Script)
        $output = & $exe @arguments 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
    }
}

AfterAll {
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Assembly isolation' {
    It 'the test uses assembly versions that differ from the shipped ones' {
        $otherAssemblies + $olderPipelines | ForEach-Object { $_ | Should -Exist }
        $shipped = Join-Path (Split-Path $env:DFMIG_MODULE_MANIFEST) 'dependencies/StackExchange.Redis.dll'
        [Reflection.AssemblyName]::GetAssemblyName($otherAssemblies[0]).Version | Should -Not -Be ([Reflection.AssemblyName]::GetAssemblyName($shipped).Version)
    }

    It 'imports and connects after another StackExchange.Redis was loaded' {
        $script = @"
`$ErrorActionPreference = 'Stop'
foreach (`$a in '$($otherAssemblies -join "','")') { [void][Reflection.Assembly]::LoadFrom(`$a) }
try { [void][Reflection.Assembly]::LoadFrom('$olderPipelines') } catch { 'pipelines-not-loadable' }
`$before = [StackExchange.Redis.ConnectionMultiplexer].Assembly.GetName().Version
Import-Module '$($env:DFMIG_MODULE_MANIFEST)'
`$node = Connect-RedisNode '$($sandbox.Source)'
"role=`$(`$node.Role)"
"preloaded=`$before"
`$other = [StackExchange.Redis.ConnectionMultiplexer]::Connect('$($sandbox.Source)')
"other-ping=`$(`$other.GetDatabase().Ping().TotalMilliseconds -ge 0)"
"@
        $r = Invoke-FreshSession $script
        $r.Output | Should -Match 'role=Primary'
        $r.Output | Should -Match 'preloaded=2\.0\.0\.0'
        $r.Output | Should -Match 'other-ping=True'
        $r.ExitCode | Should -Be 0
    }

    It 'lets another StackExchange.Redis load and work after the module connected' {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:DFMIG_MODULE_MANIFEST)'
`$node = Connect-RedisNode '$($sandbox.Source)'
"role=`$(`$node.Role)"
foreach (`$a in '$($otherAssemblies -join "','")') { [void][Reflection.Assembly]::LoadFrom(`$a) }
`$other = [StackExchange.Redis.ConnectionMultiplexer]::Connect('$($sandbox.Source)')
"other-version=`$([StackExchange.Redis.ConnectionMultiplexer].Assembly.GetName().Version)"
"other-ping=`$(`$other.GetDatabase().Ping().TotalMilliseconds -ge 0)"
`$again = Connect-RedisNode '$($sandbox.Source)'
"again=`$(`$again.Role)"
"@
        $r = Invoke-FreshSession $script
        $r.Output | Should -Match 'role=Primary'
        $r.Output | Should -Match 'other-version=2\.0\.0\.0'
        $r.Output | Should -Match 'other-ping=True'
        $r.Output | Should -Match 'again=Primary'
        $r.ExitCode | Should -Be 0
    }

    It 'loads the engine and StackExchange.Redis into a load context of their own' {
        $script = @"
Import-Module '$($env:DFMIG_MODULE_MANIFEST)'
`$null = Connect-RedisNode '$($sandbox.Source)'
`$ctx = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object { `$_.Assemblies.GetName().Name -contains 'DragonflyMigration.Engine' }
"context=`$(`$ctx.Name)|default=`$([object]::ReferenceEquals(`$ctx, [System.Runtime.Loader.AssemblyLoadContext]::Default))"
"seredis-in-context=`$(`$ctx.Assemblies.GetName().Name -contains 'StackExchange.Redis')"
"@
        $r = Invoke-FreshSession $script
        $r.Output | Should -Match 'default=False'
        $r.Output | Should -Match 'seredis-in-context=True'
    }
}

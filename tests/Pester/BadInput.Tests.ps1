# Bad input to every exported cmdlet: each parameter gets the bad values its type allows, and each must end in an
# ErrorRecord with a stable id and a category, never a raw .NET exception or a stack trace, and must leave every
# server of the sandbox as it was. The cases are made from the parameter metadata, so a new cmdlet or parameter is
# either covered by the rules below or named by the coverage test.

BeforeDiscovery {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force

    # Parameters with no bad value to give here, and why.
    $script:notApplicable = @{
        'SwitchParameter' = 'a switch has no bad value'
        'PSCredential'    = 'a wrong password is a connection failure; Secrets.Tests.ps1 covers it'
        'Object'          = 'Export-MigrationReport takes any object and ignores with a warning what it cannot report'
    }

    # Rules that do not follow from a parameter's type: bad values whose answer is the cmdlet's own (not binding's),
    # and values a parameter accepts by design. Key: Command/Parameter/Case.
    $script:overrides = @{
        # Connect-RedisNode parses each endpoint itself and reports it per endpoint.
        'Connect-RedisNode/Endpoint/Whitespace'     = @{ Id = 'EndpointInvalid'; Category = 'InvalidArgument' }
        # The TLS parameters mean nothing without -UseTls (the baseline has none).
        'Connect-RedisNode/TlsHost/Whitespace'               = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        'Connect-RedisNode/CaCertificatePath/Whitespace'     = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        'Connect-RedisNode/ClientCertificatePath/Whitespace' = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        'Connect-RedisNode/ClientKeyPath/Whitespace'         = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        # A master name of blanks is a name no Sentinel monitors.
        'Get-SentinelMaster/MasterName/Whitespace'           = @{ Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        'Get-MigrationStage/MasterName/Whitespace'           = @{ Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        'Invoke-SentinelFailover/MasterName/Whitespace'      = @{ Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        'Complete-DragonflyMigration/MasterName/Whitespace'  = @{ Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        'Complete-DragonflyMigration/Node/Whitespace'        = @{ Id = 'EndpointInvalid'; Category = 'InvalidArgument' }
        'Register-SentinelMaster/Primary/Whitespace'         = @{ Id = 'EndpointInvalid'; Category = 'InvalidArgument' }
        # Blanks match no readiness check.
        'Test-MigrationReadiness/Name/Whitespace'            = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        'Test-MigrationReadiness/Category/Whitespace'        = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        # A blank file name or title is the cmdlet's to refuse.
        'Export-MigrationReport/Path/Whitespace'             = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        'Import-MigrationPlan/Path/Whitespace'               = @{ Id = 'PlanInvalid'; Category = 'InvalidArgument' }
        'Export-MigrationReport/MarkdownPath/Whitespace'     = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        'Export-MigrationReport/Title/Whitespace'            = @{ Id = 'InvalidParameter'; Category = 'InvalidArgument' }
    }

    function Get-ParameterKind($command, $parameter) {
        $type = $parameter.ParameterType
        $element = $type.IsArray ? $type.GetElementType() : $type
        if ($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'RedisNodeTransformationAttribute' }) { return 'Node' }
        if ($element.Name -in $notApplicable.Keys) { return 'NotApplicable' }
        if ($element -eq [timespan]) { return 'Duration' }
        if ($element -in [int], [long], [double]) { return 'Number' }
        if ($element -eq [string]) { return 'String' }
        if ($element.Name -in 'RedisNode', 'MigrationSandbox', 'ReplicationStatus', 'X509Certificate2', 'SecureString', 'ReadinessCheck', 'FailoverResult', 'RetiredNode', 'MigrationPlanGroup', 'Hashtable') { return 'Object' }
        'Unknown'
    }

    function New-Case($command, $parameter, $case, $value, $id, $category) {
        $key = "$($command.Name)/$($parameter.Name)/$case"
        $expected = $overrides[$key] ?? @{ Id = $id; Category = $category }
        @{ Command = $command.Name; Parameter = $parameter.Name; Case = $case; Value = $value
            Id = $expected.Id; Category = $expected.Category }
    }

    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:cases = [System.Collections.Generic.List[hashtable]]::new()
    $script:parameters = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($command in Get-Command -Module DragonflyMigration) {
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            $kind = Get-ParameterKind $command $parameter
            $parameters.Add(@{ Command = $command.Name; Parameter = $parameter.Name; Kind = $kind })
            $validation = 'ParameterArgumentValidationError'
            $cannotConvert = 'CannotConvertArgumentNoMessage'
            $range = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
            $duration = $parameter.Attributes | Where-Object { $_.GetType().Name -eq 'ValidateDurationAttribute' }
            $notNull = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateNotNullAttribute] -or $_ -is [System.Management.Automation.ValidateNotNullOrEmptyAttribute] }
            $pattern = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidatePatternAttribute] }
            $set = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
            switch ($kind) {
                'Node' {
                    # A string binds unconnected; the cmdlet connects it and fails with Connect-RedisNode's ids.
                    $sentinel = ($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'RedisNodeTransformationAttribute' }).Sentinel
                    $cases.Add((New-Case $command $parameter 'Null' $null $validation 'InvalidData'))
                    $cases.Add((New-Case $command $parameter 'Empty' '' 'EndpointInvalid' 'InvalidArgument'))
                    $cases.Add((New-Case $command $parameter 'Whitespace' '   ' 'EndpointInvalid' 'InvalidArgument'))
                    $cases.Add((New-Case $command $parameter 'WrongType' 42 $cannotConvert 'InvalidArgument'))
                    foreach ($bad in ':6379', 'host:0', 'host:70000', '[::1') {
                        $cases.Add((New-Case $command $parameter "Malformed $bad" $bad 'EndpointInvalid' 'InvalidArgument'))
                    }
                    # Readiness judges a node that cannot be reached as a failed check, not an error (NodeStrings.Tests.ps1).
                    if ($command.Name -ne 'Test-MigrationReadiness') {
                        $cases.Add((New-Case $command $parameter 'HostOnly' 'host' 'HostNotFound' 'ObjectNotFound'))
                        $cases.Add((New-Case $command $parameter 'UnknownHost' 'no-such-host.invalid:6379' 'HostNotFound' 'ObjectNotFound'))
                        $cases.Add((New-Case $command $parameter 'ClosedPort' '127.0.0.1:1' 'ConnectionRefused' 'ConnectionError'))
                    }
                    $cases.Add((New-Case $command $parameter 'WrongRole' ($sentinel ? '<DataNode>' : '<SentinelNode>') ($sentinel ? 'NotASentinel' : 'NodeIsSentinel') 'InvalidType'))
                    $cases.Add((New-Case $command $parameter 'Disconnected' '<DisconnectedNode>' 'NodeDisconnected' 'ConnectionError'))
                }
                'Duration' {
                    $option = $duration.GetType().GetField('_option', [Reflection.BindingFlags]'NonPublic,Instance').GetValue($duration)
                    $cases.Add((New-Case $command $parameter 'Null' $null 'ParameterBindingFailed' 'WriteError'))
                    $cases.Add((New-Case $command $parameter 'TooShort' ($option.Minimum - [timespan]::FromMilliseconds(1)) $validation 'InvalidData'))
                    $cases.Add((New-Case $command $parameter 'TooLong' ($option.Maximum + [timespan]::FromSeconds(1)) $validation 'InvalidData'))
                    $cases.Add((New-Case $command $parameter 'Negative' ([timespan]::FromSeconds(-1)) $validation 'InvalidData'))
                    $cases.Add((New-Case $command $parameter 'WrongType' 'soon' $cannotConvert 'InvalidArgument'))
                }
                'Number' {
                    $type = $parameter.ParameterType
                    if ($range -and [double]$range.MinRange -gt [double]$type::MinValue) {
                        $cases.Add((New-Case $command $parameter 'BelowRange' ($range.MinRange - 1) $validation 'InvalidData'))
                    }
                    if ($range -and [double]$range.MaxRange -lt [double]$type::MaxValue) {
                        $cases.Add((New-Case $command $parameter 'AboveRange' ($range.MaxRange + 1) $validation 'InvalidData'))
                    }
                    $cases.Add((New-Case $command $parameter 'WrongType' 'many' $cannotConvert 'InvalidArgument'))
                }
                'String' {
                    if ($notNull -or $pattern -or $set) {
                        $cases.Add((New-Case $command $parameter 'Null' $null $validation 'InvalidData'))
                        $cases.Add((New-Case $command $parameter 'Empty' '' $validation 'InvalidData'))
                        $cases.Add((New-Case $command $parameter 'Whitespace' '   ' $validation 'InvalidData'))
                    }
                    if ($set) { $cases.Add((New-Case $command $parameter 'NotInSet' 'Soon' $validation 'InvalidData')) }
                }
                'Object' {
                    # Null is not given for an optional object without [ValidateNotNull] (a PFX password).
                    if ($notNull) { $cases.Add((New-Case $command $parameter 'Null' $null $validation 'InvalidData')) }
                    $cases.Add((New-Case $command $parameter 'WrongType' ([pscustomobject]@{ Endpoint = '127.0.0.1:1' }) $cannotConvert 'InvalidArgument'))
                }
            }
        }
    }

    # Values no type rule knows: names, endpoints and states that only the servers can refuse.
    $script:custom = @(
        @{ Command = 'Connect-RedisNode'; Parameter = 'Endpoint'; Case = 'HostOnly'; Value = 'host'; Id = 'HostNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'Connect-RedisNode'; Parameter = 'Endpoint'; Case = 'UnknownHost'; Value = 'no-such-host.invalid:6379'; Id = 'HostNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'Complete-DragonflyMigration'; Parameter = 'Node'; Case = 'HostOnly'; Value = 'host'; Id = 'HostNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'Complete-DragonflyMigration'; Parameter = 'Node'; Case = 'UnknownHost'; Value = 'no-such-host.invalid:6379'; Id = 'HostNotFound'; Category = 'ObjectNotFound' }
        # The Sentinel resolves the primary (or refuses to, without resolve-hostnames), so its refusal is the answer.
        @{ Command = 'Register-SentinelMaster'; Parameter = 'Primary'; Case = 'HostOnly'; Value = 'host'; Id = 'CommandFailed'; Category = 'InvalidOperation' }
        @{ Command = 'Register-SentinelMaster'; Parameter = 'Primary'; Case = 'UnknownHost'; Value = 'no-such-host.invalid:6379'; Id = 'CommandFailed'; Category = 'InvalidOperation' }
        @{ Command = 'Get-SentinelMaster'; Parameter = 'MasterName'; Case = 'WrongName'; Value = 'no-such-master'; Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        @{ Command = 'Invoke-SentinelFailover'; Parameter = 'MasterName'; Case = 'WrongName'; Value = 'no-such-master'; Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        @{ Command = 'Complete-DragonflyMigration'; Parameter = 'MasterName'; Case = 'WrongName'; Value = 'no-such-master'; Id = 'MasterNameUnknown'; Category = 'InvalidOperation' }
        @{ Command = 'Test-MigrationReadiness'; Parameter = 'MasterName'; Case = 'Null'; Value = $null; Id = 'MasterNameRequired'; Category = 'InvalidArgument' }
        @{ Command = 'Test-MigrationReadiness'; Parameter = 'MasterName'; Case = 'Empty'; Value = ''; Id = 'MasterNameRequired'; Category = 'InvalidArgument' }
        @{ Command = 'Test-MigrationReadiness'; Parameter = 'MasterName'; Case = 'Whitespace'; Value = '   '; Id = 'MasterNameRequired'; Category = 'InvalidArgument' }
        @{ Command = 'Wait-ReplicationSteady'; Parameter = 'InputObject'; Case = 'Disconnected'; Value = '<DisconnectedStatus>'; Id = 'NodeDisconnected'; Category = 'ConnectionError' }
        @{ Command = 'Invoke-SentinelFailover'; Parameter = 'InputObject'; Case = 'Disconnected'; Value = '<DisconnectedStatus>'; Id = 'NodeDisconnected'; Category = 'ConnectionError' }
        @{ Command = 'Test-MigrationReadiness'; Parameter = 'Name'; Case = 'NoSuchCheck'; Value = 'NoSuchCheck'; Id = 'InvalidParameter'; Category = 'InvalidArgument' }
        @{ Command = 'Get-ReplicationStatus'; Parameter = 'InputObject'; Case = 'Disconnected'; Value = '<DisconnectedStatus>'; Id = 'NodeDisconnected'; Category = 'ConnectionError' }
        @{ Command = 'Measure-SandboxWrite'; Parameter = 'Sandbox'; Case = 'NoWriter'; Value = '<Sandbox>'; Id = 'InvalidParameter'; Category = 'InvalidArgument' }
    )
    foreach ($bad in ':6379', 'host:0', 'host:70000', '[::1') {
        foreach ($target in 'Connect-RedisNode/Endpoint', 'Complete-DragonflyMigration/Node', 'Register-SentinelMaster/Primary') {
            $command, $parameter = $target -split '/'
            $custom += @{ Command = $command; Parameter = $parameter; Case = "Malformed $bad"; Value = $bad; Id = 'EndpointInvalid'; Category = 'InvalidArgument' }
        }
    }
    $custom | ForEach-Object { $cases.Add($_) }
}

BeforeAll {
    Import-Module $env:DFMIG_MODULE_MANIFEST -Force
    $script:sandbox = Start-MigrationSandbox -SentinelCount 1 -SampleKeyCount 20 -RedisTarget
    $script:src = Connect-RedisNode $sandbox.Source
    $script:tgt = Connect-RedisNode $sandbox.Target
    $script:sen = Connect-RedisNode $sandbox.Sentinels -Sentinel
    $script:closed = Connect-RedisNode $sandbox.Source
    $closed | Disconnect-RedisNode
    $closedSource = Connect-RedisNode $sandbox.Source
    $script:statusWithClosedSource = Get-ReplicationStatus -Source $closedSource -Target $tgt
    $closedSource | Disconnect-RedisNode
    $script:master = $sandbox.MasterName
    $planPath = Join-Path ([IO.Path]::GetTempPath()) "badinput-plan-$([guid]::NewGuid().ToString('N')).psd1"
    Set-Content $planPath "@{ Groups = @( @{ MasterName = '$master'; Source = '$($sandbox.Source)'; Target = '$($sandbox.Target)'; Sentinels = '$($sandbox.Sentinels[0])' } ) }"
    $script:planGroups = (Import-MigrationPlan $planPath).Groups
    Remove-Item $planPath

    # Every parameter under test gets its bad value; the others these valid ones.
    $script:baselines = @{
        'Compare-RedisKeyspace'       = @{ Source = $src; Target = $tgt }
        'Complete-DragonflyMigration' = @{ Sentinel = $sen; MasterName = $master; Confirm = $false }
        'Connect-RedisNode'           = @{ Endpoint = $sandbox.Source }
        'Export-MigrationReport'      = @{ Path = (Join-Path ([IO.Path]::GetTempPath()) 'badinput-report.html'); InputObject = $statusWithClosedSource; WhatIf = $true }
        'Import-MigrationPlan'        = @{ Path = (Join-Path $PSScriptRoot '../../examples/MigrationPlan.psd1') }
        'Disconnect-RedisNode'        = @{}
        'Get-ReplicationStatus'       = @{ Source = $src; Target = $tgt }
        'Get-MigrationStage'          = @{ Source = $src; Target = $tgt; Sentinel = $sen; MasterName = $master }
        'Get-SentinelMaster'          = @{ Sentinel = $sen; MasterName = $master }
        'Invoke-MigrationPlan'        = @{ Group = $planGroups; Stage = 'Readiness' }
        'Invoke-SentinelFailover'     = @{ Source = $src; Target = $tgt; Sentinel = $sen; MasterName = $master; Confirm = $false }
        'Measure-SandboxWrite'        = @{ Sandbox = $sandbox; Primary = $src }
        'Register-SentinelMaster'     = @{ Sentinel = $sen; MasterName = 'badinput-new'; Primary = $sandbox.Source; Confirm = $false }
        'Start-DragonflyReplication'  = @{ Source = $src; Target = $tgt; Confirm = $false }
        'Start-MigrationSandbox'      = @{ Confirm = $false }
        'Stop-DragonflyReplication'   = @{ Target = $tgt; Confirm = $false }
        'Stop-MigrationSandbox'       = @{ Confirm = $false }
        'Test-MigrationReadiness'     = @{ Source = $src; Target = $tgt; Sentinel = $sen; MasterName = $master }
        'Wait-ReplicationSteady'      = @{ Source = $src; Target = $tgt; Timeout = '00:00:02'; StableFor = 0 }
    }
    # A parameter of another parameter set replaces the baseline's set.
    $script:setBaselines = @{
        'Get-ReplicationStatus/InputObject'   = @{}
        'Wait-ReplicationSteady/InputObject'  = @{ Timeout = '00:00:02'; StableFor = 0 }
        'Invoke-SentinelFailover/InputObject' = @{ Sentinel = $sen; MasterName = $master; Confirm = $false }
        'Stop-DragonflyReplication/InputObject' = @{ Confirm = $false }
        'Register-SentinelMaster/AsConfigLines' = @{ MasterName = 'badinput-new'; Primary = $sandbox.Source }
        'Register-SentinelMaster/IncludeSecret' = @{ MasterName = 'badinput-new'; Primary = $sandbox.Source; AsConfigLines = $true }
    }

    function Resolve-Value($value) {
        switch ($value) {
            '<DataNode>' { return $src }
            '<SentinelNode>' { return $sen[0] }
            '<DisconnectedNode>' { return $closed }
            '<DisconnectedStatus>' { return $statusWithClosedSource }
            '<Sandbox>' { return $sandbox }
        }
        $value
    }

    function Invoke-BadInput($Command, $Parameter, $Value) {
        $arguments = ($setBaselines["$Command/$Parameter"] ?? $baselines[$Command]).Clone()
        $arguments[$Parameter] = Resolve-Value $Value
        $record = $null
        # Redirected so a failed case cannot prompt or print; only the error record matters.
        try { & $Command @arguments -ErrorAction Stop -WarningAction SilentlyContinue 6>$null | Out-Null }
        catch { $record = $_ }
        $record
    }

    function Get-ServerState {
        # One line per fact a bad input must not change: role and primary, replica-priority, keys, a write pause,
        # and what each Sentinel monitors.
        $lines = foreach ($endpoint in $sandbox.Source, $sandbox.Target) {
            $port = ($endpoint -split ':')[-1]
            $info = & redis-cli -p $port INFO replication
            "$endpoint $(($info | Select-String '^(role|master_host|master_port):') -join ' ')"
            "$endpoint priority $((& redis-cli -p $port CONFIG GET replica-priority)[1])"
            # avg_ttl moves with the clock.
            "$endpoint $((& redis-cli -p $port INFO keyspace | Select-String '^db' | ForEach-Object { $_ -replace ',avg_ttl=\d+', '' }) -join ' ')"
            # A write is refused-or-blocked while CLIENT PAUSE WRITE holds; DEL of a missing key changes nothing.
            $probe = & timeout 2 redis-cli -p $port DEL badinput:pause-probe
            "$endpoint pause $($LASTEXITCODE -eq 0 ? 'none' : 'paused')"
        }
        $sentinelLines = foreach ($endpoint in $sandbox.Sentinels) {
            $port = ($endpoint -split ':')[-1]
            "$endpoint $((& redis-cli -p $port INFO sentinel | Select-String '^master\d+:' | ForEach-Object { $_ -replace ',status=\w+', '' }) -join ' ')"
        }
        ($lines + $sentinelLines) -join "`n"
    }

    $script:stateBefore = Get-ServerState
}

AfterAll {
    foreach ($node in @($src, $tgt) + @($sen)) { if ($node) { $node | Disconnect-RedisNode } }
    if ($sandbox) { $sandbox | Stop-MigrationSandbox -Confirm:$false }
}

Describe 'Bad input coverage' {
    It 'knows a bad value for every parameter of every cmdlet, or says why there is none' {
        $uncovered = $parameters | Where-Object Kind -EQ 'Unknown' | ForEach-Object { "$($_.Command) -$($_.Parameter)" }
        $uncovered | Should -BeNullOrEmpty -Because 'each parameter needs bad-input cases (or a reason in $notApplicable)'
    }

    It 'has cases for <Command> -<Parameter> (<Kind>)' -ForEach ($parameters | Where-Object Kind -NE 'NotApplicable') {
        @($cases | Where-Object { $_.Command -eq $Command -and $_.Parameter -eq $Parameter }).Count | Should -BeGreaterThan 0
    }
}

Describe 'Bad input' {
    It '<Command> -<Parameter> <Case>: <Id> (<Category>)' -ForEach $cases {
        $record = Invoke-BadInput $Command $Parameter $Value
        $record | Should -Not -BeNullOrEmpty -Because "$Command -$Parameter '$Value' must fail"
        $implementing = (Get-Command $Command).ImplementingType.FullName
        $record.FullyQualifiedErrorId | Should -Be "$Id,$implementing"
        $record.CategoryInfo.Category | Should -Be $Category

        # The error a user sees is the module's own or PowerShell's binding error, never a raw .NET one.
        $exception = $record.Exception
        $isModule = $exception.GetType().FullName -eq 'DragonflyMigration.Engine.Errors.MigrationException'
        $isBinding = $exception -is [System.Management.Automation.ParameterBindingException]
        $isModuleArgument = $Id -eq 'MasterNameRequired'
        ($isModule -or $isBinding -or $isModuleArgument) | Should -BeTrue -Because "$($exception.GetType().FullName) is not an error the module defines"
        $text = ($record.ErrorDetails.Message, $exception.Message) -join "`n"
        $text | Should -Not -Match '(?m)^\s+at \S+\(|--- End of|Exception:'
    }
}

Describe 'Test-MigrationReadiness with a wrong master name' {
    It 'reports it as a failed check naming the master, as every finding of a readiness run is' {
        $checks = Test-MigrationReadiness -Source $src -Target $tgt -Sentinel $sen -MasterName 'no-such-master' -Category Connectivity
        $failed = $checks | Where-Object Name -EQ 'SentinelsReachable'
        $failed.Status | Should -Be 'Fail'
        $failed.Message | Should -Match 'no-such-master'
    }
}

Describe 'The servers after all bad input' {
    It 'are as they were: roles, priorities, keys, no pause, the Sentinels'' masters' {
        Get-ServerState | Should -Be $stateBefore
    }
}

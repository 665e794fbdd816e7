<#
.SYNOPSIS
    DragonflyMigration's readiness checks as a Pester suite: one It per check, grouped and tagged by
    category, for CI gates that want JUnit or NUnit XML.
.DESCRIPTION
    Run it through a container so the endpoints reach it:

        $suite = Join-Path (Get-Module DragonflyMigration -ListAvailable)[0].ModuleBase 'Diagnostics/Readiness.Tests.ps1'
        $container = New-PesterContainer -Path $suite -Data @{ Source = '10.0.0.1:6379'; Target = '10.0.0.2:6380' }

    A check that fails fails its It, with the remediation in the failure message. A warning is
    reported as inconclusive, with its message (JUnit and NUnit write it as skipped with the message,
    which Azure DevOps and GitHub test tabs show), or fails with -FailOnWarning; a skipped check is
    reported as skipped. A node that cannot be connected fails its reachability test and the checks
    that need it are skipped; the other nodes' checks still run, so the report has the same tests
    whether the servers answer or not. Needs Pester 5.3 or later.
#>
param(
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Target,
    # One endpoint per element; a comma-separated string (what pwsh -File passes for a list) is split.
    [string[]] $Sentinel = @(),
    [string] $MasterName,
    # For the data nodes; the Sentinels get -SentinelCredential.
    [pscredential] $Credential,
    [pscredential] $SentinelCredential,
    [switch] $UseTls,
    [string] $CaCertificatePath,
    [string] $ClientCertificatePath,
    [string] $ClientKeyPath,
    # Passed to Test-MigrationReadiness as parameters: MaxWritePause, BigKeyThreshold, Name, Category, …
    [hashtable] $Threshold = @{},
    [switch] $FailOnWarning,
    # A target that is not Dragonfly fails TargetVersion instead of passing as a rehearsal.
    [switch] $RequireDragonfly
)

BeforeDiscovery {
    Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'DragonflyMigration.psd1') -Force

    function ConnectOrExplain([string[]] $Endpoint, [string] $CheckName, [hashtable] $Options) {
        try {
            @{ Nodes = @(Connect-RedisNode $Endpoint @Options -ErrorAction Stop); Failure = $null }
        }
        catch {
            $failure = [pscustomobject]@{
                Name = $CheckName; Category = 'Connectivity'; Status = 'Fail'
                Message = "Could not connect to $($Endpoint -join ', '): $($_.Exception.Message)"
                Remediation = 'Check the address, the credentials and the TLS settings given to the suite.'
            }
            @{ Nodes = @(); Failure = $failure }
        }
    }

    $Sentinel = @($Sentinel | ForEach-Object { $_ -split '\s*,\s*' } | Where-Object { $_ })
    $tls = @{}
    if ($UseTls) { $tls.UseTls = $true }
    if ($CaCertificatePath) { $tls.CaCertificatePath = $CaCertificatePath }
    if ($ClientCertificatePath) { $tls.ClientCertificatePath = $ClientCertificatePath }
    if ($ClientKeyPath) { $tls.ClientKeyPath = $ClientKeyPath }
    $dataOptions = @{} + $tls
    if ($Credential) { $dataOptions.Credential = $Credential }
    $sentinelOptions = @{ Sentinel = $true } + $tls
    if ($SentinelCredential) { $sentinelOptions.Credential = $SentinelCredential }

    $connected = @(
        ConnectOrExplain $Source 'SourceReachable' $dataOptions
        ConnectOrExplain $Target 'TargetReachable' $dataOptions
        if ($Sentinel) { ConnectOrExplain $Sentinel 'SentinelsReachable' $sentinelOptions }
    )
    $failures = @($connected.Failure | Where-Object { $_ })
    # Every check, failed where a node or an argument failed and skipped where it could not run: a CI
    # report keeps its shape whatever went wrong.
    function NotRunBecause([string] $Reason) {
        @([DragonflyMigration.ReadinessCheck]::NotRun($Reason) | ForEach-Object {
                $name = $_.Name
                $failure = $failures | Where-Object Name -EQ $name | Select-Object -First 1
                if ($failure) { $failure } else { $_ }
            } | Where-Object {
                $check = $_
                (-not $Threshold.Name -or @($Threshold.Name | Where-Object { $check.Name -like $_ })) -and
                (-not $Threshold.Category -or @($Threshold.Category | Where-Object { $check.Category -like $_ }))
            })
    }
    if ($Sentinel -and -not $MasterName) {
        # A failed test with the reason, not an empty report: -Sentinel without a name can check nothing.
        $failures += [pscustomobject]@{
            Name = 'SentinelsReachable'; Category = 'Connectivity'; Status = 'Fail'
            Message = '-Sentinel was given without -MasterName, so no Sentinel check can run.'
            Remediation = 'Pass -MasterName: the name the Sentinels monitor the primary under.'
        }
        $checks = NotRunBecause 'Not run: -MasterName is missing.'
    }
    else {
        # A node that did not connect is passed as its address: readiness then fails its reachability check
        # and skips only what needs it, and the suite's own message (which knows the TLS settings) replaces
        # the check's.
        $node = { param($Result, $Endpoint, [switch] $Many) if ($Result.Failure) { $Endpoint } elseif ($Many) { $Result.Nodes } else { $Result.Nodes[0] } }
        $arguments = @{ Source = & $node $connected[0] $Source; Target = & $node $connected[1] $Target; RequireDragonfly = [bool] $RequireDragonfly } + $Threshold
        if ($Credential) { $arguments.Credential = $Credential }
        if ($Sentinel) {
            $arguments.Sentinel = & $node $connected[2] $Sentinel -Many
            $arguments.MasterName = $MasterName
            if ($SentinelCredential) { $arguments.SentinelCredential = $SentinelCredential }
        }
        try {
            $checks = @(Test-MigrationReadiness @arguments -ErrorAction Stop | ForEach-Object {
                    $name = $_.Name
                    $failure = $failures | Where-Object Name -EQ $name | Select-Object -First 1
                    if ($failure) { $failure } else { $_ }
                })
        }
        catch {
            $checks = NotRunBecause "Not run: $($_.Exception.Message) $(($failures | ForEach-Object { $_.Message }) -join ' ')"
        }
    }
    # The nodes that did connect are closed whether the checks ran or not.
    $connected.Nodes | Where-Object { $_ } | Disconnect-RedisNode
    # In the order Test-MigrationReadiness reports them, which Group-Object would sort away.
    $categories = $checks.Category | Select-Object -Unique | ForEach-Object {
        $name = $_
        [pscustomobject]@{ Name = $name; Group = @($checks | Where-Object Category -EQ $name) }
    }
}

Describe 'Migration readiness' -Tag 'Readiness' {
    foreach ($category in $categories) {
        Context $category.Name -Tag $category.Name {
            It '<Name>' -ForEach ($category.Group | ForEach-Object { @{ Name = $_.Name; Check = $_; WarningFails = [bool] $FailOnWarning } }) {
                if ($Check.Status -eq 'Skipped') { Set-ItResult -Skipped -Because $Check.Message; return }
                $verdict = "$($Check.Status): $($Check.Message) Remediation: $($Check.Remediation)"
                if ($Check.Status -eq 'Fail' -or ($Check.Status -eq 'Warn' -and $WarningFails)) { throw $verdict }
                # Inconclusive, not passed: a CI report shows the message only for a test that did not pass.
                if ($Check.Status -eq 'Warn') { Set-ItResult -Inconclusive -Because $verdict }
            }
        }
    }
}

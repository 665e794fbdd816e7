<#
.SYNOPSIS
    DragonflyMigration's readiness checks as a Pester suite: one It per check, grouped and tagged by
    category, for CI gates that want JUnit or NUnit XML.
.DESCRIPTION
    Run it through a container so the endpoints reach it:

        $suite = Join-Path (Get-Module DragonflyMigration -ListAvailable)[0].ModuleBase 'Diagnostics/Readiness.Tests.ps1'
        $container = New-PesterContainer -Path $suite -Data @{ Source = '10.0.0.1:6379'; Target = '10.0.0.2:6380' }

    A check that fails fails its It, with the remediation in the failure message. A warning passes
    unless -FailOnWarning; a skipped check is reported as skipped. A node that cannot be connected
    fails its reachability test and every other check is reported as skipped, so the report has the
    same tests whether the servers answer or not. Needs Pester 5.3 or later.
#>
param(
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Target,
    [string[]] $Sentinel = @(),
    [string] $MasterName,
    # For the data nodes; the Sentinels get -SentinelCredential.
    [pscredential] $Credential,
    [pscredential] $SentinelCredential,
    [switch] $UseTls,
    [string] $CaCertificatePath,
    # Passed to Test-MigrationReadiness as parameters: MaxWritePause, BigKeyThreshold, Name, Category, …
    [hashtable] $Threshold = @{},
    [switch] $FailOnWarning
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

    $dataOptions = @{}
    if ($Credential) { $dataOptions.Credential = $Credential }
    if ($UseTls) { $dataOptions.UseTls = $true }
    if ($CaCertificatePath) { $dataOptions.CaCertificatePath = $CaCertificatePath }
    $sentinelOptions = @{ Sentinel = $true }
    if ($SentinelCredential) { $sentinelOptions.Credential = $SentinelCredential }
    if ($UseTls) { $sentinelOptions.UseTls = $true }
    if ($CaCertificatePath) { $sentinelOptions.CaCertificatePath = $CaCertificatePath }

    $connected = @(
        ConnectOrExplain $Source 'SourceReachable' $dataOptions
        ConnectOrExplain $Target 'TargetReachable' $dataOptions
        if ($Sentinel) { ConnectOrExplain $Sentinel 'SentinelsReachable' $sentinelOptions }
    )
    $failures = @($connected.Failure | Where-Object { $_ })
    if ($failures) {
        # The checks that could not run are skipped, not dropped: a CI report keeps its shape when a node is down.
        $reason = 'Not run: ' + (($failures | ForEach-Object { $_.Message }) -join ' ')
        $checks = @([DragonflyMigration.ReadinessCheck]::NotRun($reason) | ForEach-Object {
                $name = $_.Name
                $failure = $failures | Where-Object Name -EQ $name
                if ($failure) { $failure } else { $_ }
            } | Where-Object {
                $check = $_
                (-not $Threshold.Name -or @($Threshold.Name | Where-Object { $check.Name -like $_ })) -and
                (-not $Threshold.Category -or @($Threshold.Category | Where-Object { $check.Category -like $_ }))
            })
    }
    else {
        $arguments = @{ Source = $connected[0].Nodes[0]; Target = $connected[1].Nodes[0] } + $Threshold
        if ($Sentinel) { $arguments.Sentinel = $connected[2].Nodes; $arguments.MasterName = $MasterName }
        $checks = @(Test-MigrationReadiness @arguments)
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
                if ($Check.Status -eq 'Warn') { Write-Warning $verdict }
            }
        }
    }
}

<#
.SYNOPSIS
    Writes the module's MAML help (DragonflyMigration.dll-Help.xml) from the built cmdlets and the
    prose in module/help/<Cmdlet>.psd1. Parameter names, types, positions and pipeline binding come
    from the cmdlets themselves, so the help cannot drift from the code; a parameter without a
    description fails the build. Defaults are read from a new instance of each cmdlet unless
    module/help gives a wording for them (Defaults), and wildcard support from [SupportsWildcards].
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $HelpDataDirectory,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
$module = Import-Module $ModuleManifest -PassThru -Force
# -WhatIf and -Confirm are documented like any parameter, as Get-Help shows them for built-in cmdlets.
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$shouldProcessText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)

function Write-Paragraphs([string] $Text) {
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($para in ($Text -split "\r?\n\s*\r?\n")) {
        $writer.WriteElementString('maml', 'para', $maml, (Join-ParagraphLines $para))
    }
    $writer.WriteEndElement()
}

# Wrapped lines of a paragraph are joined, but each item of a list ('- ', '* ', '1. ') keeps its own
# line, which Get-Help prints as it stands.
function Join-ParagraphLines([string] $Paragraph) {
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($line in ($Paragraph.Trim() -split '\s*\r?\n\s*')) {
        if ($lines.Count -eq 0 -or $line -match '^([-*]|\d+\.)\s') { $lines.Add($line) }
        else { $lines[$lines.Count - 1] += " $line" }
    }
    $lines -join [Environment]::NewLine
}

function Get-DefaultText($Parameter, $Instance, [hashtable] $Defaults) {
    if ($Defaults.ContainsKey($Parameter.Name)) { return $Defaults[$Parameter.Name] }
    if ($Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return 'False' }
    $value = $Instance.GetType().GetProperty($Parameter.Name).GetValue($Instance)
    if ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { return 'None' }
    [string]::Format([cultureinfo]::InvariantCulture, '{0}', $value)
}

function Get-PipelineText($ParameterSetMetadata) {
    $kinds = @()
    if ($ParameterSetMetadata.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($ParameterSetMetadata.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Parameter($Parameter, $SetMetadata, [string] $Description, [bool] $WithDescription, $Default) {
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', "$($SetMetadata.IsMandatory)".ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', "$($Parameter.ParameterType.IsArray)".ToLowerInvariant())
    $writer.WriteAttributeString('globbing', "$globbing".ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', (Get-PipelineText $SetMetadata))
    $writer.WriteAttributeString('position', ($SetMetadata.Position -ge 0 ? "$($SetMetadata.Position)" : 'named'))
    $writer.WriteAttributeString('aliases', ($Parameter.Aliases.Count ? ($Parameter.Aliases -join ', ') : 'None'))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    if ($WithDescription) { Write-Paragraphs $Description }
    # A switch takes no value, so Get-Help shows [-Name] rather than [-Name <SwitchParameter>].
    if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $writer.WriteStartElement('command', 'parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteString($Parameter.ParameterType.Name)
        $writer.WriteEndElement()
    }
    if ($WithDescription) {
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
        $writer.WriteEndElement()
        $writer.WriteElementString('dev', 'defaultValue', $dev, $Default)
    }
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $dataPath = Join-Path $HelpDataDirectory "$($cmd.Name).psd1"
    if (-not (Test-Path $dataPath)) { throw "No help for $($cmd.Name): add $dataPath." }
    $data = Import-PowerShellDataFile $dataPath
    $parameters = $cmd.Parameters.Values | Where-Object { $_.Name -notin $common }
    # module/help may word -WhatIf and -Confirm for what this cmdlet does.
    $descriptions = $shouldProcessText.Clone()
    foreach ($name in $data.Parameters.Keys) { $descriptions[$name] = $data.Parameters[$name] }
    foreach ($p in $parameters) {
        if (-not $descriptions.ContainsKey($p.Name)) { throw "Help for $($cmd.Name) does not describe -$($p.Name)." }
    }
    $defaults = if ($data.ContainsKey('Defaults')) { $data.Defaults } else { @{} }
    # A fresh cmdlet holds the values its parameters have when not given.
    $instance = [Activator]::CreateInstance($cmd.ImplementingType)

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmd.Name)
    Write-Paragraphs $data.Synopsis
    $writer.WriteElementString('command', 'verb', $command, $cmd.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmd.Noun)
    $writer.WriteEndElement()
    Write-Paragraphs $data.Description

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmd.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmd.Name)
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            $full = $cmd.Parameters[$p.Name]
            $meta = $full.ParameterSets[$set.Name] ?? $full.ParameterSets['__AllParameterSets']
            Write-Parameter $full $meta '' $false $null
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($p in $parameters) {
        $meta = $p.ParameterSets.Values | Sort-Object { -not $_.IsMandatory } | Select-Object -First 1
        Write-Parameter $p $meta $descriptions[$p.Name] $true (Get-DefaultText $p $instance $defaults)
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'inputTypes', $command)
    foreach ($input in $data.Inputs) {
        $writer.WriteStartElement('command', 'inputType', $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $input)
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'returnValues', $command)
    foreach ($type in $cmd.OutputType) {
        $writer.WriteStartElement('command', 'returnValue', $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $type.Name)
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    if ($data.Notes) {
        $writer.WriteStartElement('maml', 'alertSet', $maml)
        $writer.WriteStartElement('maml', 'alert', $maml)
        foreach ($note in $data.Notes) { $writer.WriteElementString('maml', 'para', $maml, $note) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('command', 'examples', $command)
    $i = 0
    foreach ($example in $data.Examples) {
        $i++
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- Example $i --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code.Trim())
        $writer.WriteStartElement('dev', 'remarks', $dev)
        $writer.WriteElementString('maml', 'para', $maml, $example.Remarks.Trim())
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($link in @($data.Links) + 'about_DragonflyMigration') {
        if (-not $link) { continue }
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link)
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Close()

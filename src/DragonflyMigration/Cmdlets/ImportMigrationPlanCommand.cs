using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Fleet;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>
    /// Reads and validates a migration plan file (a PowerShell data file) without contacting any server:
    /// every problem is reported at once, naming its group and field.
    /// </summary>
    [Cmdlet(VerbsData.Import, "MigrationPlan")]
    [OutputType(typeof(MigrationPlan))]
    public sealed class ImportMigrationPlanCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        protected override void ProcessRecord()
        {
            try
            {
                var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (!File.Exists(file)) throw Problem($"The plan file '{file}' does not exist.", file);
                var plan = MigrationPlanReader.Read(ReadDataFile(file));
                WriteObject(new MigrationPlan(file, plan));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Path));
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.From(new MigrationException(MigrationErrorKind.InvalidParameter, $"-Path '{Path}' is not a usable file path: {ex.Message}", nameof(Path)), Path));
            }
        }

        /// <summary>
        /// The file's one hashtable, read as Import-PowerShellDataFile reads it: parsed, never run, and only
        /// literal values (strings, numbers, $true/$false/$null, arrays and hashtables of them) allowed.
        /// </summary>
        private static IDictionary ReadDataFile(string file)
        {
            var ast = Parser.ParseFile(file, out _, out var errors);
            if (errors.Length > 0)
                throw Problem($"The plan file '{file}' is not valid PowerShell: " + string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")), file);
            var statements = ast.EndBlock?.Statements;
            var hashtable = statements?.Count == 1 && statements[0] is PipelineAst pipeline ? pipeline.GetPureExpression() as HashtableAst : null;
            if (hashtable == null || ast.BeginBlock != null || ast.ProcessBlock != null || ast.ParamBlock != null)
                throw Problem($"The plan file '{file}' must hold one hashtable, @{{ Defaults = @{{ ... }}; Groups = @( ... ) }}, and nothing else.", file);
            try
            {
                return (IDictionary)hashtable.SafeGetValue();
            }
            catch (InvalidOperationException ex)
            {
                throw Problem($"The plan file '{file}' holds something other than literal values ({ex.Message}); write strings, numbers, $true, $false, arrays and hashtables only.", file);
            }
        }

        private static MigrationException Problem(string message, string file) =>
            new MigrationException(MigrationErrorKind.PlanInvalid, message, file);
    }
}

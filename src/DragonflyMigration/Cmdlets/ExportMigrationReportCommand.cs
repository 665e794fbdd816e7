using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Reporting;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Writes what a runbook's cmdlets returned as one self-contained HTML report and a Markdown copy.</summary>
    [Cmdlet(VerbsData.Export, "MigrationReport", SupportsShouldProcess = true)]
    [OutputType(typeof(MigrationReportFile))]
    public sealed class ExportMigrationReportCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MarkdownPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "Migration report";

        [Parameter(ValueFromPipeline = true)]
        public object[]? InputObject { get; set; }

        [Parameter]
        public ReadinessCheck[]? Readiness { get; set; }

        [Parameter]
        public ReplicationStatus[]? Replication { get; set; }

        [Parameter]
        public FailoverResult[]? Failover { get; set; }

        /// <summary>Compare-RedisKeyspace's output: the summary and the differences.</summary>
        [Parameter]
        public object[]? Comparison { get; set; }

        [Parameter]
        public RetiredNode[]? Retired { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly List<ReadinessCheck> _checks = new List<ReadinessCheck>();
        private readonly List<ReplicationStatus> _replication = new List<ReplicationStatus>();
        private readonly List<FailoverResult> _failovers = new List<FailoverResult>();
        private readonly List<KeyspaceComparisonResult> _comparisons = new List<KeyspaceComparisonResult>();
        private readonly List<KeyspaceDifference> _differences = new List<KeyspaceDifference>();
        private readonly List<RetiredNode> _retired = new List<RetiredNode>();

        // Read by property (ReportInputs), so a job's or Export-Clixml's deserialized copies count too.
        private readonly List<object> _groups = new List<object>();
        private readonly List<object> _writes = new List<object>();

        protected override void ProcessRecord() => Sort(InputObject);

        protected override void EndProcessing()
        {
            foreach (var named in new IEnumerable?[] { Readiness, Replication, Failover, Comparison, Retired }) Sort(named);
            try
            {
                if (string.IsNullOrWhiteSpace(Title)) throw Invalid("-Title is blank; give the report a heading.", nameof(Title));
                var (htmlPath, markdownPath) = ResolvePaths();
                if (_checks.Count + _replication.Count + _failovers.Count + _comparisons.Count + _retired.Count + _groups.Count == 0)
                    throw Invalid("There is nothing to report: give the output of Test-MigrationReadiness, Wait-ReplicationSteady, Invoke-SentinelFailover, Compare-RedisKeyspace, Complete-DragonflyMigration or Invoke-MigrationPlan.", nameof(InputObject));

                var report = BuildReport();
                var changes = ServerChanges.Derive(report);
                if (!this.Confirmed($"{htmlPath} and {markdownPath}", "Write the migration report")) return;
                Write(htmlPath, HtmlReport.Render(report, changes));
                Write(markdownPath, MarkdownReport.Render(report, changes));
                WriteObject(new MigrationReportFile(Title, htmlPath, markdownPath, Sections(report), changes.Count));
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ex.Target));
            }
        }

        /// <summary>Takes each object by its type; arrays (a variable holding a cmdlet's output) are taken apart.</summary>
        private void Sort(IEnumerable? items)
        {
            if (items == null) return;
            foreach (var item in items)
            {
                if (item != null && ReportInputs.Is<MigrationGroupResult>(item)) { _groups.Add(item); continue; }
                if (item != null && ReportInputs.Is<SandboxWriteReport>(item)) { _writes.Add(item); continue; }
                var value = item is PSObject ps ? ps.BaseObject : item;
                switch (value)
                {
                    case null: break;
                    case ReadinessCheck c: _checks.Add(c); break;
                    case ReplicationStatus r: _replication.Add(r); break;
                    case FailoverResult f: _failovers.Add(f); break;
                    case KeyspaceComparisonResult k: _comparisons.Add(k); break;
                    case KeyspaceDifference d: _differences.Add(d); break;
                    case RetiredNode n: _retired.Add(n); break;
                    case IEnumerable nested when !(value is string) && !(value is IDictionary): Sort(nested); break;
                    default:
                        WriteWarning($"Ignored an input of type {value.GetType().FullName}: the report takes the output of Test-MigrationReadiness, Wait-ReplicationSteady, Invoke-SentinelFailover, Compare-RedisKeyspace, Complete-DragonflyMigration, Invoke-MigrationPlan and Measure-SandboxWrite.");
                        break;
                }
            }
        }

        private (string Html, string Markdown) ResolvePaths()
        {
            var html = FileSystemPath(Path, nameof(Path));
            var markdown = MarkdownPath != null ? FileSystemPath(MarkdownPath, nameof(MarkdownPath)) : System.IO.Path.ChangeExtension(html, ".md");
            if (string.Equals(html, markdown, StringComparison.OrdinalIgnoreCase))
                throw Invalid($"The HTML and the Markdown report would both be written to '{html}'; give -MarkdownPath.", nameof(MarkdownPath));
            if (MarkdownPath == null) RefuseOverwrite(markdown, nameof(Path));
            return (html, markdown);
        }

        /// <summary>Resolves a path as PowerShell does (relative to the current location, ~); it must name a file in an existing folder.</summary>
        private string FileSystemPath(string path, string parameter)
        {
            // A blank name would resolve to a file named with blanks in the current folder.
            if (string.IsNullOrWhiteSpace(path)) throw Invalid($"-{parameter} is blank; name the report file.", parameter);
            string resolved;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                    throw Invalid($"-{parameter} '{path}' is not a file system path.", parameter);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw Invalid($"-{parameter} '{path}' is not a usable file path: {ex.Message}", parameter);
            }
            if (Directory.Exists(resolved))
                throw Invalid($"-{parameter} '{resolved}' is a folder; name the report file.", parameter);
            var folder = System.IO.Path.GetDirectoryName(resolved);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                throw Invalid($"The folder of -{parameter} '{resolved}' does not exist.", parameter);
            RefuseOverwrite(resolved, parameter);
            return resolved;
        }

        private void RefuseOverwrite(string path, string parameter)
        {
            if (File.Exists(path) && !Force) throw Invalid($"'{path}' exists; give -Force to overwrite it.", parameter);
        }

        private static MigrationException Invalid(string message, string parameter) => new MigrationException(MigrationErrorKind.InvalidParameter, message, parameter);

        private void Write(string path, string content)
        {
            try
            {
                File.WriteAllText(path, content, new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.From(new MigrationException(MigrationErrorKind.ReportWriteFailed, $"Could not write '{path}': {ex.Message}", path, ex), path));
            }
        }

        private ReportData BuildReport()
        {
            // A re-run after a completed cutover reports only what it recovered; the run that cut over is the one to show.
            var failover = _failovers.LastOrDefault(f => !f.AlreadyCompleted) ?? _failovers.LastOrDefault();
            var comparison = _comparisons.LastOrDefault();
            var waited = _replication.LastOrDefault(r => r.Samples.Length > 0) ?? _replication.LastOrDefault();
            var source = failover?.OldPrimary ?? waited?.Source.Endpoint ?? comparison?.Source;
            var target = failover?.NewPrimary ?? waited?.Target.Endpoint ?? comparison?.Target;
            // Any status carries the connected nodes, and with them what each server said it is.
            var pair = waited ?? _replication.LastOrDefault();
            return new ReportData
            {
                Title = Title,
                User = Environment.UserName,
                Machine = Environment.MachineName,
                ModuleVersion = MyInvocation.MyCommand.Module?.Version.ToString() ?? typeof(ExportMigrationReportCommand).Assembly.GetName().Version.ToString(),
                Generated = DateTimeOffset.Now,
                MasterName = failover?.MasterName ?? _retired.Select(r => r.MasterName).FirstOrDefault() ?? GroupNames(),
                Source = source,
                Target = target,
                SourceServer = Server(pair?.Source),
                TargetServer = Server(pair?.Target),
                TargetIsDragonfly = pair == null ? (bool?)null : pair.Target.Flavor == nameof(ServerFlavor.Dragonfly),
                Readiness = _checks.Select(c => new ReadinessRow { Name = c.Name, Category = c.Category, Status = c.Status.ToString(), Message = c.Message, Remediation = c.Remediation }).ToList(),
                Replication = waited == null ? null : new ReplicationData
                {
                    Source = waited.Source.Endpoint,
                    Target = waited.Target.Endpoint,
                    IsSteady = waited.IsSteady,
                    TargetPriorityBefore = _replication.Select(r => r.TargetPriorityBefore).FirstOrDefault(p => p.HasValue),
                    Samples = waited.Samples.Select(s => new LagSample
                    {
                        Timestamp = s.Timestamp,
                        LagBytes = s.LagBytes,
                        LagSeconds = s.LagSeconds,
                        State = (ReplicationState)Enum.Parse(typeof(ReplicationState), s.State),
                    }).ToList(),
                },
                Failover = failover == null ? null : ReportInputs.Failover(failover, _failovers.SelectMany(f => f.Recovered)),
                Verification = comparison == null ? null : new VerificationData
                {
                    Source = comparison.Source,
                    Target = comparison.Target,
                    KeysCompared = comparison.KeysCompared,
                    Full = comparison.Full,
                    CountsMatch = comparison.CountsMatch,
                    DifferenceCount = comparison.DifferenceCount,
                    Live = comparison.Live,
                    Warnings = comparison.Warnings,
                    Databases = comparison.Databases.Select(d => new DatabaseRow { Database = d.Database, SourceKeys = d.SourceKeys, TargetKeys = d.TargetKeys, SourcePersistentKeys = d.SourcePersistentKeys, TargetPersistentKeys = d.TargetPersistentKeys }).ToList(),
                    Differences = _differences.Select(d => new DifferenceRow { Database = d.Database, Key = d.Key, Kind = d.Kind, SourceValue = d.SourceValue, TargetValue = d.TargetValue }).ToList(),
                },
                Retired = _retired.Select(r => new RetiredRow { Endpoint = r.Endpoint, PriorityLowered = r.PriorityLowered, ShutDown = r.ShutDown, Note = r.Note }).ToList(),
                Groups = _groups.Select(g => ReportInputs.Group(g, _writes)).ToList(),
            };
        }

        private string? GroupNames()
        {
            var names = _groups.Select(g => PSObject.AsPSObject(g).Properties["MasterName"]?.Value?.ToString()).Where(n => n != null).Distinct().ToList();
            return names.Count == 0 ? null : $"{names.Count} group(s): {string.Join(", ", names)}";
        }

        private static string? Server(RedisNode? node) => node == null ? null : $"{node.Flavor} {node.VersionText}".Trim();

        private static string[] Sections(ReportData report)
        {
            var sections = new List<string>();
            if (report.Groups.Count > 0) sections.Add("Groups");
            if (report.Readiness.Count > 0) sections.Add("Readiness");
            if (report.Replication?.Samples.Count > 0) sections.Add("Replication");
            if (report.Failover != null) sections.Add("Cutover");
            if (report.Verification != null) sections.Add("Verification");
            if (report.Retired.Count > 0) sections.Add("Retirement");
            return sections.ToArray();
        }
    }
}

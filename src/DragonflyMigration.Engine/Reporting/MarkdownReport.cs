using System.Collections.Generic;
using System.Linq;
using System.Text;
using static DragonflyMigration.Engine.Reporting.ReportText;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>The report as Markdown, for change tickets and wikis: the same sections, charts as tables.</summary>
    public static class MarkdownReport
    {
        public static string Render(ReportData report, IReadOnlyList<ServerChange> changes)
        {
            var m = new StringBuilder();
            m.Append("# ").Append(MarkdownCell(report.Title)).Append("\n\n");
            m.Append(Table(new[] { "Item", "Value" }, new[]
            {
                new[] { "Master name", report.MasterName ?? "not known" },
                new[] { "Source → target", report.Source == null && report.Target == null ? "not known" : $"{report.Source ?? "?"} → {report.Target ?? "?"}" },
                new[] { "Servers", HtmlReport.ServerPair(report) ?? "not known" },
                new[] { "Started", report.Started is { } s ? Time(s) + " (first replication sample)" : "not known" },
                new[] { "Ended", Time(report.Generated) + " (report written)" },
                new[] { "Run by", report.User },
                new[] { "Machine", report.Machine },
                new[] { "Module version", report.ModuleVersion },
            }));

            if (report.Groups.Count > 0)
            {
                m.Append("\n## Groups\n\n").Append(MarkdownCell(HtmlReport.GroupSummary(report.Groups))).Append("\n\n")
                 .Append(Table(new[] { "Group", "Wave", "Asked for", "Result", "Stage after", "Write pause (ms)", "Writes lost / acknowledged", "Error id", "Detail" },
                     report.Groups.Select(g => new[] { g.MasterName, g.Wave.ToString(), g.Requested, g.Result, g.StageAfter ?? "not known",
                         g.WritePauseMilliseconds is { } p ? Number(p) : string.Empty, HtmlReport.Writes(g), g.ErrorId ?? string.Empty, g.Detail })));
                foreach (var g in report.Groups.Where(g => g.Cutover != null)) Cutover(m, g.Cutover, $"Cutover of '{g.MasterName}'");
            }

            m.Append("\n## Readiness\n\n");
            if (report.Readiness.Count == 0) m.Append(None);
            else m.Append(MarkdownCell(HtmlReport.Summary(report.Readiness))).Append("\n\n")
                  .Append(Table(new[] { "Status", "Check", "Category", "Message", "Remediation" },
                      report.Readiness.Select(c => new[] { c.Status, c.Name, c.Category, c.Message, c.Remediation ?? string.Empty })));

            m.Append("\n## Replication lag during the wait\n\n");
            var r = report.Replication;
            if (r == null || r.Samples.Count == 0) m.Append(None);
            else m.Append(MarkdownCell(HtmlReport.LagSummary(r))).Append("\n\n");

            if (report.Failover != null || report.Groups.Count == 0) Cutover(m, report.Failover, "Cutover");

            m.Append("\n## Verification\n\n");
            var v = report.Verification;
            if (v == null) m.Append(None);
            else
            {
                m.Append(MarkdownCell(HtmlReport.VerificationVerdict(v))).Append("\n\n")
                 .Append(Table(new[] { "Database", "Source keys", "Target keys", "Source keys without expiry", "Target keys without expiry" },
                     v.Databases.Select(d => new[] { $"db{d.Database}", d.SourceKeys.ToString(), d.TargetKeys.ToString(), d.SourcePersistentKeys.ToString(), d.TargetPersistentKeys.ToString() })));
                if (v.Differences.Count > 0)
                    m.Append('\n').Append(Table(new[] { "Db", "Key", "Kind", "Source", "Target" },
                        v.Differences.Select(d => new[] { d.Database.ToString(), d.Key, d.Kind, d.SourceValue, d.TargetValue })));
            }

            m.Append("\n## Server changes\n\n");
            if (changes.Count == 0) m.Append(None);
            else m.Append(Table(new[] { "#", "Server", "Change" }, changes.Select((c, i) => new[] { (i + 1).ToString(), c.Server, c.Change })));
            return m.ToString();
        }

        private static void Cutover(StringBuilder m, FailoverData? f, string heading)
        {
            m.Append("\n## ").Append(MarkdownCell(heading)).Append("\n\n");
            if (f == null) { m.Append(None); return; }
            m.Append(MarkdownCell($"{f.OldPrimary} → {f.NewPrimary}. "))
             .Append(f.AlreadyCompleted ? "The cutover had been done before; this run changed nothing but what it recovered." : $"Writes were paused for **{Number(f.WritePauseMilliseconds)} ms**.")
             .Append("\n\n")
             .Append(Table(new[] { "Phase", "Duration (ms)", "Result", "Detail" },
                 f.Phases.Select(p => new[] { p.Name, Number(p.DurationMilliseconds), p.Succeeded ? "done" : "failed", p.Detail })));
            if (f.ConfirmingSentinels.Count > 0) m.Append('\n').Append(MarkdownCell($"Confirmed by the Sentinels {string.Join(", ", f.ConfirmingSentinels)}.")).Append('\n');
            if (f.SentinelFailoverNote != null) m.Append('\n').Append(MarkdownCell(f.SentinelFailoverNote)).Append('\n');
            if (f.Warnings.Count > 0) m.Append("\nWarnings:\n\n").Append(string.Concat(f.Warnings.Select(w => "- " + MarkdownCell(w) + "\n")));
        }

        private const string None = "_Not given to the report._\n";

        /// <summary>A pipe table; every cell is escaped, so no value can break out of its cell or the table.</summary>
        public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
        {
            var m = new StringBuilder();
            m.Append("| ").Append(string.Join(" | ", headers.Select(MarkdownCell))).Append(" |\n");
            m.Append('|').Append(string.Concat(headers.Select(_ => "---|"))).Append('\n');
            foreach (var row in rows)
                m.Append("| ").Append(string.Join(" | ", Enumerable.Range(0, headers.Count).Select(i => i < row.Count ? MarkdownCell(row[i]) : string.Empty))).Append(" |\n");
            return m.ToString();
        }
    }
}

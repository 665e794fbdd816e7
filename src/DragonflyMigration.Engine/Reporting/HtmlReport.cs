using System.Collections.Generic;
using System.Linq;
using System.Text;
using static DragonflyMigration.Engine.Reporting.ReportText;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>
    /// Writes the report as one HTML file with its CSS and charts inline and no script or external
    /// reference, so it can be filed with a change and opened anywhere, offline, years later.
    /// </summary>
    public static class HtmlReport
    {
        private const string Style = @"
body{font:14px/1.45 'DejaVu Sans',Segoe UI,Helvetica,Arial,sans-serif;color:#1d2329;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:24px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0 10px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}td.num{text-align:right}.meta th{width:170px}
.status{font-weight:bold;border-radius:3px;padding:1px 6px;color:#fff}
.Pass{background:#2e7d32}.Warn{background:#b26a00}.Fail{background:#c62828}.Skipped{background:#78828c}
.none{color:#78828c;font-style:italic}.verdict{font-weight:bold}.good{color:#2e7d32}.bad{color:#c62828}
svg{background:#fff;border:1px solid #d0d7de;display:block;margin:6px 0}
svg text{font:12px 'DejaVu Sans',Helvetica,Arial,sans-serif;fill:#1d2329}svg .axis-label{font-weight:bold}
svg .grid{stroke:#e6e9ec}svg .axis{stroke:#57606a}svg polyline.lag{fill:none;stroke:#1f6feb;stroke-width:2}
svg circle.lag{fill:#1f6feb}svg rect.sync{fill:#f6e7b4}svg .phase{fill:#4a7dbf}svg .failed{fill:#c62828}svg .pause{fill:#e36209}
footer{margin-top:32px;color:#57606a;font-size:12px}";

        public static string Render(ReportData report, IReadOnlyList<ServerChange> changes)
        {
            var h = new StringBuilder();
            h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
            h.Append($"<title>{Html(report.Title)}</title><style>{Style}</style></head><body>\n");
            h.Append($"<h1>{Html(report.Title)}</h1>\n");
            Header(h, report);
            Groups(h, report.Groups);
            Readiness(h, report.Readiness);
            Replication(h, report.Replication);
            if (report.Failover != null || report.Groups.Count == 0) Cutover(h, report.Failover, "Cutover");
            Verification(h, report.Verification);
            Changes(h, changes);
            h.Append($"<footer>Written by Export-MigrationReport (DragonflyMigration {Html(report.ModuleVersion)}) from the runbook's output objects.</footer>\n");
            return h.Append("</body></html>\n").ToString();
        }

        private static void Header(StringBuilder h, ReportData r)
        {
            var rows = new List<(string, string?)>
            {
                ("Master name", r.MasterName),
                ("Source → target", r.Source == null && r.Target == null ? null : $"{r.Source ?? "?"} → {r.Target ?? "?"}"),
                ("Servers", ServerPair(r)),
                ("Started", r.Started is { } s ? Time(s) + " (first replication sample)" : null),
                ("Ended", Time(r.Generated) + " (report written)"),
                ("Run by", r.User),
                ("Machine", r.Machine),
                ("Module version", r.ModuleVersion),
            };
            h.Append("<table class=\"meta\">");
            foreach (var (name, value) in rows) h.Append($"<tr><th>{Html(name)}</th><td>{(value == null ? "<span class=\"none\">not known</span>" : Html(value))}</td></tr>");
            h.Append("</table>\n");
        }

        private static void Readiness(StringBuilder h, IReadOnlyList<ReadinessRow> checks)
        {
            h.Append("<h2>Readiness</h2>\n");
            if (checks.Count == 0) { None(h); return; }
            h.Append($"<p>{Html(Summary(checks))}</p>");
            h.Append("<table><tr><th>Status</th><th>Check</th><th>Category</th><th>Message</th><th>Remediation</th></tr>");
            foreach (var c in checks)
                h.Append($"<tr><td><span class=\"status {Html(c.Status)}\">{Html(c.Status)}</span></td><td>{Html(c.Name)}</td><td>{Html(c.Category)}</td><td>{Html(c.Message)}</td><td>{Html(c.Remediation)}</td></tr>");
            h.Append("</table>\n");
        }

        private static void Replication(StringBuilder h, ReplicationData? r)
        {
            h.Append("<h2>Replication lag during the wait</h2>\n");
            var chart = r == null ? null : Svg.LagChart(r.Samples);
            if (r == null || chart == null) { None(h); return; }
            h.Append($"<p>{Html(LagSummary(r))}</p>").Append(chart).Append('\n');
        }

        /// <summary>A plan run's groups: a summary, one row each, their write pauses side by side, then each one's cutover.</summary>
        private static void Groups(StringBuilder h, IReadOnlyList<GroupRow> groups)
        {
            if (groups.Count == 0) return;
            h.Append("<h2>Groups</h2>\n");
            h.Append($"<p class=\"verdict {(groups.All(g => g.Result == "Succeeded") ? "good" : "bad")}\">{Html(GroupSummary(groups))}</p>");
            h.Append("<table><tr><th>Group</th><th>Wave</th><th>Asked for</th><th>Result</th><th>Stage after</th><th>Write pause (ms)</th><th>Writes lost / acknowledged</th><th>Error id</th><th>Detail</th></tr>");
            foreach (var g in groups)
            {
                var status = g.Result == "Succeeded" ? "Pass" : g.Result == "Failed" ? "Fail" : "Skipped";
                h.Append($"<tr><td>{Html(g.MasterName)}</td><td class=\"num\">{g.Wave}</td><td>{Html(g.Requested)}</td><td><span class=\"status {status}\">{Html(g.Result)}</span></td>")
                 .Append($"<td>{Html(g.StageAfter ?? "not known")}</td><td class=\"num\">{(g.WritePauseMilliseconds is { } p ? Number(p) : "")}</td>")
                 .Append($"<td class=\"num\">{Html(Writes(g))}</td><td>{Html(g.ErrorId ?? "")}</td><td>{Html(g.Detail)}</td></tr>");
            }
            h.Append("</table>\n");
            var chart = Svg.GroupPauses(groups);
            if (chart != null) h.Append(chart).Append('\n');
            foreach (var g in groups.Where(g => g.Cutover != null)) Cutover(h, g.Cutover, $"Cutover of '{g.MasterName}'");
        }

        public static string GroupSummary(IReadOnlyList<GroupRow> groups)
        {
            string Count(string result) => groups.Count(g => g.Result == result).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var lost = groups.Where(g => g.LostWrites.HasValue).ToList();
            return $"{groups.Count} group(s): {Count("Succeeded")} succeeded, {Count("Failed")} failed, {Count("Skipped")} skipped."
                + (lost.Count == 0 ? string.Empty : $" Writers measured {lost.Sum(g => g.LostWrites!.Value)} lost write(s) of {lost.Sum(g => g.AcknowledgedWrites ?? 0)} acknowledged on {lost.Count} group(s).");
        }

        public static string Writes(GroupRow g) => g.LostWrites is { } lost ? $"{lost} / {g.AcknowledgedWrites}" : string.Empty;

        private static void Cutover(StringBuilder h, FailoverData? f, string heading)
        {
            h.Append($"<h2>{Html(heading)}</h2>\n");
            if (f == null) { None(h); return; }
            h.Append($"<p>{Html(f.OldPrimary)} → {Html(f.NewPrimary)}. ");
            h.Append(f.AlreadyCompleted
                ? "The cutover had been done before; this run changed nothing but what it recovered.</p>"
                : $"Writes were paused for <b>{Number(f.WritePauseMilliseconds)} ms</b>.</p>");
            var chart = Svg.PhaseTimeline(f.Phases, f.WritePauseMilliseconds);
            if (chart != null) h.Append(chart);
            h.Append("<table><tr><th>Phase</th><th>Duration (ms)</th><th>Result</th><th>Detail</th></tr>");
            foreach (var p in f.Phases)
                h.Append($"<tr><td>{Html(p.Name)}</td><td class=\"num\">{Number(p.DurationMilliseconds)}</td><td>{(p.Succeeded ? "done" : "<span class=\"bad\">failed</span>")}</td><td>{Html(p.Detail)}</td></tr>");
            h.Append("</table>");
            if (f.ConfirmingSentinels.Count > 0) h.Append($"<p>Confirmed by the Sentinels {Html(string.Join(", ", f.ConfirmingSentinels))}.</p>");
            if (f.SentinelFailoverNote != null) h.Append($"<p>{Html(f.SentinelFailoverNote)}</p>");
            List(h, "Warnings", f.Warnings);
            h.Append('\n');
        }

        private static void Verification(StringBuilder h, VerificationData? v)
        {
            h.Append("<h2>Verification</h2>\n");
            if (v == null) { None(h); return; }
            h.Append($"<p class=\"verdict {(v.IsEqual ? "good" : "bad")}\">{Html(VerificationVerdict(v))}</p>");
            h.Append("<table><tr><th>Database</th><th>Source keys</th><th>Target keys</th><th>Source keys without expiry</th><th>Target keys without expiry</th></tr>");
            foreach (var d in v.Databases)
                h.Append($"<tr><td>db{d.Database}</td><td class=\"num\">{d.SourceKeys}</td><td class=\"num\">{d.TargetKeys}</td><td class=\"num\">{d.SourcePersistentKeys}</td><td class=\"num\">{d.TargetPersistentKeys}</td></tr>");
            h.Append("</table>");
            if (v.Differences.Count > 0)
            {
                h.Append("<table><tr><th>Db</th><th>Key</th><th>Kind</th><th>Source</th><th>Target</th></tr>");
                foreach (var d in v.Differences)
                    h.Append($"<tr><td>{d.Database}</td><td>{Html(d.Key)}</td><td>{Html(d.Kind)}</td><td>{Html(d.SourceValue)}</td><td>{Html(d.TargetValue)}</td></tr>");
                h.Append("</table>");
            }
            h.Append('\n');
        }

        private static void Changes(StringBuilder h, IReadOnlyList<ServerChange> changes)
        {
            h.Append("<h2>Server changes</h2>\n");
            if (changes.Count == 0) { None(h); return; }
            h.Append("<table><tr><th>#</th><th>Server</th><th>Change</th></tr>");
            for (var i = 0; i < changes.Count; i++)
                h.Append($"<tr><td class=\"num\">{i + 1}</td><td>{Html(changes[i].Server)}</td><td>{Html(changes[i].Change)}</td></tr>");
            h.Append("</table>\n");
        }

        private static void List(StringBuilder h, string heading, IReadOnlyList<string> items)
        {
            if (items.Count == 0) return;
            h.Append($"<p><b>{Html(heading)}</b></p><ul>");
            foreach (var item in items) h.Append($"<li>{Html(item)}</li>");
            h.Append("</ul>");
        }

        private static void None(StringBuilder h) => h.Append("<p class=\"none\">Not given to the report.</p>\n");

        public static string Summary(IReadOnlyList<ReadinessRow> checks) =>
            string.Join(", ", checks.GroupBy(c => c.Status).Select(g => $"{g.Count()} {g.Key}"));

        public static string LagSummary(ReplicationData r)
        {
            var samples = r.Samples;
            var last = samples[samples.Count - 1];
            var seconds = (last.Timestamp - samples[0].Timestamp).TotalSeconds;
            var maxBytes = samples.Max(s => s.LagBytes ?? 0);
            var maxSeconds = samples.Max(s => s.LagSeconds ?? 0);
            return $"{r.Target ?? "The target"} replicating {r.Source ?? "the source"}: {samples.Count} samples over {Number(seconds, "0")} s; " +
                   $"highest lag {maxBytes} bytes and {maxSeconds} s; last state {last.State}, lag {last.LagBytes?.ToString() ?? "unknown"} bytes" +
                   (r.IsSteady ? "; steady." : "; not judged steady.");
        }

        public static string VerificationVerdict(VerificationData v) =>
            $"{v.Source} vs {v.Target}: {(v.IsEqual ? "equal" : "DIFFERENT")}; {v.KeysCompared} keys compared{(v.Full ? " (every key)" : " (a sample)")}, " +
            $"{v.DifferenceCount} differences, key counts without expiry {(v.CountsMatch ? "match" : "differ")}" +
            (v.Live ? "; compared while one replicated the other, keys in flight waited for." : ".") +
            string.Concat(v.Warnings.Select(w => " Warning: " + w));

        /// <summary>"Redis 7.0.15 → Dragonfly df-v1.40.1", or null when no output object carried the nodes.</summary>
        public static string? ServerPair(ReportData r) =>
            r.SourceServer == null && r.TargetServer == null ? null : $"{r.SourceServer ?? "?"} → {r.TargetServer ?? "?"}";
    }
}

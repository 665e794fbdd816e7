using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Reporting;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Reporting
{
    public class ReportTests
    {
        private const string Hostile = "<script>alert('x')</script> & \"q\" | `c` *e* [l](http://x) \u0007";

        private static ReportData Report(string hostile = Hostile) => new ReportData
        {
            Title = "CHG-1 " + hostile,
            User = "ops",
            Machine = "runner",
            ModuleVersion = "0.1.0",
            Generated = new DateTimeOffset(2024, 5, 1, 10, 0, 30, TimeSpan.Zero),
            MasterName = "master-" + hostile,
            Source = "10.0.0.1:6379",
            Target = "10.0.0.2:6379",
            Readiness = new[]
            {
                new ReadinessRow { Name = "SentinelPromotion", Category = "Sentinel", Status = "Pass", Message = "ok " + hostile },
                new ReadinessRow { Name = "MaxMemory", Category = "Memory", Status = "Fail", Message = "low", Remediation = "raise " + hostile },
            },
            Replication = new ReplicationData
            {
                Source = "10.0.0.1:6379",
                Target = "10.0.0.2:6379",
                IsSteady = true,
                TargetPriorityBefore = 100,
                Samples = Enumerable.Range(0, 10).Select(i => new LagSample
                {
                    Timestamp = new DateTimeOffset(2024, 5, 1, 10, 0, i, TimeSpan.Zero),
                    LagBytes = i < 2 ? null : (long?)(1000 - i * 100),
                    LagSeconds = 0,
                    State = i < 2 ? ReplicationState.FullSync : ReplicationState.Streaming,
                }).ToList(),
            },
            Failover = new FailoverData
            {
                MasterName = "master-" + hostile,
                OldPrimary = "10.0.0.1:6379",
                NewPrimary = "10.0.0.2:6379",
                Phases = new[] { "Preflight", "Arm", "Freeze", "Promote", "Fence", "Confirm" }
                    .Select(n => new PhaseRow { Name = n, DurationMilliseconds = 100, Succeeded = true }).ToList(),
                WritePauseMilliseconds = 250,
                Warnings = new[] { "warn " + hostile },
                ExcludedReplicas = new[] { "10.0.0.3:6379" },
                Recovered = new[] { "put back " + hostile },
            },
            Verification = new VerificationData
            {
                Source = "10.0.0.1:6379",
                Target = "10.0.0.2:6379",
                KeysCompared = 1000,
                CountsMatch = true,
                DifferenceCount = 1,
                Databases = new[] { new DatabaseRow { Database = 0, SourceKeys = 5, TargetKeys = 5, SourcePersistentKeys = 5, TargetPersistentKeys = 5 } },
                Differences = new[] { new DifferenceRow { Key = "key " + hostile, Kind = "ValueMismatch", SourceValue = "src " + hostile, TargetValue = "tgt " + hostile } },
            },
            Retired = new[] { new RetiredRow { Endpoint = "10.0.0.1:6379", PriorityLowered = true, ShutDown = true } },
        };

        private static string Html(ReportData r) => HtmlReport.Render(r, ServerChanges.Derive(r));

        [Theory]
        [InlineData(true, "cannot replicate a Dragonfly primary")]
        [InlineData(false, "follows the new primary")]
        public void AnExcludedReplicaIsDescribedByWhatTheNewPrimaryCanFeed(bool targetIsDragonfly, string expected)
        {
            var report = new ReportData
            {
                Source = "10.0.0.1:6379", Target = "10.0.0.2:6379", TargetIsDragonfly = targetIsDragonfly,
                SourceServer = "Redis 7.0.15", TargetServer = targetIsDragonfly ? "Dragonfly df-v1.40.1" : "Redis 7.0.15",
                Failover = Report().Failover,
            };
            var excluded = Assert.Single(ServerChanges.Derive(report), c => c.Server == "10.0.0.3:6379");
            Assert.Contains(expected, excluded.Change);
            Assert.Contains("Redis 7.0.15 → " + report.TargetServer, Html(report));
        }

        [Fact]
        public void HtmlEscapesEveryServerValue()
        {
            var html = Html(Report());
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("alert('x')", html);
            Assert.DoesNotContain("\u0007", html, StringComparison.Ordinal);
            // Nine values carry the hostile text; each must appear escaped.
            Assert.True(Regex.Matches(html, Regex.Escape("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")).Count >= 9);
        }

        [Theory]
        [InlineData("a<b", "a&lt;b")]
        [InlineData("\"'&>", "&quot;&#39;&amp;&gt;")]
        [InlineData("tab\tand\u0000nul", "tab\tand\uFFFDnul")]
        [InlineData(null, "")]
        public void HtmlEscaping(string? text, string expected) => Assert.Equal(expected, ReportText.Html(text));

        [Fact]
        public void HtmlIsSelfContained()
        {
            var html = Html(Report());
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            // The only URL is the SVG namespace, which is a name, not a fetch.
            var urls = Regex.Matches(html, @"(https?:)?//[^\s""'<)]+").Cast<Match>().Select(m => m.Value).Distinct().ToArray();
            Assert.Equal(new[] { "http://www.w3.org/2000/svg" }, urls.Where(u => !u.StartsWith("http://x")).ToArray());
            Assert.Contains("<polyline class=\"lag\"", html);
            Assert.Contains("Write pause", html);
        }

        [Fact]
        public void MarkdownCellsCannotBreakTheTable()
        {
            var cell = ReportText.MarkdownCell("a|b\r\nc `d` <i> *e* [f](g) \\ #");
            Assert.Equal("a\\|b c \\`d\\` &lt;i&gt; \\*e\\* \\[f\\](g) \\\\ \\#", cell);
            var table = MarkdownReport.Table(new[] { "A", "B" }, new[] { new[] { "x|y", "line1\nline2" }, new[] { "only one" } });
            var lines = table.TrimEnd('\n').Split('\n');
            Assert.Equal(new[] { "| A | B |", "|---|---|", "| x\\|y | line1 line2 |", "| only one |  |" }, lines);
        }

        [Fact]
        public void MarkdownHasEverySectionAndEscapesServerValues()
        {
            var r = Report();
            var md = MarkdownReport.Render(r, ServerChanges.Derive(r));
            foreach (var heading in new[] { "## Readiness", "## Replication lag during the wait", "## Cutover", "## Verification", "## Server changes" }) Assert.Contains(heading, md);
            Assert.Contains("| Fence | 100 | done |  |", md);
            Assert.Contains("**250 ms**", md);
            Assert.DoesNotContain("<script", md);
            Assert.Contains("| key &lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\" \\| \\`c\\` \\*e\\* \\[l\\](http://x) \uFFFD |", md);
        }

        [Fact]
        public void SectionsWithoutInputSaySo()
        {
            var r = new ReportData { Title = "empty", Generated = DateTimeOffset.UnixEpoch };
            Assert.Equal(5, Regex.Matches(Html(r), "Not given to the report").Count);
            Assert.Equal(5, Regex.Matches(MarkdownReport.Render(r, ServerChanges.Derive(r)), "Not given to the report").Count);
        }

        [Theory]
        [InlineData(0, 1, 1)]
        [InlineData(7, 2, 8)]
        [InlineData(1000, 200, 1000)]
        [InlineData(1234, 500, 1500)]
        [InlineData(0.3, 1, 1)]
        public void ScaleRoundsItsTopToATickStep(double max, double step, double top)
        {
            var scale = new ChartScale(max, 0, 100);
            Assert.Equal(step, scale.Step);
            Assert.Equal(top, scale.Max);
            Assert.Equal(top, scale.Ticks().Last());
            Assert.Equal(0, scale.Ticks().First());
        }

        [Fact]
        public void ScaleMapsAndClampsInvertedRanges()
        {
            var y = new ChartScale(1000, 230, 20);
            Assert.Equal(230, y.Pixel(0));
            Assert.Equal(20, y.Pixel(1000));
            Assert.Equal(125, y.Pixel(500));
            Assert.Equal(20, y.Pixel(5000));
            Assert.Equal(230, y.Pixel(-5));
        }

        [Fact]
        public void LagChartPlotsEveryStreamingSampleInsideThePlot()
        {
            var samples = Report().Replication!.Samples;
            var svg = Svg.LagChart(samples)!;
            var points = Regex.Match(svg, "<polyline class=\"lag\" points=\"([^\"]+)\"").Groups[1].Value.Split(' ')
                .Select(p => p.Split(',').Select(double.Parse).ToArray()).ToArray();
            Assert.Equal(8, points.Length);
            Assert.All(points, p => Assert.InRange(p[0], 80, Svg.Width - 20));
            Assert.All(points, p => Assert.InRange(p[1], 20, 230));
            // Lag falls over time, so the line climbs down toward the x axis (larger y).
            Assert.True(points.Zip(points.Skip(1), (a, b) => b[1] > a[1] && b[0] > a[0]).All(x => x));
            // The last sample, 9 s in, on an axis rounded up to 10 s.
            Assert.Equal(80 + (Svg.Width - 100) * 0.9, points.Last()[0], 1);
            Assert.Contains("rect class=\"sync\"", svg);
            Assert.Contains("Lag (bytes)", svg);
            Assert.Contains("Seconds since the wait began", svg);
            Assert.Null(Svg.LagChart(Array.Empty<LagSample>()));
        }

        [Fact]
        public void TimelinePutsPhasesEndToEndAndThePauseAtTheFreeze()
        {
            var phases = new[] { ("Preflight", 100.0), ("Arm", 100.0), ("Freeze", 200.0), ("Promote", 300.0), ("Fence", 100.0), ("Confirm", 200.0) }
                .Select(p => new PhaseRow { Name = p.Item1, DurationMilliseconds = p.Item2, Succeeded = p.Item1 != "Confirm" }).ToList();
            var svg = Svg.PhaseTimeline(phases, 550)!;
            var bars = Regex.Matches(svg, "<rect class=\"([^\"]+)\" x=\"([^\"]+)\" y=\"[^\"]+\" width=\"([^\"]+)\"").Cast<Match>()
                .Select(m => (Class: m.Groups[1].Value, X: double.Parse(m.Groups[2].Value), W: double.Parse(m.Groups[3].Value))).ToArray();
            Assert.Equal(7, bars.Length);
            for (var i = 1; i < 6; i++) Assert.Equal(bars[i - 1].X + bars[i - 1].W, bars[i].X, 6);
            Assert.Equal("phase failed", bars[5].Class);
            Assert.Equal("pause", bars[6].Class);
            Assert.Equal(bars[2].X, bars[6].X, 6);
            Assert.Equal(bars[2].W + bars[3].W + bars[4].W * 0.5, bars[6].W, 6);
            Assert.Contains("550 ms", svg);
            Assert.Null(Svg.PhaseTimeline(Array.Empty<PhaseRow>(), 0));
        }

        [Fact]
        public void ServerChangesFollowTheCompletedPhases()
        {
            var r = Report();
            var changes = ServerChanges.Derive(r).Select(c => $"{c.Server}: {c.Change}").ToList();
            Assert.Equal("10.0.0.2:6379: REPLICAOF 10.0.0.1:6379; replica-priority 0 (was 100)", changes[0]);
            Assert.Contains(changes, c => c.StartsWith("10.0.0.2:6379: replica-priority 1"));
            Assert.Contains(changes, c => c.StartsWith("10.0.0.1:6379: CLIENT PAUSE WRITE"));
            Assert.Contains(changes, c => c.StartsWith("every Sentinel: SENTINEL FAILOVER"));
            Assert.Contains(changes, c => c.StartsWith("10.0.0.1:6379: REPLICAOF 10.0.0.2:6379"));
            Assert.Contains(changes, c => c.StartsWith("10.0.0.3:6379: replica-priority 0 (excluded"));
            Assert.Contains(changes, c => c.Contains("Recovered from an earlier run: put back"));
            Assert.Contains(changes, c => c == "10.0.0.1:6379: SHUTDOWN SAVE (data kept on disk for a rollback)");
            Assert.Contains(changes, c => c.StartsWith("every Sentinel: SENTINEL RESET"));

            var failed = new ReportData
            {
                Failover = new FailoverData
                {
                    OldPrimary = "a:1",
                    NewPrimary = "b:1",
                    Phases = new[] { new PhaseRow { Name = "Arm", Succeeded = true }, new PhaseRow { Name = "Freeze", Succeeded = false } },
                },
            };
            Assert.Equal(new[] { "b:1: replica-priority 1 (the replica every Sentinel would promote)" }, ServerChanges.Derive(failed).Select(c => $"{c.Server}: {c.Change}"));
        }

        [Fact]
        public void TwentyGroupsGetARowEachWithTheirNameAndPause()
        {
            var groups = Enumerable.Range(1, 20).Select(i => new GroupRow
            {
                MasterName = i == 7 ? "a-very-long-master-name-for-a-service" : $"svc-{i:00}", Result = i == 3 ? "Failed" : "Succeeded",
                WritePauseMilliseconds = i == 3 ? (double?)null : 200 + i * 10,
            }).ToList();
            var svg = Svg.GroupPauses(groups)!;
            var rows = Regex.Matches(svg, "<rect class=\"pause\" x=\"[^\"]+\" y=\"([^\"]+)\"").Cast<Match>().Select(m => double.Parse(m.Groups[1].Value)).ToList();
            var labels = Regex.Matches(svg, "<text class=\"label\"[^>]*>([^<]*)</text>").Cast<Match>().Select(m => m.Groups[1].Value).ToList();

            Assert.Equal(19, rows.Count);
            Assert.All(rows.Zip(rows.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= 20, $"rows {gap} px apart overlap"));
            Assert.Equal(19, labels.Distinct().Count());
            Assert.Contains("a-very-long…", labels);
            Assert.Contains("a-very-long-master-name-for-a-service: 270 ms", svg);
            Assert.DoesNotContain("svc-03", labels);
            Assert.Null(Svg.GroupPauses(groups.Take(0).ToList()));
        }

        [Fact]
        public void AFleetReportHasAGroupsSectionAndEachGroupsCutover()
        {
            var cutover = new FailoverData { MasterName = "b", OldPrimary = "s:1", NewPrimary = "t:1", WritePauseMilliseconds = 300, Phases = new[] { new PhaseRow { Name = "Fence", Succeeded = true, DurationMilliseconds = 20 } } };
            var report = new ReportData
            {
                Groups = new[]
                {
                    new GroupRow { MasterName = "a", Source = "s:0", Target = "t:0", Result = "Failed", ErrorId = "NotReady", StageBefore = "NotStarted", StageAfter = "NotStarted", Detail = "not <ready>" },
                    new GroupRow { MasterName = "b", Source = "s:1", Target = "t:1", Result = "Succeeded", StageBefore = "NotStarted", StageAfter = "CutOver", WritePauseMilliseconds = 300, LostWrites = 0, AcknowledgedWrites = 500, Cutover = cutover },
                },
            };
            var changes = ServerChanges.Derive(report);
            var html = HtmlReport.Render(report, changes);
            var md = MarkdownReport.Render(report, changes);

            foreach (var text in new[] { html, md })
            {
                Assert.Contains("2 group(s): 1 succeeded, 1 failed, 0 skipped. Writers measured 0 lost write(s) of 500 acknowledged on 1 group(s).", text);
                Assert.Contains("Cutover of ", text);
                Assert.DoesNotContain("## Cutover\n", text);
            }
            Assert.Contains("not &lt;ready&gt;", html);
            Assert.Contains(changes, c => c.Server == "t:1" && c.Change.StartsWith("REPLICAOF s:1"));
            Assert.DoesNotContain(changes, c => c.Server == "t:0");
            Assert.Contains(changes, c => c.Server == "s:1" && c.Change.StartsWith("REPLICAOF t:1"));
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Text;
using DragonflyMigration.Engine.Replication;
using static DragonflyMigration.Engine.Reporting.ReportText;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>The report's two charts as inline SVG, so the HTML file needs nothing beside it.</summary>
    public static class Svg
    {
        public const int Width = 720;
        private const int Left = 80;
        private const int Right = 20;

        /// <summary>Lag in bytes over the wait, one point a sample; stretches not streaming are shaded. Null without samples.</summary>
        public static string? LagChart(IReadOnlyList<LagSample> samples)
        {
            if (samples.Count == 0) return null;
            const int height = 280, top = 20, bottom = 50;
            var start = samples[0].Timestamp;
            double Seconds(LagSample s) => (s.Timestamp - start).TotalSeconds;
            var x = new ChartScale(Seconds(samples[samples.Count - 1]), Left, Width - Right);
            var y = new ChartScale(samples.Max(s => s.LagBytes ?? 0), height - bottom, top);
            var svg = Open(height, "Replication lag in bytes over the wait");
            Axes(svg, x, y, height - bottom, top, "Seconds since the wait began", "Lag (bytes)");

            foreach (var run in Runs(samples, s => s.State != ReplicationState.Streaming))
            {
                var x0 = x.Pixel(Seconds(run[0]));
                var x1 = System.Math.Max(x0 + 2, x.Pixel(Seconds(run[run.Count - 1])));
                svg.Append($"<rect class=\"sync\" x=\"{Number(x0)}\" y=\"{top}\" width=\"{Number(x1 - x0)}\" height=\"{height - bottom - top}\"><title>{Html(run[0].State.ToString())}</title></rect>");
            }
            foreach (var run in Runs(samples, s => s.LagBytes.HasValue))
            {
                var points = string.Join(" ", run.Select(s => $"{Number(x.Pixel(Seconds(s)))},{Number(y.Pixel(s.LagBytes!.Value))}"));
                svg.Append($"<polyline class=\"lag\" points=\"{points}\"/>");
            }
            // Single points draw no line; marking each sample keeps short waits visible.
            if (samples.Count <= 120)
            {
                foreach (var s in samples.Where(s => s.LagBytes.HasValue))
                    svg.Append($"<circle class=\"lag\" cx=\"{Number(x.Pixel(Seconds(s)))}\" cy=\"{Number(y.Pixel(s.LagBytes!.Value))}\" r=\"2.5\"/>");
            }
            svg.Append($"<rect class=\"sync\" x=\"{Width - Right - 150}\" y=\"4\" width=\"10\" height=\"10\"/><text class=\"legend\" x=\"{Width - Right - 135}\" y=\"13\">not streaming (sync)</text>");
            return svg.Append("</svg>").ToString();
        }

        /// <summary>The cutover's phases as bars on one time axis, and the write pause from the Freeze on. Null without phases.</summary>
        public static string? PhaseTimeline(IReadOnlyList<PhaseRow> phases, double writePauseMilliseconds)
        {
            if (phases.Count == 0) return null;
            const int top = 10, row = 28, bottom = 50;
            var rows = phases.Count + 1;
            var height = top + rows * row + bottom;
            var total = phases.Sum(p => p.DurationMilliseconds);
            var freezeStart = 0.0;
            var offset = 0.0;
            foreach (var p in phases)
            {
                if (p.Name == "Freeze") freezeStart = offset;
                offset += p.DurationMilliseconds;
            }
            var x = new ChartScale(System.Math.Max(total, freezeStart + writePauseMilliseconds), Left + 20, Width - Right - 70);
            var svg = Open(height, "Cutover phases and the write pause");
            Axes(svg, x, null, top + rows * row, top, "Milliseconds since the cutover began", null);

            offset = 0;
            for (var i = 0; i < phases.Count; i++)
            {
                var p = phases[i];
                Bar(svg, x, top + i * row, offset, p.DurationMilliseconds, p.Succeeded ? "phase" : "phase failed", p.Name,
                    $"{Number(p.DurationMilliseconds, "0")} ms{(p.Succeeded ? string.Empty : " (failed)")}");
                offset += p.DurationMilliseconds;
            }
            if (writePauseMilliseconds > 0)
                Bar(svg, x, top + phases.Count * row, freezeStart, writePauseMilliseconds, "pause", "Write pause", $"{Number(writePauseMilliseconds, "0")} ms");
            return svg.Append("</svg>").ToString();
        }

        /// <summary>
        /// Each cut-over group's write pause as a bar on one axis, one row per group so 20 groups stay readable;
        /// long names are cut with an ellipsis (the full name is in the bar's tooltip and the table). Null without pauses.
        /// </summary>
        public static string? GroupPauses(IReadOnlyList<GroupRow> groups)
        {
            var paused = groups.Where(g => g.WritePauseMilliseconds.HasValue).ToList();
            if (paused.Count == 0) return null;
            const int top = 10, row = 24, bottom = 50;
            var height = top + paused.Count * row + bottom;
            var x = new ChartScale(paused.Max(g => g.WritePauseMilliseconds!.Value), Left + 20, Width - Right - 70);
            var svg = Open(height, "Write pause per group");
            Axes(svg, x, null, top + paused.Count * row, top, "Write pause, milliseconds", null);
            for (var i = 0; i < paused.Count; i++)
            {
                var g = paused[i];
                var label = g.MasterName.Length > 12 ? g.MasterName.Substring(0, 11) + "…" : g.MasterName;
                Bar(svg, x, top + i * row, 0, g.WritePauseMilliseconds!.Value, "pause", label, $"{Number(g.WritePauseMilliseconds.Value, "0")} ms", g.MasterName);
            }
            return svg.Append("</svg>").ToString();
        }

        private static void Bar(StringBuilder svg, ChartScale x, int rowTop, double from, double length, string cssClass, string label, string value, string? fullName = null)
        {
            var x0 = x.Pixel(from);
            var width = System.Math.Max(2, x.Pixel(from + length) - x0);
            svg.Append($"<text class=\"label\" x=\"{Left + 12}\" y=\"{rowTop + 18}\" text-anchor=\"end\">{Html(label)}</text>");
            svg.Append($"<rect class=\"{cssClass}\" x=\"{Number(x0)}\" y=\"{rowTop + 5}\" width=\"{Number(width)}\" height=\"18\"><title>{Html(fullName ?? label)}: {Html(value)}</title></rect>");
            svg.Append($"<text class=\"value\" x=\"{Number(x0 + width + 4)}\" y=\"{rowTop + 18}\">{Html(value)}</text>");
        }

        private static StringBuilder Open(int height, string title) =>
            new StringBuilder().Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\"><title>{Html(title)}</title>");

        private static void Axes(StringBuilder svg, ChartScale x, ChartScale? y, double baseline, double top, string xLabel, string? yLabel)
        {
            foreach (var tick in x.Ticks())
            {
                var px = Number(x.Pixel(tick));
                svg.Append($"<line class=\"grid\" x1=\"{px}\" y1=\"{Number(top)}\" x2=\"{px}\" y2=\"{Number(baseline)}\"/>");
                svg.Append($"<text class=\"tick\" x=\"{px}\" y=\"{Number(baseline + 16)}\" text-anchor=\"middle\">{Number(tick, "#,0")}</text>");
            }
            svg.Append($"<line class=\"axis\" x1=\"{Number(x.PixelStart)}\" y1=\"{Number(baseline)}\" x2=\"{Number(x.PixelEnd)}\" y2=\"{Number(baseline)}\"/>");
            svg.Append($"<text class=\"axis-label\" x=\"{Number((x.PixelStart + x.PixelEnd) / 2)}\" y=\"{Number(baseline + 38)}\" text-anchor=\"middle\">{Html(xLabel)}</text>");
            if (y == null) return;
            foreach (var tick in y.Ticks())
            {
                var py = Number(y.Pixel(tick));
                svg.Append($"<line class=\"grid\" x1=\"{Number(x.PixelStart)}\" y1=\"{py}\" x2=\"{Number(x.PixelEnd)}\" y2=\"{py}\"/>");
                svg.Append($"<text class=\"tick\" x=\"{Number(x.PixelStart - 6)}\" y=\"{py}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Number(tick, "#,0")}</text>");
            }
            svg.Append($"<line class=\"axis\" x1=\"{Number(x.PixelStart)}\" y1=\"{Number(top)}\" x2=\"{Number(x.PixelStart)}\" y2=\"{Number(baseline)}\"/>");
            var middle = Number((top + baseline) / 2);
            svg.Append($"<text class=\"axis-label\" x=\"16\" y=\"{middle}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {middle})\">{Html(yLabel)}</text>");
        }

        /// <summary>Maximal stretches of consecutive samples that satisfy <paramref name="member"/>.</summary>
        private static IEnumerable<List<LagSample>> Runs(IReadOnlyList<LagSample> samples, System.Func<LagSample, bool> member)
        {
            var run = new List<LagSample>();
            foreach (var s in samples)
            {
                if (member(s))
                {
                    run.Add(s);
                    continue;
                }
                if (run.Count > 0) yield return run;
                run = new List<LagSample>();
            }
            if (run.Count > 0) yield return run;
        }
    }
}

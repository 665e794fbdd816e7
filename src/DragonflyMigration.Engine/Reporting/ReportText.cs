using System;
using System.Globalization;
using System.Text;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>Escaping and number formatting shared by the HTML and Markdown writers.</summary>
    public static class ReportText
    {
        /// <summary>
        /// Escapes text for HTML and SVG content and attribute values. Keys, values and messages come
        /// from servers, so every one of them goes through here; control characters, which HTML does not
        /// allow, become U+FFFD.
        /// </summary>
        public static string Html(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var sb = new StringBuilder(text!.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default: sb.Append(IsControl(c) ? '\uFFFD' : c); break;
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// Escapes text for one Markdown table cell: one line, no cell separator, no emphasis, links or
        /// raw HTML, since Markdown renderers pass HTML through.
        /// </summary>
        public static string MarkdownCell(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var sb = new StringBuilder(text!.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '\r': break;
                    case '\n': sb.Append(' '); break;
                    case '\\': case '|': case '`': case '*': case '_': case '[': case ']': case '#': case '~':
                        sb.Append('\\').Append(c);
                        break;
                    default: sb.Append(IsControl(c) ? '\uFFFD' : c); break;
                }
            }
            return sb.ToString();
        }

        public static string Number(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);

        public static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

        private static bool IsControl(char c) => c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == 0x7F;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Reads replies back from redis-cli's default output (--no-raw): <c>"text"</c> for a bulk string, a bare
    /// word for a simple string, <c>(integer) n</c>, <c>(error) text</c>, <c>(nil)</c>, and aggregates
    /// as numbered lines, <c>n) item</c> for an array and <c>n# key => value</c> for a map. redis-cli
    /// prints a nested aggregate's first element on its parent's line and the others under it, indented
    /// by its parent's prefix plus the width of the parent's numbers; several replies follow one another.
    /// </summary>
    internal sealed class RedisCliText
    {
        // An element's number as redis-cli pads it: right-aligned to the widest number of its aggregate.
        private static readonly Regex ElementMarker = new Regex(@"^( *)(\d+)([)#]) ", RegexOptions.Compiled);

        private readonly IReadOnlyList<string> _lines;
        private int _line;

        private RedisCliText(IReadOnlyList<string> lines) => _lines = lines;

        /// <summary>Every reply in the lines, in order.</summary>
        public static IReadOnlyList<ReplyShape> Parse(IReadOnlyList<string> lines)
        {
            var reader = new RedisCliText(lines);
            var replies = new List<ReplyShape>();
            while (reader._line < lines.Count) replies.Add(reader.Value(0, 0));
            return replies;
        }

        /// <summary>The value printed from <paramref name="column"/> of the current line; a nested aggregate's later elements start after <paramref name="indent"/> columns.</summary>
        private ReplyShape Value(int column, int indent)
        {
            var text = _lines[_line].Substring(column);
            var marker = ElementMarker.Match(text);
            if (marker.Success && marker.Groups[2].Value == "1") return Aggregate(column, indent, marker.Groups[3].Value[0] == '#');
            _line++;
            return Scalar(text);
        }

        private ReplyShape Aggregate(int column, int indent, bool isMap)
        {
            var items = new List<ReplyShape>();
            for (var number = 1; ; number++)
            {
                var at = number == 1 ? column : indent;
                var marker = ElementMarker.Match(_lines[_line].Substring(at));
                // redis-cli indents the elements' own elements by the prefix plus this marker's width.
                var inner = indent + marker.Length;
                var content = at + marker.Length;
                if (isMap)
                {
                    var arrow = KeyEnd(_lines[_line], content);
                    items.Add(Scalar(_lines[_line].Substring(content, arrow - content)));
                    items.Add(Value(arrow + " => ".Length, inner));
                }
                else
                {
                    items.Add(Value(content, inner));
                }
                if (!NextElement(indent, number + 1, isMap ? '#' : ')')) return new ReplyShape(isMap ? ShapeKind.Map : ShapeKind.Array, null, items);
            }
        }

        /// <summary>Whether the current line holds element <paramref name="number"/> of the aggregate whose prefix is <paramref name="indent"/> wide.</summary>
        private bool NextElement(int indent, int number, char separator)
        {
            if (_line >= _lines.Count) return false;
            var line = _lines[_line];
            if (line.Length <= indent || line.Take(indent).Any(c => c != ' ')) return false;
            var marker = ElementMarker.Match(line.Substring(indent));
            return marker.Success && marker.Groups[2].Value == number.ToString(System.Globalization.CultureInfo.InvariantCulture) && marker.Groups[3].Value[0] == separator;
        }

        /// <summary>Where a map key that starts at <paramref name="start"/> ends: before its <c> => </c>, past a quoted key's own text.</summary>
        private static int KeyEnd(string line, int start)
        {
            var from = start;
            if (line[start] == '"')
            {
                from = start + 1;
                while (line[from] != '"') from += line[from] == '\\' ? 2 : 1;
            }
            var arrow = line.IndexOf(" => ", from, StringComparison.Ordinal);
            return arrow >= 0 ? arrow : throw new FormatException($"A map entry without ' => ': {line}");
        }

        private static ReplyShape Scalar(string text)
        {
            if (text == "(nil)") return new ReplyShape(ShapeKind.Null);
            if (text == "(empty array)") return new ReplyShape(ShapeKind.Array);
            if (text == "(empty hash)") return new ReplyShape(ShapeKind.Map);
            if (text.StartsWith("(integer) ", StringComparison.Ordinal)) return new ReplyShape(ShapeKind.Integer, text.Substring("(integer) ".Length));
            if (text.StartsWith("(error) ", StringComparison.Ordinal)) return new ReplyShape(ShapeKind.Error, text.Substring("(error) ".Length));
            if (text.StartsWith("\"", StringComparison.Ordinal) && text.EndsWith("\"", StringComparison.Ordinal) && text.Length >= 2)
                return new ReplyShape(ShapeKind.String, text.Substring(1, text.Length - 2));
            // Other tags ((double), (true), (empty set)...) do not occur in the captures: a new one must be taught, not read as a string.
            if (text.StartsWith("(", StringComparison.Ordinal)) throw new FormatException($"A reply redis-cli printed in a form this reader does not know: {text}");
            return new ReplyShape(ShapeKind.String, text);
        }
    }
}

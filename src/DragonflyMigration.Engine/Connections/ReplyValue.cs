using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using StackExchange.Redis;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// A server reply as plain values: text, integer, nil or an array of replies. Keeps the client
    /// library's result type inside the engine. The typed readers (<c>As…</c>) are the one place a
    /// reply's shape is checked: a shape the command never returns is a
    /// <see cref="MigrationErrorKind.UnexpectedReply"/> naming the server and command, never a
    /// NullReferenceException or FormatException.
    /// </summary>
    public sealed class ReplyValue
    {
        private ReplyValue(string? text, long? integer, IReadOnlyList<ReplyValue>? items, bool isNull, string origin)
        {
            Text = text;
            Integer = integer;
            Items = items;
            IsNull = isNull;
            Origin = origin;
        }

        public string? Text { get; }

        public long? Integer { get; }

        public IReadOnlyList<ReplyValue>? Items { get; }

        public bool IsNull { get; }

        public bool IsArray => Items != null;

        /// <summary>Which server answered which command, for error messages ("10.0.0.1:6379 SCAN").</summary>
        public string Origin { get; }

        public static ReplyValue Null { get; } = new ReplyValue(null, null, null, true, "a reply");

        public static ReplyValue FromText(string text, string origin = "a reply") => new ReplyValue(text, null, null, false, origin);

        public static ReplyValue FromInteger(long value, string origin = "a reply") => new ReplyValue(value.ToString(CultureInfo.InvariantCulture), value, null, false, origin);

        public static ReplyValue FromItems(IEnumerable<ReplyValue> items, string origin = "a reply") => new ReplyValue(null, null, items.ToList(), false, origin);

        internal static ReplyValue From(RedisResult result, string origin)
        {
            if (result.IsNull) return new ReplyValue(null, null, null, true, origin);
            switch (result.Resp2Type)
            {
                case ResultType.Integer:
                    return FromInteger((long)result, origin);
                case ResultType.Array:
                    var array = (RedisResult[]?)result;
                    return array == null ? new ReplyValue(null, null, null, true, origin) : FromItems(array.Select(r => From(r, origin)), origin);
                default:
                    return FromText(result.ToString() ?? string.Empty, origin);
            }
        }

        public string AsText() => Text ?? string.Empty;

        public long AsInt64()
        {
            if (Integer.HasValue) return Integer.Value;
            if (long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
            throw Unexpected("an integer");
        }

        /// <summary>The elements of an array reply; anything else is unexpected.</summary>
        public IReadOnlyList<ReplyValue> AsArray() => Items ?? throw Unexpected("an array");

        /// <summary>A flat field/value array (CONFIG GET, SENTINEL MASTER, FUNCTION LIST entries) as a map.</summary>
        public IReadOnlyDictionary<string, string> AsFields()
        {
            var items = AsArray();
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i + 1 < items.Count; i += 2) fields[items[i].AsText()] = items[i + 1].AsText();
            return fields;
        }

        /// <summary>An <c>[ip, port]</c> pair (<c>SENTINEL GET-MASTER-ADDR-BY-NAME</c>); nil is null.</summary>
        public NodeEndpoint? AsAddress()
        {
            if (IsNull) return null;
            var items = AsArray();
            if (items.Count == 2 && !string.IsNullOrWhiteSpace(items[0].Text)
                && int.TryParse(items[1].AsText(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0 && port <= 65535)
                return new NodeEndpoint(items[0].AsText(), port);
            throw Unexpected("an [ip, port] pair");
        }

        /// <summary>A <c>SCAN</c> reply: the next cursor and one page of keys.</summary>
        public (string Cursor, IReadOnlyList<string> Keys) AsScanPage()
        {
            var items = AsArray();
            if (items.Count != 2 || items[0].IsArray || !items[1].IsArray) throw Unexpected("a [cursor, keys] pair");
            return (items[0].AsText(), items[1].Items!.Select(k => k.AsText()).ToList());
        }

        private MigrationException Unexpected(string expected) =>
            new MigrationException(MigrationErrorKind.UnexpectedReply,
                $"{Origin} returned {Describe()} where {expected} was expected.", Origin.Split(' ')[0])
            { Remedy = "Check that the server is one this module supports (Redis, Valkey, KeyDB, Dragonfly or a Sentinel) and that nothing between sits in the way (a proxy)." };

        private string Describe()
        {
            if (IsNull) return "nil";
            if (IsArray) return $"an array of {Items!.Count}";
            var text = AsText();
            return Integer.HasValue ? $"the integer {text}" : $"the text '{(text.Length > 40 ? text.Substring(0, 40) + "…" : text)}'";
        }

        public override string ToString() => IsArray ? "[" + string.Join(", ", Items!.Select(i => i.ToString())) + "]" : IsNull ? "(nil)" : AsText();
    }
}

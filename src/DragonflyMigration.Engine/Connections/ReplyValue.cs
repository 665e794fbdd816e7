using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StackExchange.Redis;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// A server reply as plain values: text, integer, nil, error or an array of replies. Keeps the
    /// client library's result type inside the engine.
    /// </summary>
    public sealed class ReplyValue
    {
        private ReplyValue(string? text, long? integer, IReadOnlyList<ReplyValue>? items, bool isNull)
        {
            Text = text;
            Integer = integer;
            Items = items;
            IsNull = isNull;
        }

        public string? Text { get; }

        public long? Integer { get; }

        public IReadOnlyList<ReplyValue>? Items { get; }

        public bool IsNull { get; }

        public bool IsArray => Items != null;

        public static ReplyValue Null { get; } = new ReplyValue(null, null, null, true);

        public static ReplyValue FromText(string text) => new ReplyValue(text, null, null, false);

        public static ReplyValue FromInteger(long value) => new ReplyValue(value.ToString(CultureInfo.InvariantCulture), value, null, false);

        public static ReplyValue FromItems(IEnumerable<ReplyValue> items) => new ReplyValue(null, null, items.ToList(), false);

        internal static ReplyValue From(RedisResult result)
        {
            if (result.IsNull) return Null;
            switch (result.Resp2Type)
            {
                case ResultType.Integer:
                    return FromInteger((long)result);
                case ResultType.Array:
                    var array = (RedisResult[]?)result;
                    return array == null ? Null : FromItems(array.Select(From));
                default:
                    return FromText(result.ToString() ?? string.Empty);
            }
        }

        public string AsText() => Text ?? string.Empty;

        public long AsInt64()
        {
            if (Integer.HasValue) return Integer.Value;
            return long.Parse(AsText(), NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        /// <summary>A flat field/value array (CONFIG GET, SENTINEL MASTER, FUNCTION LIST entries) as a map; empty when not an array.</summary>
        public IReadOnlyDictionary<string, string> AsFields()
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var items = Items ?? Array.Empty<ReplyValue>();
            for (var i = 0; i + 1 < items.Count; i += 2) fields[items[i].AsText()] = items[i + 1].AsText();
            return fields;
        }

        public override string ToString() => IsArray ? "[" + string.Join(", ", Items!.Select(i => i.ToString())) + "]" : IsNull ? "(nil)" : AsText();
    }
}

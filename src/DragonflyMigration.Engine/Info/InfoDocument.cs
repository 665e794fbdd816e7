using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;

namespace DragonflyMigration.Engine.Info
{
    /// <summary>
    /// The text an <c>INFO</c> command returns, parsed once: <c># Section</c> headers and
    /// <c>key:value</c> lines. Every flavor (Redis, Valkey, KeyDB, Dragonfly, Sentinel) uses this
    /// shape; lookups are tolerant of missing fields and never throw.
    /// </summary>
    public sealed class InfoDocument
    {
        private readonly Dictionary<string, string> _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _sectionOfKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _keys = new List<string>();

        private InfoDocument() { }

        public static InfoDocument Parse(string? text)
        {
            var doc = new InfoDocument();
            if (string.IsNullOrEmpty(text)) return doc;
            var section = string.Empty;
            foreach (var raw in text!.Split('\n'))
            {
                var line = raw.TrimEnd('\r').Trim();
                if (line.Length == 0) continue;
                if (line[0] == '#')
                {
                    section = line.TrimStart('#').Trim();
                    continue;
                }
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var key = line.Substring(0, colon);
                if (!doc._values.ContainsKey(key)) doc._keys.Add(key);
                doc._values[key] = line.Substring(colon + 1);
                doc._sectionOfKey[key] = section;
            }
            return doc;
        }

        /// <summary>Keys in the order the server printed them.</summary>
        public IReadOnlyList<string> Keys => _keys;

        public bool Contains(string key) => _values.ContainsKey(key);

        public string? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

        public string? SectionOf(string key) => _sectionOfKey.TryGetValue(key, out var s) ? s : null;

        public long? GetInt64(string key) =>
            long.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public double? GetDouble(string key) =>
            double.TryParse(Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;

        /// <summary>
        /// Reads a value made of comma-separated <c>k=v</c> pairs, as in <c>slave0:</c> or <c>db0:</c> lines.
        /// </summary>
        public IReadOnlyDictionary<string, string>? GetFields(string key)
        {
            var value = Get(key);
            return value == null ? null : ParseFields(value);
        }

        /// <summary>The fields of each <c>slaveN</c> line a primary's <c>INFO replication</c> prints, in order.</summary>
        public IReadOnlyList<IReadOnlyDictionary<string, string>> ReplicaLines() =>
            _keys.Where(k => k.Length > 5 && k.StartsWith("slave", StringComparison.Ordinal) && k.Skip(5).All(char.IsDigit))
                .Select(k => ParseFields(_values[k]))
                .ToList();

        public static IReadOnlyDictionary<string, string> ParseFields(string value)
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in value.Split(','))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) continue;
                fields[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
            }
            return fields;
        }
    }
}

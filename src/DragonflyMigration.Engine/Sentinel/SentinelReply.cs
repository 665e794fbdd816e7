using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Connections;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>Sentinel's field/value replies (<c>SENTINEL MASTER</c>, one entry of <c>SENTINEL REPLICAS</c>).</summary>
    public sealed class SentinelReply
    {
        private readonly IReadOnlyDictionary<string, string> _fields;

        public SentinelReply(IReadOnlyDictionary<string, string> fields)
        {
            _fields = fields;
        }

        public static SentinelReply FromPairs(ReplyValue reply) => new SentinelReply(reply.AsFields());

        public static IReadOnlyList<SentinelReply> ListFromPairs(ReplyValue reply) =>
            reply.AsArray().Select(FromPairs).ToList();

        public string? Get(string field) => _fields.TryGetValue(field, out var v) ? v : null;

        public long? GetInt64(string field) =>
            long.TryParse(Get(field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public IReadOnlyCollection<string> Flags =>
            (Get("flags") ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);

        public bool HasFlag(string flag) => Flags.Contains(flag, StringComparer.OrdinalIgnoreCase);

        /// <summary>The record's <c>ip</c> and <c>port</c>, or null when they do not make an address.</summary>
        public Endpoints.NodeEndpoint? Address
        {
            get
            {
                var ip = Get("ip");
                return GetInt64("port") is long port && port > 0 && port <= 65535 && !string.IsNullOrWhiteSpace(ip)
                    ? new Endpoints.NodeEndpoint(ip!, (int)port)
                    : null;
            }
        }
    }
}

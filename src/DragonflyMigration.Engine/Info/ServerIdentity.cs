using System;
using System.Globalization;

namespace DragonflyMigration.Engine.Info
{
    /// <summary>
    /// Flavor, version and role of a node, read from its INFO. The Redis-compatible version every
    /// flavor prints in <c>redis_version</c> is kept apart from the product's own version.
    /// </summary>
    public sealed class ServerIdentity
    {
        private ServerIdentity(ServerFlavor flavor, Version? version, string? versionText, Version? redisVersion, NodeRole role, string? runId)
        {
            Flavor = flavor;
            Version = version;
            VersionText = versionText;
            RedisCompatibleVersion = redisVersion;
            Role = role;
            RunId = runId;
        }

        public ServerFlavor Flavor { get; }

        /// <summary>The product's own version (Dragonfly's, Valkey's, KeyDB's or Redis's).</summary>
        public Version? Version { get; }

        /// <summary>The version exactly as the server printed it, e.g. <c>df-v1.40.1</c>.</summary>
        public string? VersionText { get; }

        /// <summary>The Redis version the server claims compatibility with (<c>redis_version</c>).</summary>
        public Version? RedisCompatibleVersion { get; }

        public NodeRole Role { get; }

        public string? RunId { get; }

        public static ServerIdentity FromInfo(InfoDocument info)
        {
            var redisVersionText = info.Get("redis_version");
            var redisVersion = ParseVersion(redisVersionText);
            var flavor = DetectFlavor(info, out var ownVersionText);
            var ownVersion = ownVersionText != null ? ParseVersion(ownVersionText) : redisVersion;
            return new ServerIdentity(flavor, ownVersion, ownVersionText ?? redisVersionText, redisVersion, DetectRole(info), info.Get("run_id"));
        }

        private static ServerFlavor DetectFlavor(InfoDocument info, out string? ownVersionText)
        {
            ownVersionText = info.Get("dragonfly_version");
            if (ownVersionText != null) return ServerFlavor.Dragonfly;

            ownVersionText = info.Get("valkey_version");
            if (ownVersionText != null || string.Equals(info.Get("server_name"), "valkey", StringComparison.OrdinalIgnoreCase))
                return ServerFlavor.Valkey;

            // KeyDB prints Redis's field set; its binary name and its MVCC field give it away.
            var executable = info.Get("executable") ?? string.Empty;
            if (executable.IndexOf("keydb", StringComparison.OrdinalIgnoreCase) >= 0 || info.Contains("mvcc_depth"))
                return ServerFlavor.KeyDB;

            return info.Contains("redis_version") ? ServerFlavor.Redis : ServerFlavor.Unknown;
        }

        private static NodeRole DetectRole(InfoDocument info)
        {
            if (string.Equals(info.Get("redis_mode"), "sentinel", StringComparison.OrdinalIgnoreCase)) return NodeRole.Sentinel;
            switch (info.Get("role")?.Trim().ToLowerInvariant())
            {
                case "master": return NodeRole.Primary;
                // Dragonfly before v1.22 says "replica", KeyDB active replication "active-replica".
                case "slave":
                case "replica":
                case "active-replica": return NodeRole.Replica;
                default: return NodeRole.Unknown;
            }
        }

        /// <summary>Reads the leading dotted numbers of texts such as <c>7.0.15</c>, <c>df-v1.40.1</c>, <c>v1.21.0-rc1</c>.</summary>
        public static Version? ParseVersion(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var s = text!.Trim();
            var start = 0;
            while (start < s.Length && !char.IsDigit(s[start])) start++;
            var end = start;
            while (end < s.Length && (char.IsDigit(s[end]) || s[end] == '.')) end++;
            var parts = s.Substring(start, end - start).Trim('.').Split('.');
            if (parts.Length == 0 || parts[0].Length == 0) return null;
            var numbers = new int[Math.Max(2, Math.Min(parts.Length, 4))];
            for (var i = 0; i < Math.Min(parts.Length, 4); i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return null;
            }
            return numbers.Length switch
            {
                2 => new Version(numbers[0], numbers[1]),
                3 => new Version(numbers[0], numbers[1], numbers[2]),
                _ => new Version(numbers[0], numbers[1], numbers[2], numbers[3]),
            };
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>A primary to put under Sentinel: the MONITOR line and the SET values that go with it.</summary>
    public sealed class SentinelRegistration
    {
        public string MasterName { get; init; } = string.Empty;

        public NodeEndpoint Primary { get; init; } = null!;

        public int Quorum { get; init; } = 2;

        public long? DownAfterMilliseconds { get; init; }

        public long? FailoverTimeoutMilliseconds { get; init; }

        /// <summary>The data nodes' ACL user Sentinel authenticates as, if any.</summary>
        public string? AuthUser { get; init; }

        /// <summary>The data nodes' password. Sent to Sentinel; never printed except in <see cref="ConfigLines"/> when asked.</summary>
        public string? AuthPass { get; init; }

        /// <summary>The settings to apply with SENTINEL SET, by Sentinel's names.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Settings
        {
            get
            {
                var list = new List<KeyValuePair<string, string>>();
                if (DownAfterMilliseconds is long d) list.Add(new KeyValuePair<string, string>("down-after-milliseconds", d.ToString(CultureInfo.InvariantCulture)));
                if (FailoverTimeoutMilliseconds is long f) list.Add(new KeyValuePair<string, string>("failover-timeout", f.ToString(CultureInfo.InvariantCulture)));
                if (!string.IsNullOrEmpty(AuthUser)) list.Add(new KeyValuePair<string, string>("auth-user", AuthUser!));
                if (!string.IsNullOrEmpty(AuthPass)) list.Add(new KeyValuePair<string, string>("auth-pass", AuthPass!));
                return list;
            }
        }

        /// <summary>The equivalent sentinel.conf lines, for Sentinels started from a file.</summary>
        public IReadOnlyList<string> ConfigLines(bool includeSecrets)
        {
            var lines = new List<string> { $"sentinel monitor {MasterName} {Primary.Host} {Primary.Port.ToString(CultureInfo.InvariantCulture)} {Quorum.ToString(CultureInfo.InvariantCulture)}" };
            foreach (var setting in Settings)
            {
                var value = setting.Key == "auth-pass" && !includeSecrets ? "<password>" : setting.Value;
                lines.Add($"sentinel {setting.Key} {MasterName} {value}");
            }
            return lines;
        }
    }
}

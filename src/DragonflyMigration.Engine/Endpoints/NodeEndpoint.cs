using System;
using System.Globalization;
using System.Net;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Endpoints
{
    /// <summary>
    /// A server address as operators write it: <c>host:port</c>, <c>10.0.0.1:6379</c>,
    /// <c>[::1]:6379</c>. The port may be left out, in which case the caller's default applies.
    /// </summary>
    public sealed class NodeEndpoint : IEquatable<NodeEndpoint>
    {
        public const int DefaultRedisPort = 6379;
        public const int DefaultSentinelPort = 26379;

        public NodeEndpoint(string host, int port)
        {
            if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("A host is required.", nameof(host));
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A port is between 1 and 65535.");
            Host = host;
            Port = port;
        }

        public string Host { get; }

        public int Port { get; }

        public bool IsIPv6 => Host.IndexOf(':') >= 0;

        public static NodeEndpoint Parse(string text, int defaultPort = DefaultRedisPort)
        {
            if (TryParse(text, defaultPort, out var endpoint, out var problem)) return endpoint!;
            throw new MigrationException(MigrationErrorKind.EndpointInvalid,
                $"'{text}' is not a valid endpoint: {problem} Write it as host:port, for example 10.0.0.1:6379, redis.example.com:6379 or [::1]:6379.",
                text);
        }

        public static bool TryParse(string? text, int defaultPort, out NodeEndpoint? endpoint, out string problem)
        {
            endpoint = null;
            var s = text?.Trim() ?? string.Empty;
            if (s.Length == 0) { problem = "it is empty."; return false; }
            if (s.IndexOf("://", StringComparison.Ordinal) >= 0) { problem = "a URI scheme is not expected."; return false; }
            // What 'pwsh -File' makes of a list: one string. Said plainly, not as the IPv6 problem its colons suggest.
            if (s.IndexOfAny(new[] { ',', ';' }) >= 0) { problem = "it holds several endpoints; pass one endpoint per element (a comma-separated list is one string under 'pwsh -File')."; return false; }

            string host;
            string? portText = null;
            if (s[0] == '[')
            {
                var close = s.IndexOf(']');
                if (close < 0) { problem = "the '[' of an IPv6 address has no closing ']'."; return false; }
                host = s.Substring(1, close - 1);
                var rest = s.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (rest[0] != ':') { problem = "only ':port' may follow an IPv6 address in brackets."; return false; }
                    portText = rest.Substring(1);
                }
                if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                {
                    problem = $"'{host}' is not an IPv6 address."; return false;
                }
            }
            else
            {
                var colons = CountColons(s);
                if (colons > 1)
                {
                    problem = "an IPv6 address needs brackets when a port follows, as in [::1]:6379."; return false;
                }
                var colon = s.LastIndexOf(':');
                if (colon >= 0)
                {
                    host = s.Substring(0, colon);
                    portText = s.Substring(colon + 1);
                }
                else
                {
                    host = s;
                }
                if (!IsValidHostName(host)) { problem = $"'{host}' is not a host name or IPv4 address."; return false; }
            }

            var port = defaultPort;
            if (portText != null)
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
                {
                    problem = $"the port '{portText}' is not a number from 1 to 65535."; return false;
                }
            }

            endpoint = new NodeEndpoint(host, port);
            problem = string.Empty;
            return true;
        }

        private static int CountColons(string s)
        {
            var n = 0;
            foreach (var c in s) if (c == ':') n++;
            return n;
        }

        private static bool IsValidHostName(string host)
        {
            if (host.Length == 0 || host.Length > 253) return false;
            foreach (var label in host.Split('.'))
            {
                if (label.Length == 0 || label.Length > 63) return false;
                if (label[0] == '-' || label[label.Length - 1] == '-') return false;
                foreach (var c in label)
                {
                    if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_')) return false;
                }
            }
            return true;
        }

        public override string ToString() => IsIPv6
            ? "[" + Host + "]:" + Port.ToString(CultureInfo.InvariantCulture)
            : Host + ":" + Port.ToString(CultureInfo.InvariantCulture);

        public bool Equals(NodeEndpoint? other) =>
            other is not null && Port == other.Port && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as NodeEndpoint);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Host) * 31 + Port;
    }
}

using System;
using DragonflyMigration.Engine.Connections;

namespace DragonflyMigration
{
    /// <summary>
    /// A connected server: what <c>Connect-RedisNode</c> returns and every node parameter accepts.
    /// Holds no password; the connection it wraps is closed by <c>Disconnect-RedisNode</c>.
    /// </summary>
    public sealed class RedisNode
    {
        internal RedisNode(NodeClient client)
        {
            Client = client;
            var identity = client.Identity;
            Endpoint = client.Endpoint.ToString();
            Host = client.Endpoint.Host;
            Port = client.Endpoint.Port;
            Role = identity.Role.ToString();
            Flavor = identity.Flavor.ToString();
            Version = identity.Version;
            VersionText = identity.VersionText;
            RedisVersion = identity.RedisCompatibleVersion;
            RunId = identity.RunId;
            User = client.Settings.EffectiveUser ?? "default";
            UsesTls = client.Settings.UseTls;
            RoundTripMilliseconds = Math.Round(client.RoundTrip.TotalMilliseconds, 2);
            ConnectedAt = DateTimeOffset.Now;
        }

        internal NodeClient Client { get; }

        public string Endpoint { get; }

        public string Host { get; }

        public int Port { get; }

        /// <summary>Primary, Replica, Sentinel or Unknown.</summary>
        public string Role { get; }

        /// <summary>Redis, Valkey, KeyDB, Dragonfly or Unknown.</summary>
        public string Flavor { get; }

        public Version? Version { get; }

        public string? VersionText { get; }

        public Version? RedisVersion { get; }

        public string? RunId { get; }

        public string User { get; }

        public bool UsesTls { get; }

        public double RoundTripMilliseconds { get; }

        public DateTimeOffset ConnectedAt { get; }

        public bool IsConnected => Client.IsConnected;

        public override string ToString() => Endpoint;
    }
}

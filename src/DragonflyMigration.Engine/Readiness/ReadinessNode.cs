using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>
    /// A node readiness judges: connected, or one whose connection failed. A node that cannot be reached is
    /// a failed reachability check (and skips what depends on it), never an exception: a CI gate must learn
    /// which node is down and still get the rest of the checks.
    /// </summary>
    public sealed class ReadinessNode
    {
        private ReadinessNode(NodeEndpoint endpoint, NodeClient? client, MigrationException? connectFailure, bool usesTls)
        {
            Endpoint = endpoint;
            Client = client;
            ConnectFailure = connectFailure;
            UsesTls = usesTls;
        }

        public static ReadinessNode Connected(NodeClient client) => new ReadinessNode(client.Endpoint, client, null, client.Settings.UseTls);

        public static ReadinessNode Unconnected(NodeEndpoint endpoint, MigrationException failure, bool usesTls) => new ReadinessNode(endpoint, null, failure, usesTls);

        public NodeEndpoint Endpoint { get; }

        /// <summary>Null when the connection failed.</summary>
        public NodeClient? Client { get; }

        /// <summary>Why the connection failed; null when connected.</summary>
        public MigrationException? ConnectFailure { get; }

        public bool UsesTls { get; }

        public override string ToString() => Endpoint.ToString();
    }
}

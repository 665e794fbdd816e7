using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Lets every node parameter take a connected <see cref="RedisNode"/> or a <c>host:port</c> string.
    /// A string is connected with default options (no password, no TLS); nodes that need
    /// credentials or TLS are connected first with Connect-RedisNode and passed as objects.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class RedisNodeTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The parameter takes Sentinels (default port 26379, Sentinel commands only).</summary>
        public bool Sentinel { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string || value is RedisNode) return Convert(value);
            if (value is IEnumerable items)
            {
                var nodes = new List<RedisNode>();
                foreach (var item in items) nodes.Add(Convert(item is PSObject p ? p.BaseObject : item));
                return nodes.ToArray();
            }
            return inputData;
        }

        private RedisNode Convert(object? value)
        {
            if (value is RedisNode node) return node;
            if (value is not string text)
                throw new ArgumentTransformationMetadataException($"Expected a node from Connect-RedisNode or a host:port string, not {value?.GetType().Name ?? "null"}.");
            try
            {
                var endpoint = NodeEndpoint.Parse(text, Sentinel ? NodeEndpoint.DefaultSentinelPort : NodeEndpoint.DefaultRedisPort);
                var client = NodeConnector.ConnectAsync(endpoint, new ConnectionSettings { IsSentinel = Sentinel }, CancellationToken.None).GetAwaiter().GetResult();
                return new RedisNode(client);
            }
            catch (MigrationException ex)
            {
                var advice = ex.Kind == MigrationErrorKind.AuthenticationFailed || ex.Kind == MigrationErrorKind.TlsRequired
                    ? " Connect it first with Connect-RedisNode -Credential/-UseTls and pass the node object."
                    : string.Empty;
                throw new ArgumentTransformationMetadataException(ex.Message + advice, ex);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace DragonflyMigration.Engine.Endpoints
{
    /// <summary>
    /// Every address one node answers to: the endpoint the operator gave, the addresses its host name
    /// resolves to, and the address it announces to its primary (replica-announce-ip/-port, Dragonfly's
    /// --announce_port). Sentinel and the source name a node by the address they see, which is rarely
    /// the text an operator typed (DNS and Kubernetes names, NAT, containers): a node's identity is this
    /// set, not the text of one address.
    /// </summary>
    public sealed class NodeAddresses
    {
        private readonly HashSet<NodeEndpoint> _all;

        public NodeAddresses(NodeEndpoint endpoint, IEnumerable<NodeEndpoint> aliases)
        {
            Endpoint = endpoint;
            _all = new HashSet<NodeEndpoint>(new[] { endpoint }.Concat(aliases));
        }

        /// <summary>The endpoint as given: what connections use and messages show.</summary>
        public NodeEndpoint Endpoint { get; }

        public IReadOnlyCollection<NodeEndpoint> All => _all;

        /// <summary>A node known by one address: the common case of rules judged on facts, and of tests.</summary>
        public static implicit operator NodeAddresses(NodeEndpoint endpoint) => Of(endpoint);

        /// <summary>A node known only by one address.</summary>
        public static NodeAddresses Of(NodeEndpoint endpoint) => new NodeAddresses(endpoint, Array.Empty<NodeEndpoint>());

        /// <summary>The endpoint and the IP addresses its host resolved to, each with the endpoint's port.</summary>
        public static NodeAddresses Resolved(NodeEndpoint endpoint, IEnumerable<IPAddress> addresses) =>
            new NodeAddresses(endpoint, addresses.Select(a => new NodeEndpoint(Text(a), endpoint.Port)));

        /// <summary>This set and another address the node answers to.</summary>
        public NodeAddresses With(NodeEndpoint alias) => new NodeAddresses(Endpoint, _all.Concat(new[] { alias }));

        /// <summary>Whether <paramref name="endpoint"/> names this node.</summary>
        public bool Matches(NodeEndpoint? endpoint) => endpoint != null && _all.Contains(endpoint);

        /// <summary>The ports the node may be listed under.</summary>
        public IEnumerable<int> Ports => _all.Select(e => e.Port).Distinct();

        private static string Text(IPAddress address) =>
            address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();

        public override string ToString() => Endpoint.ToString();
    }
}

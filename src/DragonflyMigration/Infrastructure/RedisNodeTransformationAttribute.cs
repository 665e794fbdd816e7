using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Lets every node parameter take a connected <see cref="RedisNode"/> or a <c>host:port</c> string,
    /// as a <see cref="NodeArgument"/>. Nothing is connected here: the cmdlet connects strings while it
    /// runs (<see cref="EngineCmdlet.UseNode"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class RedisNodeTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The parameter takes Sentinels (default port 26379, Sentinel commands only).</summary>
        public bool Sentinel { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string || value is RedisNode || value is NodeArgument) return Convert(value);
            if (value is IEnumerable items)
            {
                var nodes = new List<NodeArgument>();
                foreach (var item in items) nodes.Add(Convert(item is PSObject p ? p.BaseObject : item));
                return nodes.ToArray();
            }
            // Anything else is left to type conversion, which refuses it, or to another parameter set's parameter.
            return inputData;
        }

        private NodeArgument Convert(object? value) => value switch
        {
            NodeArgument { Node: RedisNode given } => new NodeArgument(given, Sentinel),
            NodeArgument argument => new NodeArgument(argument.Text, Sentinel),
            RedisNode node => new NodeArgument(node, Sentinel),
            string text => new NodeArgument(text, Sentinel),
            _ => throw new ArgumentTransformationMetadataException(
                $"Expected a node from Connect-RedisNode or a host:port string, not {value?.GetType().Name ?? "null"}."),
        };
    }
}

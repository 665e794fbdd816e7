namespace DragonflyMigration
{
    /// <summary>
    /// What a node parameter holds: a node connected by <c>Connect-RedisNode</c>, or a <c>host:port</c>
    /// string that the cmdlet connects while it runs (with its -Credential or -SentinelCredential, where
    /// Ctrl+C stops it) and closes when it ends. Binding never connects: a connection opened there could
    /// not be cancelled, had no credentials, lost its error id and was never closed.
    /// </summary>
    public sealed class NodeArgument
    {
        internal NodeArgument(RedisNode node, bool sentinel)
        {
            Node = node;
            Text = node.Endpoint;
            IsSentinel = sentinel;
        }

        internal NodeArgument(string text, bool sentinel)
        {
            Text = text;
            IsSentinel = sentinel;
        }

        /// <summary>The node passed in, or null for a string the cmdlet connects itself.</summary>
        internal RedisNode? Node { get; }

        /// <summary>The string as given, or the node's endpoint.</summary>
        internal string Text { get; }

        /// <summary>The parameter takes Sentinels: a string defaults to port 26379 and gets the Sentinel credential.</summary>
        internal bool IsSentinel { get; }

        public override string ToString() => Text;
    }
}

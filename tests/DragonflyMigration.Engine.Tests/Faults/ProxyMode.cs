namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>What a <see cref="FaultProxy"/> does with connections, switched by the test.</summary>
    internal enum ProxyMode
    {
        /// <summary>Forwards both ways, each chunk after the direction's delay.</summary>
        Pass,

        /// <summary>
        /// A partition: accepts and reads, never forwards nor answers. Connections that lost data this
        /// way are closed when the mode leaves Blackhole, as TCP gives up on a connection whose segments
        /// were never acknowledged.
        /// </summary>
        Blackhole,

        /// <summary>Resets (RST) every live connection and every new one until the mode changes.</summary>
        Reset,

        /// <summary>Closes every live connection once (FIN), then passes again: new connections are forwarded.</summary>
        Cut,
    }
}

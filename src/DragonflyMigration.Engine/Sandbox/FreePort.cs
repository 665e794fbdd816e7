using System.Net;
using System.Net.Sockets;

namespace DragonflyMigration.Engine.Sandbox
{
    internal static class FreePort
    {
        /// <summary>A loopback port the OS considers free now. Another process may take it before we
        /// bind it, so starting a server retries with a new port on failure.</summary>
        public static int Next()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
            finally { listener.Stop(); }
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace DragonflyMigration.Engine.Tests.Integration.Sandbox
{
    internal static class SandboxTestPorts
    {
        /// <summary>A loopback port with nothing listening on it.</summary>
        public static int Closed()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}

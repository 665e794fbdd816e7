using System;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>A server with Redis's default tls-auth-clients yes takes only clients that present a certificate.</summary>
    public sealed class TlsClientCertificateTests : IDisposable
    {
        private readonly TlsServer _server = new TlsServer();

        public void Dispose() => _server.Dispose();

        private Task<NodeClient> ConnectAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
            NodeConnector.ConnectAsync(new NodeEndpoint("localhost", _server.Port), new ConnectionSettings
            {
                UseTls = true, CaCertificatePath = _server.File("ca.crt"), ClientCertificate = certificate, ConnectTimeout = TimeSpan.FromSeconds(5),
            }, CancellationToken.None);

        [Fact]
        public async Task APemCertificateAndKeyAreAccepted()
        {
            using var node = await ConnectAsync(ClientCertificates.Load(_server.File("client.crt"), _server.File("client.key"), null));
            Assert.Equal(NodeRole.Primary, node.Identity.Role);
            Assert.Contains("CN=migrator", node.Settings.ToString());
            Assert.DoesNotContain("PRIVATE KEY", node.Settings.ToString());
        }

        [Fact]
        public async Task APfxWithItsPasswordIsAccepted()
        {
            using var node = await ConnectAsync(ClientCertificates.Load(_server.File("client.pfx"), null, new NetworkCredential(string.Empty, TlsServer.PfxPassword).SecurePassword));
            Assert.Equal(NodeRole.Primary, node.Identity.Role);
        }

        [Fact]
        public async Task WithoutAClientCertificateTheConnectionFailsWithANamedError()
        {
            var ex = await Assert.ThrowsAsync<MigrationException>(() => ConnectAsync(null));
            Assert.Contains(ex.Kind, new[] { MigrationErrorKind.TlsHandshakeFailed, MigrationErrorKind.ConnectFailed, MigrationErrorKind.ConnectTimeout });
        }

        [Fact]
        public void ACertificateWithoutItsKeyIsRefusedBeforeAnyConnection()
        {
            var ex = Assert.Throws<MigrationException>(() => ClientCertificates.Load(_server.File("client.crt"), null, null));
            Assert.Equal(MigrationErrorKind.InvalidParameter, ex.Kind);
            var wrong = Assert.Throws<MigrationException>(() => ClientCertificates.Load(_server.File("client.pfx"), null, new NetworkCredential(string.Empty, "not-it").SecurePassword));
            Assert.DoesNotContain("not-it", wrong.Message);
        }
    }
}

using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public class ConnectTests : IClassFixture<SandboxFixture>
    {
        private readonly SandboxFixture _fixture;

        public ConnectTests(SandboxFixture fixture) => _fixture = fixture;

        private static Task<NodeClient> Connect(NodeEndpoint endpoint, ConnectionSettings? settings = null) =>
            NodeConnector.ConnectAsync(endpoint, settings ?? new ConnectionSettings(), CancellationToken.None);

        [Fact]
        public async Task DetectsEachRoleOfARealTopology()
        {
            using var source = await Connect(_fixture.Sandbox.Source.Endpoint);
            using var replica = await Connect(_fixture.Sandbox.Replicas[0].Endpoint);
            using var sentinel = await Connect(_fixture.Sandbox.Sentinels[0].Endpoint, new ConnectionSettings { IsSentinel = true });
            Assert.Equal(NodeRole.Primary, source.Identity.Role);
            Assert.Equal(NodeRole.Replica, replica.Identity.Role);
            Assert.Equal(NodeRole.Sentinel, sentinel.Identity.Role);
            Assert.Equal(ServerFlavor.Redis, source.Identity.Flavor);
            Assert.NotNull(source.Identity.Version);
        }

        [Fact]
        public async Task SentinelIsRecognisedEvenWithoutTheSwitch()
        {
            using var sentinel = await Connect(_fixture.Sandbox.Sentinels[0].Endpoint);
            Assert.Equal(NodeRole.Sentinel, sentinel.Identity.Role);
        }

        [Fact]
        public async Task DataNodeGivenAsSentinelIsRefused()
        {
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Connect(_fixture.Sandbox.Source.Endpoint, new ConnectionSettings { IsSentinel = true }));
            Assert.Equal(MigrationErrorKind.NotASentinel, ex.Kind);
        }

        [Fact]
        public async Task RefusedPortIsReportedAsSuch()
        {
            var port = Sandbox.SandboxTestPorts.Closed();
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Connect(new NodeEndpoint("127.0.0.1", port)));
            Assert.Equal(MigrationErrorKind.ConnectionRefused, ex.Kind);
        }

        [Fact]
        public async Task UnknownHostIsReportedAsSuch()
        {
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Connect(new NodeEndpoint("no-such-host.invalid", 6379)));
            Assert.Equal(MigrationErrorKind.HostNotFound, ex.Kind);
        }

        [Fact]
        public async Task SilentServerFailsWithinTheTimeout()
        {
            // A listener that accepts and never answers: what a hung or firewalled-by-proxy host looks like.
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
                var clock = Stopwatch.StartNew();
                var ex = await Assert.ThrowsAsync<MigrationException>(() => Connect(new NodeEndpoint("127.0.0.1", port), new ConnectionSettings { ConnectTimeout = TimeSpan.FromSeconds(1) }));
                Assert.Equal(MigrationErrorKind.ConnectTimeout, ex.Kind);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the failure must come from the connect timeout, not a default one");
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task TlsClientToPlainServerIsReportedAsSuch()
        {
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Connect(_fixture.Sandbox.Source.Endpoint, new ConnectionSettings { UseTls = true, SkipCertificateCheck = true, ConnectTimeout = TimeSpan.FromSeconds(2) }));
            Assert.Equal(MigrationErrorKind.TlsNotSupported, ex.Kind);
        }

        [Fact]
        public async Task WrongPasswordIsReportedWithoutThePassword()
        {
            const string secret = "not-the-password-xyzzy";
            using (var admin = await Connect(_fixture.Sandbox.Target!.Endpoint))
            {
                await admin.ExecuteAsync("ACL", new object[] { "SETUSER", "migrator", "on", ">right-password", "~*", "+@all" }, CancellationToken.None);
            }
            var ex = await Assert.ThrowsAsync<MigrationException>(() => Connect(_fixture.Sandbox.Target!.Endpoint, new ConnectionSettings { User = "migrator", Password = secret }));
            Assert.Equal(MigrationErrorKind.AuthenticationFailed, ex.Kind);
            Assert.DoesNotContain(secret, ex.ToString());
            Assert.DoesNotContain(secret, ex.Message);

            using var ok = await Connect(_fixture.Sandbox.Target!.Endpoint, new ConnectionSettings { User = "migrator", Password = "right-password" });
            Assert.Equal(NodeRole.Primary, ok.Identity.Role);
        }

        [Fact]
        public async Task SettingsNeverPrintThePassword()
        {
            var settings = new ConnectionSettings { User = "u", Password = "hunter2-secret" };
            Assert.DoesNotContain("hunter2-secret", settings.ToString());
            await Task.CompletedTask;
        }
    }
}

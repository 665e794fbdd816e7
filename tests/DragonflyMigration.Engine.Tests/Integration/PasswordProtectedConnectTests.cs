using DragonflyMigration.Engine;
using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sandbox;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Integration
{
    public sealed class PasswordProtectedConnectTests : IAsyncLifetime
    {
        private const string Password = "sandbox-requirepass-secret";
        private SandboxTopology _sandbox = null!;

        public async Task InitializeAsync() =>
            _sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = 0, WithoutTarget = true, Password = Password }, NullObserver.Instance, CancellationToken.None);

        public Task DisposeAsync()
        {
            _sandbox.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public async Task MissingPasswordIsReportedAsAuthentication()
        {
            var ex = await Assert.ThrowsAsync<MigrationException>(() => NodeConnector.ConnectAsync(_sandbox.Source.Endpoint, new ConnectionSettings(), CancellationToken.None));
            Assert.Equal(MigrationErrorKind.AuthenticationFailed, ex.Kind);
            Assert.Contains("requires authentication", ex.Message);
        }

        [Fact]
        public async Task WrongPasswordIsReportedWithoutEitherPassword()
        {
            const string wrong = "wrong-password-plugh";
            var ex = await Assert.ThrowsAsync<MigrationException>(() => NodeConnector.ConnectAsync(_sandbox.Source.Endpoint, new ConnectionSettings { Password = wrong }, CancellationToken.None));
            Assert.Equal(MigrationErrorKind.AuthenticationFailed, ex.Kind);
            Assert.DoesNotContain(wrong, ex.ToString());
            Assert.DoesNotContain(Password, ex.ToString());
        }

        [Fact]
        public async Task RightPasswordWithTheDefaultUserConnects()
        {
            using var client = await NodeConnector.ConnectAsync(_sandbox.Source.Endpoint, new ConnectionSettings { User = "default", Password = Password }, CancellationToken.None);
            Assert.Equal(NodeRole.Primary, client.Identity.Role);
        }
    }
}

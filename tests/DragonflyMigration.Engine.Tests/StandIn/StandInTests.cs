using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sandbox;
using Xunit;
using static DragonflyMigration.Engine.Tests.Integration.Servers;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>The stand-in itself shows the observed Dragonfly differences the suites rely on.</summary>
    public class StandInTests
    {
        [Fact]
        public async Task ItShowsDragonflysIdentityRefusesPsyncAndReplicatesTheSource()
        {
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_35, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 100 });
            Assert.Equal(ServerFlavor.Dragonfly, r.Target.Identity.Flavor);
            Assert.Equal(new Version(1, 35, 1), r.Target.Identity.Version);
            Assert.Null(r.Target.Identity.RunId);

            var refused = await Assert.ThrowsAsync<MigrationException>(() => r.Target.ExecuteAsync("PSYNC", new object[] { "?", "-1" }, CancellationToken.None));
            Assert.Equal(ServerError.UnknownCommand, refused.ServerError);

            await r.ReplicateAsync(NullObserver.Instance);
            var replication = await r.Target.InfoAsync("replication", CancellationToken.None);
            Assert.Equal("slave", replication.Get("role"));
            Assert.Equal("0", replication.Get("slave_repl_offset"));
            Assert.Equal(100, await DbSize(r.Target));
            // The source lists the replica under the address it announces: the stand-in's, not its backend's.
            Assert.Contains($"port={r.StandIn!.Endpoint.Port},", (await r.Source.InfoAsync("replication", CancellationToken.None)).Get("slave0"));
        }

        [Fact]
        public async Task TheReplicaPriorityOfADragonflyPrimaryIsReadFromItsUnderscoredSetting()
        {
            // A Dragonfly primary prints no slave_priority; CONFIG GET answers replica_priority.
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_40, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 0 });
            Assert.Equal(100, await ServerConfig.ReadReplicaPriorityAsync(r.Target, CancellationToken.None));
        }

        [Theory]
        [InlineData(TargetKind.StandIn1_40)]
        [InlineData(TargetKind.StandIn1_35)]
        public async Task TheToolsAccessIsReadFromDragonflysWhoamiAndDryRun(TargetKind kind)
        {
            // Dragonfly's ACL WHOAMI says "User is default"; v1.35's ACL DRYRUN takes no command arguments,
            // so only the commands without any are judged there, and none is reported refused.
            using var r = await TargetRehearsal.StartAsync(kind, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 0 });
            var access = await ToolAccess.ReadAsync(r.Target, CancellationToken.None);
            Assert.NotNull(access);
            Assert.Equal("default", access!.User);
            Assert.Empty(access.Refused);
        }

        [Fact]
        public async Task ATargetLoadingItsFullSyncConnectsAndShowsTheSync()
        {
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_35, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 100 });
            // The source waits repl-diskless-sync-delay (5 s) before it sends the snapshot; Dragonfly answers LOADING all along.
            await Run(r.Target, "REPLICAOF", r.Source.Endpoint.Host, r.Source.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await Run(r.Target, "PING");
                }
                catch (MigrationException ex) when (ex.Is(ServerError.Loading))
                {
                    break;
                }
                await Task.Delay(50);
            }

            using var fresh = await NodeConnector.ConnectAsync(r.TargetEndpoint, new ConnectionSettings(), CancellationToken.None);
            Assert.Equal(NodeRole.Replica, fresh.Identity.Role);
            var snapshot = await Engine.Replication.ReplicationSnapshotReader.ReadAsync(r.Source, fresh, CancellationToken.None);
            Assert.Equal(Engine.Replication.ReplicationState.FullSync, snapshot.State);
        }

        [Fact]
        public async Task TheCutoverRefusesADragonflyThatSentinelCannotRead()
        {
            // v1.21 without --info_replication_valkey_compatible prints role:replica: Sentinel reads no priority of it.
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_21Default, new SandboxOptions { SentinelCount = 1, SampleKeyCount = 10, FastSentinelTimers = true, DownAfterMilliseconds = 10000 });
            await r.ReplicateAsync(NullObserver.Instance);
            var ex = await Assert.ThrowsAsync<MigrationException>(() =>
                new Engine.Cutover.SentinelCutover(r.Source, r.Target, r.Sentinels, new Engine.Cutover.CutoverOptions { MasterName = r.Sandbox.MasterName }, NullObserver.Instance).RunAsync(CancellationToken.None));
            Assert.Equal(MigrationErrorKind.TargetUnreadableBySentinel, ex.Kind);
            Assert.Contains("--info_replication_valkey_compatible=true", ex.Remedy);
            Assert.Equal(0, await ServerConfig.ReadReplicaPriorityAsync(r.Target, CancellationToken.None));
        }

        [Fact]
        public async Task SentinelsPromotionTransactionPromotesItWhileItsClientKillsFail()
        {
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_21, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 10 });
            await r.ReplicateAsync(NullObserver.Instance);
            using var side = await Connect(r.TargetEndpoint);
            // Sentinel's promotion transaction, sent as Sentinel sends it (the client library will not run MULTI itself).
            using var raw = new System.Net.Sockets.TcpClient();
            await raw.ConnectAsync(r.TargetEndpoint.Host, r.TargetEndpoint.Port);
            var stream = raw.GetStream();
            var reader = new RespReader(stream);
            async Task<Resp> Send(params string[] words)
            {
                Resp.ArrayOf(System.Linq.Enumerable.Select(words, Resp.BulkOf)).WriteTo(stream);
                return (await reader.ReadAsync(CancellationToken.None))!;
            }
            Assert.Equal("OK", (await Send("MULTI")).AsText());
            Assert.Equal("QUEUED", (await Send("SLAVEOF", "NO", "ONE")).AsText());
            Assert.Equal("QUEUED", (await Send("CONFIG", "REWRITE")).AsText());
            Assert.Equal("QUEUED", (await Send("CLIENT", "KILL", "TYPE", "normal")).AsText());
            var exec = await Send("EXEC");
            Assert.Equal("OK", exec.Items![0].AsText());
            Assert.Equal(Resp.Type.Error, exec.Items[1].Kind);
            Assert.Equal(Resp.Type.Error, exec.Items[2].Kind);
            Assert.Equal(NodeRole.Primary, ServerIdentity.FromInfo(await r.Target.InfoAsync("replication", CancellationToken.None)).Role);
            // CLIENT KILL TYPE failed, so the other connection survived.
            Assert.Equal("PONG", (await side.ExecuteAsync("PING", Array.Empty<object>(), CancellationToken.None)).AsText());
        }
    }
}

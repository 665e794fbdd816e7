using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Sandbox;
using Xunit;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Replays every command of the captures of real Dragonfly (Samples/tool-commands) against the
    /// stand-in of the same version, in the same role and protocol, and holds each reply to the
    /// captured reply's shape: the stand-in cannot drift from real Dragonfly unnoticed.
    /// </summary>
    public class CaptureReplayTests
    {
        private static readonly string[] Versions = { "1.35.1", "1.40.1" };

        private static readonly string[] Files = { "primary-resp2", "primary-resp3", "replica-of-redis-resp2", "replica-of-redis-resp3" };

        public static TheoryData<string, string> Captures()
        {
            var data = new TheoryData<string, string>();
            foreach (var version in Versions)
            foreach (var file in Files)
                data.Add(version, file);
            return data;
        }

        [Theory]
        [MemberData(nameof(Captures))]
        public async Task TheStandInAnswersEveryCapturedCommandInRealDragonflysShape(string version, string file)
        {
            var blocks = CapturedReplies.Load(version, file);
            var kind = version == "1.35.1" ? TargetKind.StandIn1_35 : TargetKind.StandIn1_40;
            using var r = await TargetRehearsal.StartAsync(kind, new SandboxOptions { SentinelCount = 0, SampleKeyCount = 0 });
            var standIn = r.StandIn!.Endpoint;
            if (file.StartsWith("replica", StringComparison.Ordinal))
            {
                // The keys reached some replica captures and not others: the source holds them exactly when the capture's replica showed them.
                var keysReplicated = blocks.Single(b => b.Title == "EXISTS k:str").Replies[0].Text == "1";
                if (keysReplicated) await SeedAsync(r.Sandbox.Source.Endpoint);
                await ReplicateAsync(r, keysReplicated ? 2 : 0);
            }
            else
            {
                await SeedAsync(standIn);
            }

            var differences = new List<string>();
            foreach (var block in blocks.Where(b => b.Replies.Count > 0))
            {
                IReadOnlyList<ReplyShape> replies;
                try
                {
                    replies = await ReplayAsync(standIn, block, file.EndsWith("resp3", StringComparison.Ordinal));
                }
                catch (OperationCanceledException)
                {
                    differences.Add($"v{version}/{file}, '{block.Title}': no reply within {RespConnection.ReplyTimeout.TotalSeconds:0} s.\n    captured: {string.Join(", ", block.Replies)}");
                    continue;
                }
                for (var i = 0; i < replies.Count; i++)
                {
                    var difference = ShapeComparison.Difference(block.Commands[i], block.Replies[i], replies[i]);
                    if (difference != null)
                        differences.Add($"v{version}/{file}, '{string.Join(" ", block.Commands[i])}' (in '{block.Title}'): {difference}.\n    captured: {block.Replies[i]}\n    stand-in: {replies[i]}");
                }
            }
            Assert.True(differences.Count == 0, $"{differences.Count} repl(ies) of the stand-in differ from real Dragonfly's:\n" + string.Join("\n", differences));
        }

        /// <summary>A block's commands on a fresh connection, as redis-cli sent each block; -3 said HELLO 3 first.</summary>
        private static async Task<IReadOnlyList<ReplyShape>> ReplayAsync(NodeEndpoint endpoint, CapturedBlock block, bool resp3)
        {
            using var connection = await RespConnection.OpenAsync(endpoint);
            if (resp3 && !block.Commands[0][0].Equals("HELLO", StringComparison.OrdinalIgnoreCase)) await connection.SendAsync("HELLO", "3");
            var replies = new List<ReplyShape>();
            foreach (var command in block.Commands) replies.Add(ReplyShape.Of(await connection.SendAsync(command)));
            return replies;
        }

        private static async Task SeedAsync(NodeEndpoint endpoint)
        {
            using var connection = await RespConnection.OpenAsync(endpoint);
            await connection.SendAsync("SET", "k:str", "v");
            await connection.SendAsync("RPUSH", "k:list", "a", "b");
        }

        /// <summary>The stand-in replicates the source, its full sync over and its keys in.</summary>
        private static async Task ReplicateAsync(TargetRehearsal r, long keys)
        {
            var source = r.Sandbox.Source.Endpoint;
            using var target = await RespConnection.OpenAsync(r.StandIn!.Endpoint);
            using var backend = await RespConnection.OpenAsync(r.StandIn.Backend.Endpoint);
            await target.SendAsync("REPLICAOF", source.Host, source.Port.ToString(CultureInfo.InvariantCulture));
            for (var deadline = DateTime.UtcNow.AddMinutes(1); ; await Task.Delay(100))
            {
                // The stand-in says the link is up during the sync too, so its backend tells when the sync is over.
                var replication = (await backend.SendAsync("INFO", "replication")).AsText();
                var synced = replication.Contains("master_link_status:up") && replication.Contains("master_sync_in_progress:0");
                if (synced && (await target.SendAsync("PING")).AsText() == "PONG" && (await target.SendAsync("DBSIZE")).AsText() == keys.ToString(CultureInfo.InvariantCulture)) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The stand-in did not finish its sync from {source}:\n{replication}");
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>The write fence's count of acknowledging replicas, and the journal's round trip through a hash.</summary>
    public class WriteFenceTests
    {
        [Fact]
        public void OnlyOnlineReplicasWithinTheLagCount()
        {
            var info = InfoDocument.Parse(string.Join("\r\n",
                "# Replication", "role:master", "connected_slaves:4",
                "slave0:ip=10.0.0.9,port=6380,state=online,offset=100,lag=0",
                "slave1:ip=10.0.0.3,port=6379,state=online,offset=100,lag=3",
                "slave2:ip=10.0.0.4,port=6379,state=online,offset=90,lag=4",
                "slave3:ip=10.0.0.5,port=6379,state=wait_bgsave,offset=0,lag=0",
                "slave_read_repl_offset:100", "master_repl_offset:100"));
            Assert.Equal(2, MinReplicas.CountAcknowledging(info, MinReplicas.FenceMaxLagSeconds));
        }

        [Fact]
        public void AFenceIsAConfigSetOfEachSetting()
        {
            var commands = MinReplicas.Fence(2).ConfigSetCommands();
            Assert.Equal(new object[] { "SET", "min-replicas-to-write", "2" }, commands[0].Args);
            Assert.Equal(new object[] { "SET", "min-replicas-max-lag", "3" }, commands[1].Args);
            Assert.Equal(new MinReplicas(0, 10), MinReplicas.FromConfig(new Dictionary<string, string>()));
            Assert.Equal(new MinReplicas(1, 5), MinReplicas.FromConfig(new Dictionary<string, string> { ["min-replicas-to-write"] = "1", ["min-replicas-max-lag"] = "5" }));
        }

        [Fact]
        public void AJournalReadsBackAsWritten()
        {
            var target = new NodeEndpoint("10.0.0.9", 6380);
            var rival = new NodeEndpoint("fd00::3", 6379);
            var journal = new CutoverJournal(target, 42, new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero),
                new Dictionary<NodeEndpoint, long> { [target] = 0, [rival] = 100 }, new MinReplicas(1, 7));
            var fields = journal.ToFields();
            var back = CutoverJournal.FromFields(Enumerable.Range(0, fields.Count / 2).ToDictionary(i => fields[2 * i], i => fields[2 * i + 1]))!;
            Assert.Equal(target, back.Target);
            Assert.Equal(42, back.OwnerClientId);
            Assert.Equal(journal.Started, back.Started);
            Assert.Equal(100, back.Priorities[rival]);
            Assert.Equal(0, back.Priorities[target]);
            Assert.Equal(new MinReplicas(1, 7), back.MinReplicas);
            Assert.Equal("dragonfly-migration:cutover-journal:mymaster", CutoverJournal.Key("mymaster"));
        }

        [Fact]
        public void AHashThatIsNotAJournalIsNone()
        {
            Assert.Null(CutoverJournal.FromFields(new Dictionary<string, string>()));
            Assert.Null(CutoverJournal.FromFields(new Dictionary<string, string> { ["target"] = "10.0.0.9:6380", ["owner"] = "x", ["min-replicas-to-write"] = "0", ["min-replicas-max-lag"] = "10" }));
            Assert.Null(CutoverJournal.FromFields(new Dictionary<string, string> { ["target"] = "10.0.0.9:6380", ["owner"] = "1", ["min-replicas-to-write"] = "0", ["min-replicas-max-lag"] = "10", ["priority:nonsense:"] = "1" }));
        }
    }
}

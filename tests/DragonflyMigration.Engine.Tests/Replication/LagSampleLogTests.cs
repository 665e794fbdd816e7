using System;
using System.Linq;
using DragonflyMigration.Engine.Replication;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Replication
{
    public class LagSampleLogTests
    {
        private static LagSample At(int second) => new LagSample { Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(second), LagBytes = second, State = ReplicationState.Streaming };

        private static int[] Seconds(LagSampleLog log) => log.Samples.Select(s => (int)s.LagBytes!.Value).ToArray();

        [Fact]
        public void KeepsEverySampleBelowTheCapacity()
        {
            var log = new LagSampleLog(10);
            for (var i = 0; i < 9; i++) log.Add(At(i));
            Assert.Equal(Enumerable.Range(0, 9), Seconds(log));
        }

        [Fact]
        public void ThinsEvenlyAndKeepsTheFirstAndTheLastSample()
        {
            var log = new LagSampleLog(10);
            for (var i = 0; i < 7201; i++) log.Add(At(i));
            var kept = Seconds(log);
            Assert.True(kept.Length <= 10, $"{kept.Length} samples kept");
            Assert.True(kept.Length >= 5, $"only {kept.Length} samples kept");
            Assert.Equal(0, kept[0]);
            Assert.Equal(7200, kept[kept.Length - 1]);
            var gaps = kept.Zip(kept.Skip(1), (a, b) => b - a).Take(kept.Length - 2).Distinct().ToArray();
            Assert.Single(gaps);
            Assert.Equal(7201, log.Seen);
        }

        [Fact]
        public void StaysWithinTheDefaultCapacityOverATwoHourWait()
        {
            var log = new LagSampleLog();
            for (var i = 0; i < 7200; i++) log.Add(At(i));
            Assert.InRange(log.Samples.Count, LagSampleLog.DefaultCapacity / 2, LagSampleLog.DefaultCapacity);
        }

        [Fact]
        public void IsEmptyBeforeTheFirstSample() => Assert.Empty(new LagSampleLog().Samples);
    }
}

using System;
using System.Collections.Generic;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>One reading of the lag taken while waiting for steady replication.</summary>
    public sealed class LagSample
    {
        public DateTimeOffset Timestamp { get; init; }

        public long? LagBytes { get; init; }

        public long? LagSeconds { get; init; }

        public ReplicationState State { get; init; }

        public static LagSample From(ReplicationSnapshot snapshot) => new LagSample
        {
            Timestamp = snapshot.Timestamp,
            LagBytes = snapshot.LagBytes,
            LagSeconds = snapshot.LagSeconds,
            State = snapshot.State,
        };
    }

    /// <summary>
    /// The samples of a wait, bounded: a two-hour wait samples 7200 times, so when the log is full every
    /// other sample is dropped and from then on only every other one is kept. The whole wait stays
    /// covered at an even, coarser spacing, and the last sample (the one judged steady) is always kept.
    /// </summary>
    public sealed class LagSampleLog
    {
        public const int DefaultCapacity = 2000;

        private readonly int _capacity;
        private readonly List<LagSample> _kept = new List<LagSample>();
        private long _seen;
        private long _stride = 1;
        private LagSample? _latest;

        public LagSampleLog(int capacity = DefaultCapacity)
        {
            if (capacity < 3) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least 3 samples are kept.");
            _capacity = capacity;
        }

        public void Add(LagSample sample)
        {
            var index = _seen++;
            _latest = sample;
            if (index % _stride != 0) return;
            // One place stays free for the latest sample, which Samples appends when thinning skipped it.
            if (_kept.Count == _capacity - 1)
            {
                var write = 0;
                for (var read = 0; read < _kept.Count; read += 2) _kept[write++] = _kept[read];
                _kept.RemoveRange(write, _kept.Count - write);
                _stride *= 2;
                if (index % _stride != 0) return;
            }
            _kept.Add(sample);
        }

        /// <summary>How many samples were taken, kept or not.</summary>
        public long Seen => _seen;

        public IReadOnlyList<LagSample> Samples
        {
            get
            {
                var samples = new List<LagSample>(_kept);
                if (_latest != null && (samples.Count == 0 || !ReferenceEquals(samples[samples.Count - 1], _latest))) samples.Add(_latest);
                return samples;
            }
        }
    }
}

using System;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>
    /// Estimates how long a wait for steady replication has left, for progress bars: during the full sync
    /// from the rate its percentage has grown since the sync was first seen (plus the stable window still to
    /// come), while streaming from what is left of the stable window. Null when nothing can be said yet.
    /// </summary>
    public sealed class RemainingTime
    {
        private readonly TimeSpan _stableFor;
        private DateTimeOffset? _syncSeenAt;
        private double _syncSeenPercent;

        public RemainingTime(TimeSpan stableFor)
        {
            _stableFor = stableFor;
        }

        /// <param name="snapshot">The latest reading.</param>
        /// <param name="stableFraction">How much of the stable window has held, from 0 to 1.</param>
        public TimeSpan? Estimate(ReplicationSnapshot snapshot, double stableFraction)
        {
            if (snapshot.State == ReplicationState.Streaming)
            {
                _syncSeenAt = null;
                return TimeSpan.FromTicks((long)(_stableFor.Ticks * (1 - Math.Max(0, Math.Min(1, stableFraction)))));
            }
            if (snapshot.State != ReplicationState.FullSync || snapshot.SyncPercent is not double percent)
            {
                _syncSeenAt = null;
                return null;
            }
            if (_syncSeenAt == null)
            {
                _syncSeenAt = snapshot.Timestamp;
                _syncSeenPercent = percent;
                return null;
            }
            var elapsed = snapshot.Timestamp - _syncSeenAt.Value;
            var gained = percent - _syncSeenPercent;
            if (gained <= 0 || elapsed <= TimeSpan.Zero) return null;
            return TimeSpan.FromSeconds(elapsed.TotalSeconds * (100 - percent) / gained) + _stableFor;
        }
    }
}

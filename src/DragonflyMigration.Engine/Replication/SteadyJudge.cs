using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>
    /// Decides, one snapshot at a time, whether replication is steady, still on its way, or failing
    /// (a sync loop, a restarted target, a lost link). Holds no connection, so it is tested on
    /// snapshot sequences alone.
    /// </summary>
    public sealed class SteadyJudge
    {
        private readonly SteadyCriteria _criteria;
        private readonly List<ReplicationSnapshot> _history = new List<ReplicationSnapshot>();
        private ReplicationSnapshot? _first;
        private DateTimeOffset? _stableSince;
        private int _stableSamples;
        private DateTimeOffset? _brokenSince;
        private DateTimeOffset? _connectingSince;
        private bool _wasReplicating;
        private ReplicationState? _lastState;
        private bool _hasStreamed;
        private int _resyncs;
        private IReadOnlyDictionary<string, long>? _unknownAtStart;
        private string? _dialled;

        public SteadyJudge(SteadyCriteria criteria)
        {
            _criteria = criteria;
        }

        /// <summary>The lag used for steadiness of the last snapshot judged (see <see cref="SteadyCriteria.MaxLagBytes"/>).</summary>
        public long? CatchUpLagBytes { get; private set; }

        /// <summary>How far into <see cref="SteadyCriteria.StableFor"/> the conditions have held, 0 to 1.</summary>
        public double StableFraction { get; private set; }

        /// <summary>True when the snapshot completes a steady period; throws when replication is failing.</summary>
        public bool Judge(ReplicationSnapshot s)
        {
            _first ??= s;
            var previous = _history.LastOrDefault();
            _history.Add(s);
            while (_history.Count > 0 && s.Timestamp - _history[0].Timestamp > _criteria.AcknowledgementWindow + _criteria.AcknowledgementWindow) _history.RemoveAt(0);

            var state = StateAtTheSameAddress(s);
            DetectRestart(previous, s, state);
            DetectDroppedCommands(s);
            DetectSyncLoop(s);
            DetectLostLink(s, state);
            _lastState = state;

            CatchUpLagBytes = CatchUpLag(s);
            var holds = s.State == ReplicationState.Streaming
                && string.Equals(s.LinkStatus, "up", StringComparison.OrdinalIgnoreCase)
                && s.SourceReplicaState == "online"
                && CatchUpLagBytes.HasValue && CatchUpLagBytes.Value <= _criteria.MaxLagBytes
                && (s.LagSeconds ?? 0) <= _criteria.MaxLagSeconds;

            if (!holds)
            {
                _stableSince = null;
                _stableSamples = 0;
                StableFraction = 0;
                return false;
            }
            _stableSince ??= s.Timestamp;
            _stableSamples++;
            var held = s.Timestamp - _stableSince.Value;
            StableFraction = _criteria.StableFor <= TimeSpan.Zero ? 1 : Math.Min(1, held.TotalMilliseconds / _criteria.StableFor.TotalMilliseconds);
            return held >= _criteria.StableFor && _stableSamples >= _criteria.MinimumSamples;
        }

        /// <summary>
        /// The source's offset from at least one acknowledgement window ago, minus what the target has
        /// acknowledged now: zero when the target keeps up, whatever the write rate.
        /// </summary>
        private long? CatchUpLag(ReplicationSnapshot s)
        {
            if (s.AcknowledgedOffset is not long acked) return null;
            var reference = _history.LastOrDefault(h => s.Timestamp - h.Timestamp >= _criteria.AcknowledgementWindow);
            if (reference?.SourceOffset is not long then) return null;
            return Math.Max(0, then - acked);
        }

        /// <summary>
        /// The snapshot's state, except that a target still dialling the address it replicated the source
        /// through is Broken, not NotReplicating. The tool recognises the source at an address of a proxy,
        /// tunnel or NAT between them only while the source lists the target: when that link drops, the
        /// snapshot alone cannot tell the source from another primary.
        /// </summary>
        private ReplicationState StateAtTheSameAddress(ReplicationSnapshot s)
        {
            if (s.State != ReplicationState.NotReplicating)
            {
                _dialled = s.TargetPrimary;
                return s.State;
            }
            return _dialled != null && string.Equals(s.TargetPrimary, _dialled, StringComparison.OrdinalIgnoreCase) ? ReplicationState.Broken : s.State;
        }

        private void DetectRestart(ReplicationSnapshot? previous, ReplicationSnapshot s, ReplicationState state)
        {
            if (state != ReplicationState.NotReplicating) _wasReplicating = true;
            var restarted = previous?.TargetUptimeSeconds is long before && s.TargetUptimeSeconds is long now && now < before;
            if (restarted)
            {
                throw new MigrationException(MigrationErrorKind.TargetRestarted,
                    $"The target {s.Target} restarted (uptime fell from {previous!.TargetUptimeSeconds} s to {s.TargetUptimeSeconds} s); it is now {s.State}.", s.Target)
                { Remedy = s.State == ReplicationState.NotReplicating
                    ? "Start the target with its replication settings (or run Start-DragonflyReplication again), then wait again."
                    : "Find out why it restarted (memory, crash, operator); a restarted Dragonfly replica always resyncs in full." };
            }
            if (_wasReplicating && state == ReplicationState.NotReplicating)
            {
                throw new MigrationException(MigrationErrorKind.NotReplicating,
                    $"The target {s.Target} stopped replicating the source {s.Source}" + (s.TargetPrimary != null ? $"; it now replicates {s.TargetPrimary}." : "; it is a primary now."), s.Target)
                { Remedy = "Someone or something ran REPLICAOF on the target; run Start-DragonflyReplication again." };
            }
            if (!_wasReplicating && state == ReplicationState.NotReplicating)
            {
                throw new MigrationException(MigrationErrorKind.NotReplicating,
                    $"The target {s.Target} does not replicate the source {s.Source}.", s.Target)
                { Remedy = "Run Start-DragonflyReplication first." };
            }
        }

        /// <summary>
        /// A full sync that keeps starting again: the source's own count of full syncs, or the target seen
        /// falling back from streaming into a full sync (Dragonfly's replication counters stay 0 under a
        /// Redis primary, so the state sequence is what shows its re-syncs).
        /// </summary>
        private void DetectSyncLoop(ReplicationSnapshot s)
        {
            if (s.State == ReplicationState.Streaming) _hasStreamed = true;
            if (_hasStreamed && s.State == ReplicationState.FullSync && _lastState != ReplicationState.FullSync) _resyncs++;
            var syncs = s.SourceFullSyncs - _first!.SourceFullSyncs;
            // The wait may begin before the first full sync; only repeats beyond it mean a loop.
            var repeats = Math.Max((syncs ?? 0) - 1, _resyncs);
            if (repeats < _criteria.RepeatedSyncsForLoop) return;
            throw new MigrationException(MigrationErrorKind.SyncLoop,
                $"The full sync of {s.Target} keeps restarting: the source served {syncs ?? 0} full syncs and the target fell back from streaming to a full sync {_resyncs} time(s) during this wait.", s.Target)
            { Remedy = "The source most likely drops the target when its replica output buffer overflows during the load: raise client-output-buffer-limit replica on the source (e.g. CONFIG SET client-output-buffer-limit \"replica 0 0 0\" for the migration) or migrate at a lower write rate." };
        }

        /// <summary>
        /// Dragonfly drops a command it does not know from the replication stream without a word, and
        /// counts it: offsets still agree while the data differs. Counted since the wait began.
        /// </summary>
        private void DetectDroppedCommands(ReplicationSnapshot s)
        {
            if (s.TargetUnknownCommands == null) return;
            _unknownAtStart ??= s.TargetUnknownCommands;
            var dropped = Info.CommandStats.UnknownSince(_unknownAtStart, s.TargetUnknownCommands);
            if (dropped.Count == 0) return;
            throw new MigrationException(MigrationErrorKind.CommandsDropped,
                $"The target {s.Target} dropped commands it does not know from the replication stream ({Info.CommandStats.Describe(dropped)}): its data now differs from the source's.", s.Target)
            { Remedy = "Stop the writes that use those commands, re-sync the target (Stop-DragonflyReplication, empty it, Start-DragonflyReplication) and check with Compare-RedisKeyspace -Full; Test-MigrationReadiness lists them (ReplicatedCommands)." };
        }

        private void DetectLostLink(ReplicationSnapshot s, ReplicationState state)
        {
            // A replica that streamed and is connecting again has lost its link, even when its INFO
            // cannot say so (Dragonfly prints no master_link_down_since_seconds).
            var lost = state == ReplicationState.Broken || (_hasStreamed && state == ReplicationState.Connecting);
            if (state == ReplicationState.Connecting && !lost)
            {
                _connectingSince ??= s.Timestamp;
                if (s.Timestamp - _connectingSince.Value >= _criteria.ConnectGrace)
                {
                    throw new MigrationException(MigrationErrorKind.ReplicationBroken,
                        $"{s.Target} has not begun to sync from {s.Source} in {(s.Timestamp - _connectingSince.Value).TotalSeconds:0} s.", s.Target)
                    { Remedy = "Check that the target can reach the source at the address given (firewall, announce address) and has the source's credentials (masterauth); the target's log says why." };
                }
            }
            else
            {
                _connectingSince = null;
            }
            if (!lost)
            {
                _brokenSince = null;
                return;
            }
            _brokenSince ??= s.Timestamp;
            if (s.Timestamp - _brokenSince.Value < _criteria.UnreachableGrace) return;
            throw new MigrationException(MigrationErrorKind.ReplicationBroken,
                $"The replication link from {s.Source} to {s.Target} has been down for {(s.Timestamp - _brokenSince.Value).TotalSeconds:0} s.", s.Target)
            { Remedy = "Check that the target can reach the source (address, firewall, masterauth) and look at both servers' logs." };
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;

namespace DragonflyMigration.Engine.Verification
{
    /// <summary>
    /// How the two compared nodes stand to each other: a live pair (one streams from the other: the target
    /// from the source before a cutover, or the old primary from a Redis new primary after it), whose
    /// differences may be keys in flight, or two nodes that do not feed each other, whose differences are
    /// real or are writes one of them never received, which the comparison says.
    /// </summary>
    internal sealed class ComparedPair
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
        private readonly NodeClient _upstream;
        private readonly NodeClient _downstream;
        private readonly bool _upstreamIsSource;

        private ComparedPair(NodeClient source, NodeClient target, InfoDocument sourceInfo, InfoDocument targetInfo)
        {
            SourceInfo = sourceInfo;
            TargetInfo = targetInfo;
            var forward = ReplicationSnapshotReader.Compute(source.Addresses, sourceInfo, target.Addresses, targetInfo, DateTimeOffset.Now);
            var backward = ReplicationSnapshotReader.Compute(target.Addresses, targetInfo, source.Addresses, sourceInfo, DateTimeOffset.Now);
            _upstreamIsSource = backward.State != ReplicationState.Streaming;
            _upstream = _upstreamIsSource ? source : target;
            _downstream = _upstreamIsSource ? target : source;
            Live = forward.State == ReplicationState.Streaming || backward.State == ReplicationState.Streaming;
            Warnings = Live ? Array.Empty<string>()
                : WarningsFor(backward.State != ReplicationState.NotReplicating ? backward : forward, ServerIdentity.FromInfo(sourceInfo).Role, ServerIdentity.FromInfo(targetInfo).Role);
        }

        public InfoDocument SourceInfo { get; }

        public InfoDocument TargetInfo { get; }

        public bool Live { get; }

        public IReadOnlyList<string> Warnings { get; }

        public static async Task<ComparedPair> ReadAsync(NodeClient source, NodeClient target, CancellationToken cancellationToken)
        {
            var sourceRead = source.InfoAsync(null, cancellationToken);
            var targetRead = target.InfoAsync(null, cancellationToken);
            await Task.WhenAll(sourceRead, targetRead).ConfigureAwait(false);
            return new ComparedPair(source, target, await sourceRead.ConfigureAwait(false), await targetRead.ConfigureAwait(false));
        }

        /// <summary>What a reader must know before trusting the differences of a pair in this state.</summary>
        internal static IReadOnlyList<string> WarningsFor(ReplicationSnapshot snapshot, NodeRole sourceRole, NodeRole targetRole)
        {
            if (snapshot.State == ReplicationState.Streaming) return Array.Empty<string>();
            if (snapshot.State != ReplicationState.NotReplicating)
                return new[] { $"{snapshot.Target} replicates {snapshot.Source} but replication is {snapshot.State}: keys it has not received yet show as differences." };
            const string AfterCutover = "After a cutover the old primary receives no writes; compare before the cutover, while the target replicates, and rely on the cutover's marker after it.";
            var parted = sourceRole == NodeRole.Primary && targetRole == NodeRole.Primary
                ? $"{snapshot.Source} and {snapshot.Target} are both primaries and neither replicates the other"
                : $"{snapshot.Target} does not replicate {snapshot.Source}";
            return new[] { $"{parted}: a key written to either since they parted shows as a difference. {AfterCutover}" };
        }

        /// <summary>Waits, until the deadline at most, for the node that replicates to acknowledge the offset its primary has now.</summary>
        /// <param name="offset">The primary's offset when the caller has just read it; read here otherwise.</param>
        public async Task WaitForDownstreamAsync(DateTime deadline, CancellationToken cancellationToken, long? offset = null)
        {
            offset ??= (await _upstream.InfoAsync("replication", cancellationToken).ConfigureAwait(false)).GetInt64("master_repl_offset");
            if (offset is not long wanted) return;
            while (DateTime.UtcNow < deadline)
            {
                var upstreamRead = _upstream.InfoAsync(null, cancellationToken);
                var downstreamRead = _downstream.InfoAsync(null, cancellationToken);
                await Task.WhenAll(upstreamRead, downstreamRead).ConfigureAwait(false);
                var snapshot = ReplicationSnapshotReader.Compute(_upstream.Addresses, await upstreamRead.ConfigureAwait(false), _downstream.Addresses,
                    await downstreamRead.ConfigureAwait(false), DateTimeOffset.Now);
                if (snapshot.AcknowledgedOffset >= wanted) return;
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Counts of a live pair: the primary's counts, then (once the replica has acknowledged them) the
        /// replica's, then the primary's again. The replica's lie between the two when nothing was lost.
        /// </summary>
        public async Task<(IReadOnlyList<DatabaseCounts> Counts, bool Match)> LiveCountsAsync(DateTime deadline, CancellationToken cancellationToken)
        {
            var before = await _upstream.InfoAsync(null, cancellationToken).ConfigureAwait(false);
            await WaitForDownstreamAsync(deadline, cancellationToken, before.GetInt64("master_repl_offset")).ConfigureAwait(false);
            var replica = await _downstream.InfoAsync("keyspace", cancellationToken).ConfigureAwait(false);
            var after = await _upstream.InfoAsync("keyspace", cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DatabaseCounts> Pair(InfoDocument primary) =>
                _upstreamIsSource ? KeyspaceComparer.Counts(primary, replica) : KeyspaceComparer.Counts(replica, primary);
            var counts = Pair(after);
            return (counts, InFlightCountsMatch(Pair(before), counts, _upstreamIsSource));
        }

        /// <summary>Per database, the replica's keys without expiry lie between the primary's before and after.</summary>
        internal static bool InFlightCountsMatch(IReadOnlyList<DatabaseCounts> before, IReadOnlyList<DatabaseCounts> after, bool primaryIsSource = true)
        {
            long Primary(DatabaseCounts? c) => c == null ? 0 : primaryIsSource ? c.SourcePersistentKeys : c.TargetPersistentKeys;
            long? Replica(DatabaseCounts? c) => c == null ? null : primaryIsSource ? c.TargetPersistentKeys : c.SourcePersistentKeys;
            var earlier = before.ToDictionary(c => c.Database);
            var later = after.ToDictionary(c => c.Database);
            return earlier.Keys.Union(later.Keys).All(db =>
            {
                earlier.TryGetValue(db, out var b);
                later.TryGetValue(db, out var a);
                var first = Primary(b);
                var last = Primary(a);
                var replica = Replica(a) ?? Replica(b) ?? 0;
                return replica >= Math.Min(first, last) && replica <= Math.Max(first, last);
            });
        }
    }
}

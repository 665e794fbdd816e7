using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>
    /// Samples both sides once per interval until the <see cref="SteadyJudge"/> calls replication
    /// steady, it fails, the timeout passes or the caller cancels.
    /// </summary>
    public static class SteadyWaiter
    {
        /// <param name="samples">Receives every reading taken, for a report of the lag over the wait.</param>
        public static async Task<ReplicationSnapshot> WaitAsync(NodeClient source, NodeClient target, SteadyCriteria criteria, IOperationObserver observer, CancellationToken cancellationToken, LagSampleLog? samples = null)
        {
            var judge = new SteadyJudge(criteria);
            var remaining = new RemainingTime(criteria.StableFor);
            var clock = Stopwatch.StartNew();
            var sourceDown = new Unreachable(source, MigrationErrorKind.SourceUnreachable, criteria.UnreachableGrace);
            var targetDown = new Unreachable(target, MigrationErrorKind.TargetUnreachable, criteria.UnreachableGrace);
            ReplicationSnapshot? last = null;
            string? lastPhase = null;
            observer.Log($"Waiting for {target.Endpoint} to replicate {source.Endpoint} steadily (lag at most {criteria.MaxLagBytes} bytes and {criteria.MaxLagSeconds} s for {criteria.StableFor.TotalSeconds:0} s; timeout {criteria.Timeout}).");

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sampleStarted = clock.Elapsed;
                var sourceInfo = await sourceDown.TryInfoAsync(cancellationToken).ConfigureAwait(false);
                var targetInfo = await targetDown.TryInfoAsync(cancellationToken).ConfigureAwait(false);
                if (sourceInfo != null && targetInfo != null)
                {
                    var unknown = await ReplicationSnapshotReader.ReadUnknownCommandsAsync(target, cancellationToken).ConfigureAwait(false);
                    last = ReplicationSnapshotReader.Compute(source.Addresses, sourceInfo, target.Addresses, targetInfo, DateTimeOffset.Now, unknown);
                    samples?.Add(LagSample.From(last));
                    var steady = judge.Judge(last);
                    var phase = last.State == ReplicationState.FullSync ? $"FullSync: {last.SyncPhase}" : last.State.ToString();
                    if (phase != lastPhase)
                    {
                        observer.Log(last.Describe());
                        lastPhase = phase;
                    }
                    var percent = last.State == ReplicationState.Streaming ? judge.StableFraction * 100 : last.SyncPercent;
                    // The state first: a progress line is cut at the console's width, and the pair is in the verbose lines.
                    observer.Progress(phase, last.DescribeState(), percent, remaining.Estimate(last, judge.StableFraction));
                    if (steady)
                    {
                        observer.Log($"Steady: {last.Describe()}; for {criteria.StableFor.TotalSeconds:0} s the target acknowledged all but {judge.CatchUpLagBytes} bytes of what the source had {criteria.AcknowledgementWindow.TotalSeconds:0} s earlier.");
                        return last;
                    }
                }

                if (clock.Elapsed >= criteria.Timeout)
                {
                    throw new MigrationException(MigrationErrorKind.WaitTimeout,
                        $"Replication was not steady within {criteria.Timeout}; last seen: {last?.Describe() ?? "no reading"}.", target.Endpoint.ToString())
                    { Remedy = "Look at the lag and state with Get-ReplicationStatus; raise -Timeout or -MaxLagBytes if the write rate never lets the lag reach the limit." };
                }
                var pause = criteria.SampleInterval - (clock.Elapsed - sampleStarted);
                if (pause > TimeSpan.Zero) await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Tolerates a side failing to answer for a grace period, then fails with a named error.</summary>
        private sealed class Unreachable
        {
            private readonly NodeClient _node;
            private readonly MigrationErrorKind _kind;
            private readonly TimeSpan _grace;
            private Stopwatch? _since;

            public Unreachable(NodeClient node, MigrationErrorKind kind, TimeSpan grace)
            {
                _node = node;
                _kind = kind;
                _grace = grace;
            }

            public async Task<Info.InfoDocument?> TryInfoAsync(CancellationToken cancellationToken)
            {
                try
                {
                    var info = await _node.InfoAsync(null, cancellationToken).ConfigureAwait(false);
                    _since = null;
                    return info;
                }
                catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
                {
                    _since ??= Stopwatch.StartNew();
                    if (_since.Elapsed < _grace) return null;
                    var side = _kind == MigrationErrorKind.SourceUnreachable ? "source" : "target";
                    throw new MigrationException(_kind,
                        $"The {side} {_node.Endpoint} has not answered for {_since.Elapsed.TotalSeconds:0} s.", _node.Endpoint.ToString(), ex)
                    { Remedy = $"Check that the {side} is running and reachable; replication cannot be steady without it." };
                }
            }
        }
    }
}

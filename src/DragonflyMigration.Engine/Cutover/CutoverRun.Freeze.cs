using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>The Freeze phase: writes paused and the target caught up to the marker.</summary>
    internal sealed partial class CutoverRun
    {
        // ---- Freeze: pause writes and wait until the target has everything -----------------------

        /// <summary>
        /// Pauses writes. The server-side expiry is the safety limit (<see cref="CutoverPlan.PauseExpiry"/>),
        /// not -MaxWritePause: a pause that ran out between promotion and fencing would let the old
        /// primary take writes the new one never sees. -MaxWritePause bounds the catch-up; the
        /// expiry only matters if this process dies mid-cutover. The write fence armed with the pause
        /// does not expire: it outlives this process, so a promotion it never sees still stops the old
        /// primary from taking writes once the target leaves it.
        /// </summary>
        private async Task FreezeAsync(CancellationToken cancellationToken)
        {
            var plan = _plan;
            var journal = _journal!;
            var acknowledging = await Nodes.CountAcknowledgingReplicasAsync(MinReplicas.FenceMaxLagSeconds, cancellationToken).ConfigureAwait(false);
            if (acknowledging == 0)
            {
                throw new MigrationException(MigrationErrorKind.TargetNotAcknowledging,
                    $"The source counts no replica acknowledging within {MinReplicas.FenceMaxLagSeconds} s, so no write fence could hold without this process.", Nodes.Target.ToString())
                { Remedy = "Check Get-ReplicationStatus: the target must be online and acknowledging; then run Invoke-SentinelFailover again." };
            }
            var fence = MinReplicas.Fence(acknowledging);
            var marker = CutoverMarker.Create();
            _marker = marker;
            // Frozen from the request on, its undos registered first: a transaction whose answer is lost may
            // have paused writes and armed the fence. Undone newest first: the fence is lifted, then writes
            // flow again, then the marker is deleted.
            MoveTo(CutoverState.Frozen);
            _rollback.Add(RollbackStep.Marker, "the catch-up marker on the source (DEL)", ct => Nodes.RemoveMarkerAsync(Nodes.Source.Endpoint, marker, ct));
            _rollback.Add(RollbackStep.WritePause, "writes on the source (CLIENT UNPAUSE)", ct => Nodes.UnpauseWritesAsync(ct));
            _rollback.Add(RollbackStep.WriteFence, $"{journal.MinReplicas} on the source", ct => Nodes.SetMinReplicasAsync(journal.MinReplicas, ct));
            _pause.Start();
            await Nodes.PauseWritesAsync(plan.PauseExpiry, marker, fence, Options.MasterName, cancellationToken).ConfigureAwait(false);
            Reached(CutoverMilestoneKind.WritesPaused, $"Freeze: writes paused on the source (expires on its own after {plan.PauseExpiry.TotalMilliseconds:0} ms), with the marker {marker}, "
                + $"and {fence}: the source refuses writes by itself once the target stops acknowledging.");

            // Round trips inside the pause are the pause: the source is read once, while the target is looked at,
            // and each look at the target asks, in one round trip, for the marker and then for everything the
            // Promote phase judges; the Sentinel's TILT is read alongside.
            using var recordBound = SentinelCutover.Bound(cancellationToken, plan.CatchUpBudget + CutoverTimings.FreezeRecord);
            var recordRead = Nodes.ReadFreezeRecordAsync(recordBound.Token);
            long caughtUpAfter;
            try
            {
                caughtUpAfter = await CatchUpAsync(marker, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                recordBound.Cancel();
                await Task.WhenAny(recordRead).ConfigureAwait(false);
                _ = recordRead.Exception;
                throw;
            }

            // The marker arrived: a source that does not answer now has stopped answering, and could not be
            // fenced after the promotion either, so the cutover stops here.
            FreezeRecord record;
            try
            {
                record = await recordRead.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MigrationException(MigrationErrorKind.SourceUnreachable,
                    $"The target caught up, but the source {Nodes.Source} stopped answering within {CutoverTimings.FreezeRecord.TotalMilliseconds:0} ms, so it could not be fenced after a promotion.", Nodes.Source.ToString())
                { Remedy = "Check the network between this machine and the source; the pause expires on its own. Run Invoke-SentinelFailover again when the source answers." };
            }
            _freeze = new FreezeRecord
            {
                SourceOffset = record.SourceOffset, TargetOffset = _caughtUp!.Offset ?? record.TargetOffset,
                SourceKeys = record.SourceKeys, SourceKeysExpiring = record.SourceKeysExpiring,
            };
            Reached(CutoverMilestoneKind.CaughtUp, $"Freeze: the target has offset {Known(_freeze.TargetOffset)} of {Known(_freeze.SourceOffset)} after {caughtUpAfter} ms: the marker written with the pause arrived.");
        }

        /// <summary>Looks at the target until it has the marker, within the catch-up budget; keeps that look and the TILT read with it for the Promote phase.</summary>
        private Task<long> CatchUpAsync(CutoverMarker marker, CancellationToken cancellationToken) =>
            SentinelCutover.WithinAsync(_plan.CatchUpBudget, cancellationToken, async bound =>
            {
                // A stalled server must not hold the loop past the budget: every read is bounded by it.
                while (true)
                {
                    var look = Nodes.ProbeTargetAsync(marker, CutoverTimings.EdgeProbe, bound);
                    var tilt = Nodes.ProbeSentinelTiltAsync(0, CutoverTimings.PromotionProbe, bound);
                    await Task.WhenAll(look, tilt).ConfigureAwait(false);
                    switch (CutoverDecisions.CatchUp(look.Result?.HasMarker == true, _pause.Elapsed, _plan.CatchUpBudget))
                    {
                        case CatchUpStep.CaughtUp:
                            _caughtUp = look.Result;
                            _tiltAtCatchUp = tilt.Result;
                            return _pause.ElapsedMilliseconds;
                        case CatchUpStep.TimedOut:
                            throw CatchUpTimeout(_plan);
                    }
                    await Task.Delay(CutoverTimings.CatchUpPoll, bound).ConfigureAwait(false);
                }
            }, () => CatchUpTimeout(_plan));

        private MigrationException CatchUpTimeout(CutoverPlan plan) =>
            new MigrationException(MigrationErrorKind.CatchUpTimeout,
                $"The target did not catch up within {plan.CatchUpBudget.TotalMilliseconds:0} ms of the write pause: the marker written with the pause had not arrived.", Nodes.Target.ToString())
            { Remedy = "Retry when the write rate is lower, or allow a longer -MaxWritePause (it must stay well below down-after-milliseconds)." };

        private static string Known(long? offset) => offset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
    }
}

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
    /// <summary>The Promote phase: SENTINEL FAILOVER, the point of no return, and the promotion watched.</summary>
    internal sealed partial class CutoverRun
    {
        // ---- Promote --------------------------------------------------------------------------

        private async Task PromoteAsync(CancellationToken cancellationToken)
        {
            // Judged from the look that found the marker: the target as it was once it had everything.
            var plan = _plan;
            var condition = _caughtUp;
            var dropped = CutoverDecisions.DroppedSincePreflight(plan.TargetUnknownCommands, condition);
            if (dropped.Count > 0)
            {
                throw new MigrationException(MigrationErrorKind.CommandsDropped,
                    $"The target {Nodes.Target} dropped commands it does not know from the replication stream since the preflight ({CommandStats.Describe(dropped)}): its data differs from the source's.", Nodes.Target.ToString())
                { Remedy = "Stop the writes that use those commands, re-sync the target and check with Compare-RedisKeyspace -Full before cutting over." };
            }
            var notReady = CutoverDecisions.NotReadyToPromote(condition);
            if (notReady != null)
            {
                throw new MigrationException(MigrationErrorKind.TargetNotReadyToPromote, $"The target {Nodes.Target} cannot be promoted now: {notReady}.", Nodes.Target.ToString())
                { Remedy = "Run Wait-ReplicationSteady again and retry the cutover; a target that re-syncs flushes its data first." };
            }
            // A Sentinel stalled for more than 2 s (a paused VM, a stopped process) enters TILT for 30 s when it
            // resumes: it would accept the failover and not act on it, leaving writes closed all that time.
            if (_tiltAtCatchUp == true)
            {
                throw new MigrationException(MigrationErrorKind.SentinelInTilt,
                    $"The Sentinel {Nodes.Sentinels[0]} entered TILT mode since the preflight: it would accept SENTINEL FAILOVER and not act on it until TILT ends.", Nodes.Sentinels[0].ToString())
                { Remedy = "Wait until TILT ends (30 s after the stall or clock jump that caused it), find its cause, and run Invoke-SentinelFailover again." };
            }
            var deadline = CutoverDecisions.FenceDeadline(plan.PauseExpiry);
            await RequestFailoverAsync(deadline, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // Each look is bounded, so a slow answer is skipped rather than waited for; the two go together.
                var roleRead = Nodes.ProbeTargetRoleAsync(CutoverTimings.PromotionProbe, cancellationToken);
                var primaryRead = Nodes.ProbeSentinelPrimaryAsync(0, Options.MasterName, CutoverTimings.PromotionProbe, cancellationToken);
                await Task.WhenAll(roleRead, primaryRead).ConfigureAwait(false);
                var role = roleRead.Result;
                var primary = role == NodeRole.Primary ? null : primaryRead.Result;
                switch (CutoverDecisions.Promotion(role, primary, Nodes.Source, Nodes.Target, _pause.Elapsed, deadline))
                {
                    case PromotionStep.Promoted:
                        MoveTo(CutoverState.Promoted);
                        Reached(CutoverMilestoneKind.Promoted, $"Promote: the target is primary after {_pause.ElapsedMilliseconds} ms of pause.");
                        return;
                    case PromotionStep.OtherPromoted:
                        throw new MigrationException(MigrationErrorKind.UnexpectedPromotion, $"Sentinel promoted {primary}, not the target.", primary!.ToString());
                    case PromotionStep.TimedOut:
                        MoveTo(CutoverState.PromotionTimedOut);
                        throw new MigrationException(MigrationErrorKind.PromotionTimeout,
                            $"Sentinel accepted the failover but the target was not primary within {_pause.Elapsed.TotalMilliseconds:0} ms of write pause; the pause was released with writes to the source refused until Sentinel decides.", Nodes.Target.ToString())
                        { Remedy = "Check Get-SentinelMaster and Sentinel's log; the source takes writes again once Sentinel gives the failover up and everything is put back." };
                }
                await Task.Delay(CutoverTimings.PromotionPoll, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// SENTINEL FAILOVER, bounded by the promotion deadline. Only a refusal means it was not carried out:
        /// a request whose answer was lost (a partition, a slow link) may have reached Sentinel, which then
        /// promotes the target, so from the moment it is sent the run treats the failover as requested and
        /// watches for the promotion (a promotion that never comes ends as a promotion timeout).
        /// </summary>
        private async Task RequestFailoverAsync(TimeSpan deadline, CancellationToken cancellationToken)
        {
            MoveTo(CutoverState.FailoverRequested);
            using var bound = SentinelCutover.Bound(cancellationToken, deadline - _pause.Elapsed);
            try
            {
                await Nodes.RequestFailoverAsync(Options.MasterName, bound.Token).ConfigureAwait(false);
                Reached(CutoverMilestoneKind.FailoverRequested, $"Promote: SENTINEL FAILOVER sent to {Nodes.Sentinels[0]}.");
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.FailoverRefused)
            {
                MoveTo(CutoverState.Frozen);
                throw;
            }
            catch (Exception ex) when (ex is MigrationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Reached(CutoverMilestoneKind.FailoverRequested, $"Promote: SENTINEL FAILOVER sent to {Nodes.Sentinels[0]} got no answer ({ex.Message}); watching for the promotion, since Sentinel may have carried it out.");
            }
        }

        /// <summary>
        /// The marker and the journal (replicated to the target) have done their job. The marker would expire
        /// anyway; a journal left behind is finished by the next run, which says so. Bounded on its own, so it
        /// runs after a cancellation too; a failure here only gets a log line.
        /// </summary>
        private async Task RemoveMarkerAsync()
        {
            using var bound = new CancellationTokenSource(CutoverTimings.ConfirmProbe + CutoverTimings.ConfirmProbe);
            try
            {
                if (_marker != null) await Nodes.RemoveMarkerAsync(Nodes.Target.Endpoint, _marker, bound.Token).ConfigureAwait(false);
                // A failover-timeout not yet put back keeps the journal, from which the next run puts it back.
                if (!_failoverTimeoutLowered) await Nodes.DeleteJournalAsync(Nodes.Target.Endpoint, Options.MasterName, bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MigrationException || ex is OperationCanceledException)
            {
                Observer.Log($"The catch-up marker {_marker} or the journal {CutoverJournal.Key(Options.MasterName)} stays on the new primary: {ex.Message}");
            }
        }

        /// <summary>The new primary holds what the source held at the freeze; a shortfall is not silent.</summary>
        private async Task CheckPromotedTargetAsync(CancellationToken cancellationToken)
        {
            var warning = CutoverDecisions.AfterPromotion(_freeze, await Nodes.ProbeTargetAsync(null, CutoverTimings.ConfirmProbe, cancellationToken).ConfigureAwait(false));
            if (warning == null) return;
            _warnings.Add(warning);
            Observer.Log("Confirm: " + warning);
        }
    }
}

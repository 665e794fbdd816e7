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
    /// <summary>The one abort path and what it undoes.</summary>
    internal sealed partial class CutoverRun
    {
        /// <summary>
        /// The one abort path: what the state allows is undone (<see cref="CutoverDecisions.ToUndo"/>, checked
        /// against the point of no return by <see cref="Rollback"/>), and the exception to throw says what
        /// was. Before the request everything goes back. After a promotion timeout writes are closed on the
        /// source, the pause released, and the run waits for Sentinel to decide. After the request otherwise,
        /// nothing is undone: the pause expires on its own and the write fence stays armed.
        /// </summary>
        private async Task<Exception> AbortAsync(Exception failure, CancellationToken cancellationToken)
        {
            switch (_state)
            {
                case CutoverState.Planned:
                case CutoverState.Armed:
                case CutoverState.Frozen:
                    var restored = await UndoAsync().ConfigureAwait(false);
                    if (_rollback.IsEmpty) MoveTo(CutoverState.RolledBack);
                    return WithRestored(failure, restored);
                case CutoverState.PromotionTimedOut:
                    var released = await ReleasePauseBehindClosedWritesAsync().ConfigureAwait(false);
                    _pause.Stop();
                    return await SettleLateFailoverAsync((MigrationException)failure, released, cancellationToken).ConfigureAwait(false);
                default:
                    return failure;
            }
        }

        /// <summary>Undoes what the state allows, each step a milestone.</summary>
        private async Task<IReadOnlyList<string>> UndoAsync()
        {
            var lines = await _rollback.RunAsync(_state).ConfigureAwait(false);
            foreach (var line in lines)
                Reached(line.StartsWith(Rollback.NotRestored, StringComparison.Ordinal) ? CutoverMilestoneKind.NotUndone : CutoverMilestoneKind.Undone, line);
            return lines;
        }

        /// <summary>
        /// Sentinel accepted the failover but did not promote in time (for instance when its own user may
        /// not run the promotion transaction on the target). Waits, within Sentinel's failover-timeout, for
        /// it to give up, then puts every priority back, so the group is left as it was with a promotable
        /// node; or, if it promoted the target after all, finishes the fence now.
        /// </summary>
        private async Task<MigrationException> SettleLateFailoverAsync(MigrationException timeout, IReadOnlyList<string> released, CancellationToken cancellationToken)
        {
            var limit = TimeSpan.FromMilliseconds(_plan.FailoverTimeoutMilliseconds) + CutoverTimings.LateFailoverMargin;
            Observer.Log($"Promote: waiting up to {limit.TotalSeconds:0} s for Sentinel to either promote the target or give up the failover.");
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var states = await ReadSentinelsOrNullAsync(cancellationToken).ConfigureAwait(false);
                var role = await Nodes.ProbeTargetRoleAsync(CutoverTimings.ConfirmProbe, cancellationToken).ConfigureAwait(false);
                switch (CutoverDecisions.AfterPromotionTimeout(states, role, Nodes.Source, Nodes.Target))
                {
                    case LateFailoverState.Abandoned:
                        MoveTo(CutoverState.FailoverAbandoned);
                        var restored = released.Concat(await UndoAsync().ConfigureAwait(false)).ToList();
                        if (_rollback.IsEmpty) MoveTo(CutoverState.RolledBack);
                        return new MigrationException(timeout.Kind,
                            $"{timeout.Message} Sentinel then gave up the failover: the source is primary and writable again and the deployment is as it was. {string.Join("; ", restored)}.", timeout.Target, timeout)
                        { Remedy = "Find why Sentinel could not promote the target (its log; the ACL of the user it authenticates with on the target must allow MULTI, SLAVEOF, CONFIG and CLIENT) and run Invoke-SentinelFailover again." };
                    case LateFailoverState.PromotedLate:
                        MoveTo(CutoverState.Promoted);
                        Reached(CutoverMilestoneKind.Promoted, $"Promote: Sentinel promoted the target {clock.Elapsed.TotalSeconds:0} s after the promotion timeout.");
                        await FinishFenceAsync(cancellationToken).ConfigureAwait(false);
                        await RemoveMarkerAsync().ConfigureAwait(false);
                        return new MigrationException(timeout.Kind,
                            $"{timeout.Message} Sentinel promoted the target {clock.Elapsed.TotalSeconds:0} s later; the old primary, which refused writes meanwhile, was fenced then.", timeout.Target, timeout)
                        { Remedy = "Check with Compare-RedisKeyspace that the new primary holds what the applications wrote; check Get-SentinelMaster." };
                }
                if (clock.Elapsed > limit)
                {
                    return new MigrationException(timeout.Kind,
                        $"{timeout.Message} Sentinel neither promoted the target nor gave up within {limit.TotalSeconds:0} s; the priorities were left as they are (the target armed) and the source still refuses writes.", timeout.Target, timeout)
                    { Remedy = "Check Get-SentinelMaster at once; when Sentinel names the source again with no failover in progress, run Invoke-SentinelFailover again: it puts everything back from the journal, writes included, and cuts over." };
                }
                await Task.Delay(CutoverTimings.LatePoll, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The Sentinels' views; null while one of them does not answer (the request may not even have reached them).</summary>
        private async Task<IReadOnlyList<SentinelMasterState>?> ReadSentinelsOrNullAsync(CancellationToken cancellationToken)
        {
            using var bound = SentinelCutover.Bound(cancellationToken, CutoverTimings.ConfirmProbe);
            try
            {
                return await Nodes.ReadSentinelsAsync(Options.MasterName, bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MigrationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return null;
            }
        }

        /// <summary>
        /// After a promotion timeout Sentinel may still promote the target at any moment, and a write the
        /// source acknowledged that the target had not applied yet would then be lost. So writes are closed
        /// on the source itself (min-replicas-to-write no replica count can reach: NOREPLICAS) before the pause
        /// is released, and stay closed until Sentinel gives up (everything is put back) or promotes (the
        /// fence): clients get errors, never a lost write. If writes cannot be closed, the pause is left to
        /// expire on its own.
        /// </summary>
        private async Task<IReadOnlyList<string>> ReleasePauseBehindClosedWritesAsync()
        {
            using var bound = new CancellationTokenSource(CutoverTimings.ConfirmProbe);
            try
            {
                await Nodes.SetMinReplicasAsync(MinReplicas.RefuseAll, bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MigrationException || ex is OperationCanceledException)
            {
                return new[] { $"NOT released: the write pause, as writes could not be closed first ({ex.Message}); it expires on its own" };
            }
            return new[] { $"closed: writes on the source ({MinReplicas.RefuseAll}) until Sentinel decides" }
                .Concat(await UndoAsync().ConfigureAwait(false)).ToList();
        }

        private static Exception WithRestored(Exception ex, IReadOnlyList<string> restored)
        {
            if (ex is not MigrationException known) return ex;
            var summary = restored.Count == 0 ? "Nothing had been changed." : string.Join("; ", restored) + ".";
            const string where = "The cutover stopped before the promotion.";
            // The journal stays on the source when any undo failed, so the next run can finish the job.
            var remedy = restored.Any(r => r.StartsWith(Rollback.NotRestored, StringComparison.Ordinal))
                ? "Run Invoke-SentinelFailover again once every node answers: it reads the journal the run left on the source and puts back what is still changed. " + known.Remedy
                : known.Remedy;
            return new MigrationException(known.Kind, $"{known.Message} {where} {summary}", known.Target, known) { Remedy = remedy, ServerError = known.ServerError };
        }
    }
}

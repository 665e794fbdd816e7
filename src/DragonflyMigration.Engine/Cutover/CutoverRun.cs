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
    /// <summary>
    /// One run of a plan. It holds the run's <see cref="CutoverState"/> and dispatches on it
    /// (<see cref="RunPhasesAsync"/>): Planned runs Arm, Armed runs Freeze, Frozen runs Promote, Promoted
    /// runs Fence, Fenced runs Confirm. Each phase observes through the port, asks
    /// <see cref="CutoverDecisions"/> what to do next and moves the state; every failure goes through the
    /// one abort path (<see cref="AbortAsync"/>), which undoes what the state allows and nothing past the
    /// point of no return.
    /// </summary>
    internal sealed class CutoverRun
    {
        private readonly SentinelCutover _cutover;
        private readonly CutoverPlan _plan;
        private readonly List<PhaseRecord> _phases = new List<PhaseRecord>();
        private readonly Rollback _rollback = new Rollback();
        private readonly Stopwatch _pause = new Stopwatch();
        private CutoverState _state = CutoverState.Planned;
        private CutoverPhase _phase = CutoverPhase.Arm;
        private bool _failoverTimeoutLowered;
        private CutoverMarker? _marker;
        private CutoverJournal? _journal;
        private FreezeRecord _freeze = new FreezeRecord();
        private TargetCondition? _caughtUp;
        private bool? _tiltAtCatchUp;
        private IReadOnlyList<string> _confirming = Array.Empty<string>();
        private readonly List<string> _warnings = new List<string>();
        private readonly List<string> _stranded = new List<string>();

        public CutoverRun(SentinelCutover cutover, CutoverPlan plan)
        {
            _cutover = cutover;
            _plan = plan;
            if (plan.Preflight != null) _phases.Add(plan.Preflight);
        }

        private ICutoverNodes Nodes => _cutover.Nodes;

        private CutoverOptions Options => _cutover.Options;

        private IOperationObserver Observer => _cutover.Observer;

        /// <summary>Where the run stands.</summary>
        public CutoverState State => _state;

        public async Task<CutoverResult> ExecuteAsync(CancellationToken cancellationToken)
        {
            try
            {
                await RunPhasesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MigrationException || ex is OperationCanceledException)
            {
                var thrown = await AbortAsync(ex, cancellationToken).ConfigureAwait(false);
                if (thrown == ex) throw;
                throw thrown;
            }
            // The cutover is done: a Sentinel that does not answer now costs the note, not the result.
            var states = await ReadSentinelsOrNullAsync(cancellationToken).ConfigureAwait(false);
            var note = states == null ? null : CutoverDecisions.FailoverNote(states, DateTimeOffset.UtcNow, _plan.TargetServesReplicas);
            if (note != null) Observer.Log(note);
            return new CutoverResult
            {
                MasterName = Options.MasterName,
                OldPrimary = Nodes.Source.ToString(),
                NewPrimary = Nodes.Target.ToString(),
                Phases = _phases.ToList(),
                WritePause = _pause.Elapsed,
                SourceOffsetAtFreeze = _freeze.SourceOffset,
                TargetOffsetAtFreeze = _freeze.TargetOffset,
                SourceKeysAtFreeze = _freeze.SourceKeys,
                Warnings = _warnings.ToList(),
                ConfirmingSentinels = _confirming,
                ExcludedReplicas = _plan.Excluded.Select(e => e.Endpoint.ToString()).ToList(),
                SentinelFailoverNote = note,
                UnpromotableReplicas = _stranded.ToList(),
            };
        }

        /// <summary>The dispatcher: runs the phase the state calls for until the cutover is confirmed.</summary>
        private async Task RunPhasesAsync(CancellationToken cancellationToken)
        {
            while (_state != CutoverState.Confirmed)
            {
                switch (_state)
                {
                    case CutoverState.Planned:
                        await PhaseAsync(CutoverPhase.Arm, ArmAsync, cancellationToken).ConfigureAwait(false);
                        break;
                    case CutoverState.Armed:
                        await PhaseAsync(CutoverPhase.Freeze, FreezeAsync, cancellationToken).ConfigureAwait(false);
                        break;
                    case CutoverState.Frozen:
                        await PhaseAsync(CutoverPhase.Promote, PromoteAsync, cancellationToken).ConfigureAwait(false);
                        break;
                    case CutoverState.Promoted:
                        await PhaseAsync(CutoverPhase.Fence, FenceAsync, cancellationToken).ConfigureAwait(false);
                        break;
                    case CutoverState.Fenced:
                        try
                        {
                            await PhaseAsync(CutoverPhase.Confirm, ConfirmAsync, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            // The target is primary from here whatever the Confirm phase found: nothing of the tool's stays on it.
                            await RemoveMarkerAsync().ConfigureAwait(false);
                        }
                        break;
                    default:
                        throw new InvalidOperationException($"No phase runs in {_state}.");
                }
            }
        }

        /// <summary>Moves the state along a legal transition (<see cref="CutoverStates.Transitions"/>).</summary>
        private void MoveTo(CutoverState next) => _state = CutoverStates.Check(_state, next);

        private void Reached(CutoverMilestoneKind kind, string message) =>
            Observer.Milestone(new CutoverMilestone(kind, _phase, _state, message));

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

        private Task PhaseAsync(CutoverPhase phase, Func<CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            _phase = phase;
            return _cutover.PhaseAsync<bool>(_phases, phase, _state, async ct => { await body(ct).ConfigureAwait(false); return true; }, cancellationToken);
        }

        // ---- Arm: make the target (alone) promotable, and wait until every Sentinel sees it ------

        private Task ArmAsync(CancellationToken cancellationToken) =>
            SentinelCutover.WithinAsync(Options.ArmTimeout, cancellationToken, async bound =>
            {
                var plan = _plan;
                var journal = await WriteJournalAsync(plan, bound).ConfigureAwait(false);
                // Departure from "restore afterwards": the lowered priorities are restored only when the cutover
                // stops before the promotion. After it these Redis replicas hold data the new primary will never
                // send them, so they stay unpromotable (docs/architecture.md#safety-invariants).
                // Each undo is registered before its change: a change whose answer is lost may have been made.
                foreach (var other in plan.Excluded.Select(e => e.Endpoint))
                {
                    var before = journal.Priorities[other];
                    _rollback.Add(RollbackStep.ReplicaPriority, $"replica-priority {before} on {other}", ct => Nodes.SetPriorityAsync(other, before, ct));
                    await Nodes.SetPriorityAsync(other, 0, bound).ConfigureAwait(false);
                    Observer.Log($"Arm: replica-priority 0 on {other} (was {before}).");
                }
                _rollback.Add(RollbackStep.TargetPriority, $"replica-priority {plan.TargetPriorityBefore} on the target {Nodes.Target}",
                    ct => Nodes.SetPriorityAsync(Nodes.Target.Endpoint, plan.TargetPriorityBefore, ct));
                await Nodes.SetPriorityAsync(Nodes.Target.Endpoint, plan.ArmPriority, bound).ConfigureAwait(false);
                Reached(CutoverMilestoneKind.TargetArmed, $"Arm: replica-priority {plan.ArmPriority} on the target; waiting for every Sentinel to see it.");

                var excluded = plan.Excluded.Select(e => e.Endpoint).ToList();
                while (!CutoverDecisions.Armed(await Nodes.ReadSentinelsAsync(Options.MasterName, bound).ConfigureAwait(false), Nodes.Target, excluded))
                    await Task.Delay(CutoverTimings.ArmPoll, bound).ConfigureAwait(false);
                return true;
            }, () => new MigrationException(MigrationErrorKind.ArmTimeout,
                $"Not every Sentinel saw the target as the replica to promote within {Options.ArmTimeout.TotalSeconds:0} s.", Nodes.Target.ToString())
            { Remedy = "Sentinel refreshes replica INFO every 10 s; check that every Sentinel reaches the target (Get-SentinelMaster shows why a replica is ineligible)." });

        /// <summary>
        /// Records, before the first change, everything the run may change and its value before, so a run
        /// that dies can be put back or finished by the next one (<see cref="CutoverJournal"/>).
        /// </summary>
        private async Task<CutoverJournal> WriteJournalAsync(CutoverPlan plan, CancellationToken cancellationToken)
        {
            // Another run may have started since the plan was made (while a prompt waited): its journal holds
            // the values before both runs, which this one must not overwrite.
            if (await Nodes.ReadJournalAsync(Nodes.Source.Endpoint, Options.MasterName, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                throw new MigrationException(MigrationErrorKind.CutoverInProgress,
                    $"Another cutover of '{Options.MasterName}' started at {existing.Started:u}, after this one was planned.", Nodes.Source.ToString())
                { Remedy = "Let it finish, then run Invoke-SentinelFailover again; it finishes or puts back what that run left." };
            }
            var priorities = new Dictionary<NodeEndpoint, long>();
            foreach (var other in plan.Excluded.Select(e => e.Endpoint))
                priorities[other] = await Nodes.ReadPriorityAsync(other, cancellationToken).ConfigureAwait(false) ?? ReplicationStopper.DefaultReplicaPriority;
            priorities[Nodes.Target.Endpoint] = plan.TargetPriorityBefore;
            var failoverTimeouts = new Dictionary<NodeEndpoint, long>();
            if (plan.LeaderFailoverTimeoutMilliseconds is long leaderTimeout) failoverTimeouts[plan.FailoverSentinel!] = leaderTimeout;
            var journal = new CutoverJournal(Nodes.Target.Endpoint, await Nodes.SourceClientIdAsync(cancellationToken).ConfigureAwait(false), DateTimeOffset.UtcNow,
                priorities, await Nodes.ReadMinReplicasAsync(cancellationToken).ConfigureAwait(false), failoverTimeouts, CutoverState.Armed);
            // Armed from the request on: an HSET whose answer is lost may have written the journal.
            MoveTo(CutoverState.Armed);
            _journal = journal;
            _rollback.Add(RollbackStep.Journal, "the cutover's journal on the source (DEL)", ct => Nodes.DeleteJournalAsync(Nodes.Source.Endpoint, Options.MasterName, ct));
            await Nodes.WriteJournalAsync(Options.MasterName, journal, cancellationToken).ConfigureAwait(false);
            Observer.Log($"Arm: journal {CutoverJournal.Key(Options.MasterName)} written on the source, with what this run changes and its values before.");
            return journal;
        }

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

        // ---- Fence: the old primary read-only and unpromotable, its clients cut, then unpause -------

        private Task FenceAsync(CancellationToken cancellationToken) => FinishFenceAsync(cancellationToken);

        /// <summary>
        /// The fence (<see cref="FenceFinish"/>), for the Fence phase and a late promotion alike: the pause ends
        /// with it, never by a rollback (past the point of no return the policy undoes nothing). Then the
        /// state is Fenced, recorded in the journal on the new primary for a run that has to finish this one.
        /// </summary>
        private async Task FinishFenceAsync(CancellationToken cancellationToken)
        {
            var excluded = _plan.Excluded.Select(e => e.Endpoint).ToList();
            var report = await FenceFinish.RunAsync(Nodes, _journal!.MinReplicas, _plan.TargetServesReplicas, _plan.OtherReplicas.Where(r => !excluded.Contains(r)), () =>
            {
                _pause.Stop();
                MoveTo(CutoverState.Fenced);
                Reached(CutoverMilestoneKind.WritesResumed, $"Fence: the old primary replicates the target, has replica-priority 0 and lost its clients; writes were paused {_pause.ElapsedMilliseconds} ms.");
            }, cancellationToken).ConfigureAwait(false);
            _stranded.AddRange(report.Stranded.Select(r => r.ToString()));
            foreach (var line in report.DescribeStranding()) Observer.Log("Fence: " + line + ".");
            if (report.FenceFailure != null) ExceptionDispatchInfo.Capture(report.FenceFailure).Throw();
            await RecordStateAsync(Nodes.Target.Endpoint).ConfigureAwait(false);
        }

        /// <summary>Records the state in the journal; bounded on its own, and a failure only gets a log line (the servers still tell the next run).</summary>
        private async Task RecordStateAsync(NodeEndpoint node)
        {
            using var bound = new CancellationTokenSource(CutoverTimings.ConfirmProbe);
            try
            {
                await Nodes.RecordStateAsync(node, Options.MasterName, _state, bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MigrationException || ex is OperationCanceledException)
            {
                Observer.Log($"{_phase}: the journal on {node} does not record the state {_state} ({ex.Message}).");
            }
        }

        // ---- Confirm: the target answers as primary and every Sentinel names it where clients read --

        /// <summary>
        /// Done when the target answers as primary and every Sentinel's SENTINEL MASTER names it: that is
        /// what redis-py reads (SENTINEL MASTERS), and it changes together with +switch-master, which
        /// StackExchange.Redis follows. GET-MASTER-ADDR-BY-NAME alone is not enough: the Sentinel running
        /// the failover answers it with the target from its reconf-slaves state on, while its clients still
        /// read the old primary until the failover ends (<see cref="CutoverPlan.EndsFailoverEarly"/>).
        /// </summary>
        private async Task ConfirmAsync(CancellationToken cancellationToken)
        {
            var confirmed = new SortedSet<int>();
            try
            {
                _confirming = await SentinelCutover.WithinAsync<IReadOnlyList<string>>(Options.ConfirmTimeout, cancellationToken, async bound =>
                {
                    while (true)
                    {
                        for (var i = 0; i < Nodes.Sentinels.Count; i++)
                        {
                            if (!confirmed.Contains(i) && Nodes.Target.Matches(await Nodes.ProbeSentinelMasterAsync(i, Options.MasterName, CutoverTimings.ConfirmProbe, bound).ConfigureAwait(false)))
                                confirmed.Add(i);
                        }
                        if (!confirmed.Contains(0)) await EndFailoverEarlyAsync(bound).ConfigureAwait(false);
                        var role = await Nodes.ProbeTargetRoleAsync(CutoverTimings.ConfirmProbe, bound).ConfigureAwait(false);
                        if (CutoverDecisions.Confirmed(role, confirmed.Count, Nodes.Sentinels.Count))
                        {
                            MoveTo(CutoverState.Confirmed);
                            Reached(CutoverMilestoneKind.Confirmed, $"Confirm: the target is primary and all {confirmed.Count} Sentinel(s) name it in SENTINEL MASTERS.");
                            await CheckPromotedTargetAsync(bound).ConfigureAwait(false);
                            return confirmed.Select(i => Nodes.Sentinels[i].ToString()).ToList();
                        }
                        await Task.Delay(CutoverTimings.ConfirmPoll, bound).ConfigureAwait(false);
                    }
                }, () => new MigrationException(MigrationErrorKind.ConfirmTimeout,
                    $"The target was promoted and the source fenced, but only {confirmed.Count} of {Nodes.Sentinels.Count} Sentinel(s) name it in SENTINEL MASTERS after {Options.ConfirmTimeout.TotalSeconds:0} s.", Nodes.Target.ToString())
                { Remedy = "A Sentinel switches when its failover ends (+switch-master). Check Get-SentinelMaster and the Sentinels' logs." }).ConfigureAwait(false);
            }
            finally
            {
                await RestoreFailoverTimeoutAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Lowers the failover-timeout of the Sentinel running the failover, once it names the target
        /// through GET-MASTER-ADDR-BY-NAME: it is then in reconf-slaves, past the promotion a low timeout
        /// could abort, and ends the failover at its next tick instead of waiting for replicas that can
        /// never sync from the target. Once only.
        /// </summary>
        private async Task EndFailoverEarlyAsync(CancellationToken cancellationToken)
        {
            if (!_plan.EndsFailoverEarly || _failoverTimeoutLowered) return;
            if (!Nodes.Target.Matches(await Nodes.ProbeSentinelPrimaryAsync(0, Options.MasterName, CutoverTimings.ConfirmProbe, cancellationToken).ConfigureAwait(false))) return;
            // Set before the request: one whose answer is lost may still have been applied, and is put back all the same.
            _failoverTimeoutLowered = true;
            try
            {
                await Nodes.SetFailoverTimeoutAsync(_plan.FailoverSentinel!, Options.MasterName, CutoverPlan.EndingFailoverTimeoutMilliseconds, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex)
            {
                // The cutover itself is done; only the clients' wait is longer.
                var warning = $"The Sentinel {_plan.FailoverSentinel} did not take failover-timeout {CutoverPlan.EndingFailoverTimeoutMilliseconds} ms ({ex.Message}): "
                    + $"it ends the failover, and clients reading SENTINEL MASTERS follow, only after {_plan.LeaderFailoverTimeoutMilliseconds} ms.";
                _warnings.Add(warning);
                Observer.Log("Confirm: " + warning);
                return;
            }
            Observer.Log($"Confirm: failover-timeout {CutoverPlan.EndingFailoverTimeoutMilliseconds} ms on the Sentinel {_plan.FailoverSentinel}, so it ends the failover now "
                + $"instead of waiting {_plan.LeaderFailoverTimeoutMilliseconds} ms for {string.Join(", ", _plan.OtherReplicas)} to sync from a primary they cannot replicate.");
        }

        /// <summary>Puts the lowered failover-timeout back; when that fails the journal stays, so the next run does it.</summary>
        private async Task RestoreFailoverTimeoutAsync()
        {
            if (!_failoverTimeoutLowered) return;
            using var bound = new CancellationTokenSource(CutoverTimings.ConfirmProbe + CutoverTimings.ConfirmProbe);
            try
            {
                await Nodes.SetFailoverTimeoutAsync(_plan.FailoverSentinel!, Options.MasterName, _plan.LeaderFailoverTimeoutMilliseconds!.Value, bound.Token).ConfigureAwait(false);
                _failoverTimeoutLowered = false;
                Observer.Log($"Confirm: failover-timeout {_plan.LeaderFailoverTimeoutMilliseconds} ms on the Sentinel {_plan.FailoverSentinel} again.");
            }
            catch (Exception ex) when (ex is MigrationException || ex is OperationCanceledException)
            {
                var warning = $"The failover-timeout of the Sentinel {_plan.FailoverSentinel} is still {CutoverPlan.EndingFailoverTimeoutMilliseconds} ms ({ex.Message}): "
                    + $"set it back with SENTINEL SET {Options.MasterName} failover-timeout {_plan.LeaderFailoverTimeoutMilliseconds}, or run Invoke-SentinelFailover again, which does it from the journal.";
                _warnings.Add(warning);
                Observer.Log("Confirm: " + warning);
            }
        }
    }
}

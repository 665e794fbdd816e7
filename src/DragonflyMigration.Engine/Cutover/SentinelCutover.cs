using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// Runs the zero-loss cutover as named phases (Preflight, Arm, Freeze, Promote, Fence, Confirm),
    /// each with its own timeout and log lines (docs/architecture.md#cutover-phases). It observes
    /// through <see cref="ICutoverNodes"/>, asks <see cref="CutoverPlanner"/> and
    /// <see cref="CutoverDecisions"/> what the observations mean, and undoes only through
    /// <see cref="Rollback"/>.
    /// </summary>
    public sealed class SentinelCutover
    {
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan PromotionProbeTimeout = TimeSpan.FromMilliseconds(150);
        private static readonly TimeSpan ConfirmProbeTimeout = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan DiscoveryPoll = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan ArmPoll = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan CatchUpPoll = TimeSpan.FromMilliseconds(5);
        private static readonly TimeSpan PromotionPoll = TimeSpan.FromMilliseconds(10);
        private static readonly TimeSpan ConfirmPoll = TimeSpan.FromMilliseconds(200);

        private readonly ICutoverNodes _nodes;
        private readonly CutoverOptions _options;
        private readonly IOperationObserver _observer;

        public SentinelCutover(NodeClient source, NodeClient target, IReadOnlyList<NodeClient> sentinels, CutoverOptions options, IOperationObserver observer)
            : this(new LiveCutoverNodes(source, target, sentinels, observer), options, observer)
        {
        }

        internal SentinelCutover(ICutoverNodes nodes, CutoverOptions options, IOperationObserver observer)
        {
            _nodes = nodes;
            _options = options;
            _observer = observer;
        }

        /// <summary>The read-only preflight: the plan a run follows, or why there can be none.</summary>
        public async Task<CutoverPlan> PlanAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (await AlreadyCompletedAsync(cancellationToken).ConfigureAwait(false))
                {
                    _observer.Log($"The Sentinels already name {_nodes.Target} as the primary of '{_options.MasterName}'; nothing to do.");
                    return CutoverPlanner.Completed(_nodes.Source, _nodes.Target, _nodes.Sentinels.Count, _options);
                }
                var phases = new List<PhaseRecord>();
                var plan = await PhaseAsync(phases, CutoverPhase.Preflight, PreflightAsync, cancellationToken).ConfigureAwait(false);
                plan.Preflight = phases[0];
                return plan;
            }
            finally
            {
                _nodes.CloseOpened();
            }
        }

        /// <summary>Plans, then runs the plan.</summary>
        public async Task<CutoverResult> RunAsync(CancellationToken cancellationToken) =>
            await RunAsync(await PlanAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        /// <summary>Carries out a plan from <see cref="PlanAsync"/>; a plan of a completed cutover changes nothing.</summary>
        public async Task<CutoverResult> RunAsync(CutoverPlan plan, CancellationToken cancellationToken)
        {
            try
            {
                return plan.AlreadyCompleted ? Completed() : await new Run(this, plan).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _nodes.CloseOpened();
            }
        }

        /// <summary>Re-running after a completed cutover reports success and changes nothing.</summary>
        private async Task<bool> AlreadyCompletedAsync(CancellationToken cancellationToken)
        {
            var role = await _nodes.ProbeTargetRoleAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
            if (role != NodeRole.Primary) return false;
            var primaries = new List<NodeEndpoint?>();
            for (var i = 0; i < _nodes.Sentinels.Count; i++)
                primaries.Add(await _nodes.ProbeSentinelPrimaryAsync(i, _options.MasterName, ReadTimeout, cancellationToken).ConfigureAwait(false));
            return CutoverDecisions.AlreadyCompleted(role, primaries, _nodes.Target);
        }

        private CutoverResult Completed() => new CutoverResult
        {
            MasterName = _options.MasterName, OldPrimary = _nodes.Source.ToString(), NewPrimary = _nodes.Target.ToString(),
            AlreadyCompleted = true, ConfirmingSentinels = _nodes.Sentinels.Select(s => s.ToString()).ToList(),
        };

        // ---- Preflight: read-only ----------------------------------------------------------------

        private async Task<CutoverPlan> PreflightAsync(CancellationToken cancellationToken)
        {
            using var bound = Bound(cancellationToken, _options.PreflightTimeout);
            try
            {
                var states = await _nodes.ReadSentinelsAsync(_options.MasterName, bound.Token).ConfigureAwait(false);
                // Sentinel learns of a new replica from the primary's INFO, every 10 s with default timers: wait for it.
                if (CutoverDecisions.NotListingTarget(states, _nodes.Target) != null)
                    _observer.Log("Preflight: waiting for every Sentinel to list the target as a replica.");
                while (CutoverDecisions.NotListingTarget(states, _nodes.Target) is { } missing)
                {
                    await DelayOrAsync(DiscoveryPoll, bound.Token, cancellationToken, () => new MigrationException(MigrationErrorKind.TargetNotSteady,
                        $"The Sentinel {missing.Sentinel} does not list the target {_nodes.Target} as a replica of '{_options.MasterName}' after {_options.PreflightTimeout.TotalSeconds:0} s.", _nodes.Target.ToString())
                    { Remedy = "Check the address the target announces to the primary (the primary's INFO replication lists it) and that every Sentinel can reach it." }).ConfigureAwait(false);
                    states = await _nodes.ReadSentinelsAsync(_options.MasterName, bound.Token).ConfigureAwait(false);
                }
                CutoverPlanner.CheckSentinels(states, _nodes.Source, _nodes.Target, _options);
                var seen = await SteadyAsync(bound.Token, cancellationToken).ConfigureAwait(false);
                var priority = await _nodes.ReadPriorityAsync(_nodes.Target, bound.Token).ConfigureAwait(false) ?? 0;
                var plan = CutoverPlanner.Plan(states, _nodes.Source, _nodes.Target, priority, seen.Describe(), _options);
                _observer.Log($"Preflight: {states.Count} Sentinel(s) agree on {_nodes.Source}; {plan.ReplicationSeen}; "
                    + (plan.Excluded.Count > 0 ? $"{plan.Excluded.Count} other replica(s) will be excluded." : "no other replica can win."));
                return plan;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MigrationException(MigrationErrorKind.TargetNotSteady,
                    $"The preflight did not finish within {_options.PreflightTimeout.TotalSeconds:0} s.", _nodes.Target.ToString())
                { Remedy = "Check Get-ReplicationStatus and Get-SentinelMaster; a server that answers slowly holds up the preflight." };
            }
        }

        /// <summary>Steady by the one definition (<see cref="SteadyJudge"/>), judged once over an acknowledgement window.</summary>
        private async Task<ReplicationSnapshot> SteadyAsync(CancellationToken bound, CancellationToken cancellationToken)
        {
            var judge = new SteadyJudge(_options.Steadiness);
            while (true)
            {
                var snapshot = await _nodes.ReadReplicationAsync(bound).ConfigureAwait(false);
                if (judge.Judge(snapshot)) return snapshot;
                await DelayOrAsync(_options.Steadiness.SampleInterval, bound, cancellationToken, () => new MigrationException(MigrationErrorKind.TargetNotSteady,
                    $"The target is not steady: {snapshot.Describe()}.", _nodes.Target.ToString())
                { Remedy = "Run Wait-ReplicationSteady first." }).ConfigureAwait(false);
            }
        }

        // ---- The run: Arm, Freeze, Promote, Fence, Confirm ------------------------------------------

        /// <summary>One run's state: its phases, its rollback, its write-pause clock.</summary>
        private sealed class Run
        {
            private readonly SentinelCutover _cutover;
            private readonly CutoverPlan _plan;
            private readonly List<PhaseRecord> _phases = new List<PhaseRecord>();
            private readonly Rollback _rollback = new Rollback();
            private readonly Stopwatch _pause = new Stopwatch();
            private bool _failoverRequested;

            public Run(SentinelCutover cutover, CutoverPlan plan)
            {
                _cutover = cutover;
                _plan = plan;
                if (plan.Preflight != null) _phases.Add(plan.Preflight);
            }

            private ICutoverNodes Nodes => _cutover._nodes;

            private CutoverOptions Options => _cutover._options;

            private IOperationObserver Observer => _cutover._observer;

            public async Task<CutoverResult> ExecuteAsync(CancellationToken cancellationToken)
            {
                var plan = _plan;
                (long? Source, long? Target) offsets = (null, null);
                try
                {
                    await PhaseAsync(CutoverPhase.Arm, ct => ArmAsync(plan, ct), cancellationToken).ConfigureAwait(false);
                    offsets = await PhaseAsync(CutoverPhase.Freeze, ct => FreezeAsync(plan, ct), cancellationToken).ConfigureAwait(false);
                    await PhaseAsync(CutoverPhase.Promote, ct => PromoteAsync(plan, ct), cancellationToken).ConfigureAwait(false);
                    await PhaseAsync(CutoverPhase.Fence, FenceAsync, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is MigrationException || ex is OperationCanceledException)
                {
                    var promotionTimedOut = ex is MigrationException { Kind: MigrationErrorKind.PromotionTimeout };
                    var restored = await _rollback.RunAsync(CutoverDecisions.ToUndo(_failoverRequested, promotionTimedOut)).ConfigureAwait(false);
                    foreach (var line in restored) Observer.Log(line);
                    if (_failoverRequested && !promotionTimedOut) throw;
                    if (promotionTimedOut) _pause.Stop();
                    throw WithRestored(ex, restored, _failoverRequested);
                }

                var confirming = await PhaseAsync(CutoverPhase.Confirm, ConfirmAsync, cancellationToken).ConfigureAwait(false);
                return new CutoverResult
                {
                    MasterName = Options.MasterName,
                    OldPrimary = Nodes.Source.ToString(),
                    NewPrimary = Nodes.Target.ToString(),
                    Phases = _phases.ToList(),
                    WritePause = _pause.Elapsed,
                    SourceOffsetAtFreeze = offsets.Source,
                    TargetOffsetAtFreeze = offsets.Target,
                    SentinelChoice = Nodes.Target.ToString(),
                    ConfirmingSentinels = confirming,
                    ExcludedReplicas = plan.Excluded.Select(e => e.Endpoint.ToString()).ToList(),
                };
            }

            private static Exception WithRestored(Exception ex, IReadOnlyList<string> restored, bool failoverRequested)
            {
                if (ex is not MigrationException known) return ex;
                var summary = restored.Count == 0 ? "Nothing had been changed." : string.Join("; ", restored) + ".";
                var where = failoverRequested ? "Sentinel accepted the failover but did not promote the target in time." : "The cutover stopped before the promotion.";
                return new MigrationException(known.Kind, $"{known.Message} {where} {summary}", known.Target, known) { Remedy = known.Remedy, ServerError = known.ServerError };
            }

            private Task<T> PhaseAsync<T>(CutoverPhase phase, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
                _cutover.PhaseAsync(_phases, phase, body, cancellationToken);

            private Task PhaseAsync(CutoverPhase phase, Func<CancellationToken, Task> body, CancellationToken cancellationToken) =>
                PhaseAsync<bool>(phase, async ct => { await body(ct).ConfigureAwait(false); return true; }, cancellationToken);

            // ---- Arm: make the target (alone) promotable, and wait until every Sentinel sees it ------

            private async Task<bool> ArmAsync(CutoverPlan plan, CancellationToken cancellationToken)
            {
                using var bound = Bound(cancellationToken, Options.ArmTimeout);
                try
                {
                    // Departure from "restore afterwards": the lowered priorities are restored only when the cutover
                    // stops before the promotion. After it these Redis replicas hold data the new primary will never
                    // send them, so they stay unpromotable (docs/architecture.md#safety-invariants).
                    foreach (var other in plan.Excluded.Select(e => e.Endpoint))
                    {
                        var before = await Nodes.ReadPriorityAsync(other, bound.Token).ConfigureAwait(false) ?? ReplicationStopper.DefaultReplicaPriority;
                        await Nodes.SetPriorityAsync(other, 0, bound.Token).ConfigureAwait(false);
                        _rollback.Add(RollbackStep.ReplicaPriority, other, $"replica-priority {before} on {other}", ct => Nodes.SetPriorityAsync(other, before, ct));
                        Observer.Log($"Arm: replica-priority 0 on {other} (was {before}).");
                    }
                    await Nodes.SetPriorityAsync(Nodes.Target, plan.ArmPriority, bound.Token).ConfigureAwait(false);
                    _rollback.Add(RollbackStep.TargetPriority, Nodes.Target, $"replica-priority {plan.TargetPriorityBefore} on the target {Nodes.Target}",
                        ct => Nodes.SetPriorityAsync(Nodes.Target, plan.TargetPriorityBefore, ct));
                    Observer.Log($"Arm: replica-priority {plan.ArmPriority} on the target; waiting for every Sentinel to see it.");

                    var excluded = plan.Excluded.Select(e => e.Endpoint).ToList();
                    while (!CutoverDecisions.Armed(await Nodes.ReadSentinelsAsync(Options.MasterName, bound.Token).ConfigureAwait(false), Nodes.Target, excluded))
                        await Task.Delay(ArmPoll, bound.Token).ConfigureAwait(false);
                    return true;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MigrationException(MigrationErrorKind.ArmTimeout,
                        $"Not every Sentinel saw the target as the replica to promote within {Options.ArmTimeout.TotalSeconds:0} s.", Nodes.Target.ToString())
                    { Remedy = "Sentinel refreshes replica INFO every 10 s; check that every Sentinel reaches the target (Get-SentinelMaster shows why a replica is ineligible)." };
                }
            }

            // ---- Freeze: pause writes and wait until the target has everything -----------------------

            /// <summary>
            /// Pauses writes. The server-side expiry is the safety limit (<see cref="CutoverPlan.PauseExpiry"/>),
            /// not -MaxWritePause: a pause that ran out between promotion and fencing would let the old
            /// primary take writes the new one never sees. -MaxWritePause bounds the catch-up; the
            /// expiry only matters if this process dies mid-cutover.
            /// </summary>
            private async Task<(long? Source, long? Target)> FreezeAsync(CutoverPlan plan, CancellationToken cancellationToken)
            {
                await Nodes.PauseWritesAsync(plan.PauseExpiry, cancellationToken).ConfigureAwait(false);
                _pause.Start();
                _rollback.Add(RollbackStep.WritePause, Nodes.Source, "writes on the source (CLIENT UNPAUSE)", ct => Nodes.UnpauseWritesAsync(ct));
                Observer.Log($"Freeze: writes paused on the source (expires on its own after {plan.PauseExpiry.TotalMilliseconds:0} ms).");

                // A stalled server must not hold the loop past the budget: every read is bounded by it.
                using var bound = Bound(cancellationToken, plan.CatchUpBudget);
                (long? Source, long? Target) offsets = (null, null);
                try
                {
                    while (true)
                    {
                        offsets = await Nodes.ReadOffsetsAsync(bound.Token).ConfigureAwait(false);
                        switch (CutoverDecisions.CatchUp(offsets.Source, offsets.Target, _pause.Elapsed, plan.CatchUpBudget))
                        {
                            case CatchUpStep.CaughtUp:
                                Observer.Log($"Freeze: the target has offset {offsets.Target} of {offsets.Source} after {_pause.ElapsedMilliseconds} ms.");
                                return offsets;
                            case CatchUpStep.TimedOut:
                                throw CatchUpTimeout(plan, offsets);
                        }
                        await Task.Delay(CatchUpPoll, bound.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw CatchUpTimeout(plan, offsets);
                }
            }

            private MigrationException CatchUpTimeout(CutoverPlan plan, (long? Source, long? Target) offsets) =>
                new MigrationException(MigrationErrorKind.CatchUpTimeout,
                    $"The target did not catch up within {plan.CatchUpBudget.TotalMilliseconds:0} ms of the write pause (offset {Known(offsets.Target)} of {Known(offsets.Source)}).", Nodes.Target.ToString())
                { Remedy = "Retry when the write rate is lower, or allow a longer -MaxWritePause (it must stay well below down-after-milliseconds)." };

            private static string Known(long? offset) => offset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";

            // ---- Promote --------------------------------------------------------------------------

            private async Task<bool> PromoteAsync(CutoverPlan plan, CancellationToken cancellationToken)
            {
                await Nodes.RequestFailoverAsync(Options.MasterName, cancellationToken).ConfigureAwait(false);
                _failoverRequested = true;
                Observer.Log($"Promote: SENTINEL FAILOVER sent to {Nodes.Sentinels[0]}.");

                var deadline = CutoverDecisions.FenceDeadline(plan.PauseExpiry);
                while (true)
                {
                    // Each look is bounded, so a slow answer is skipped rather than waited for.
                    var role = await Nodes.ProbeTargetRoleAsync(PromotionProbeTimeout, cancellationToken).ConfigureAwait(false);
                    var primary = role == NodeRole.Primary ? null
                        : await Nodes.ProbeSentinelPrimaryAsync(0, Options.MasterName, PromotionProbeTimeout, cancellationToken).ConfigureAwait(false);
                    switch (CutoverDecisions.Promotion(role, primary, Nodes.Source, Nodes.Target, _pause.Elapsed, deadline))
                    {
                        case PromotionStep.Promoted:
                            Observer.Log($"Promote: the target is primary after {_pause.ElapsedMilliseconds} ms of pause.");
                            return true;
                        case PromotionStep.OtherPromoted:
                            throw new MigrationException(MigrationErrorKind.UnexpectedPromotion, $"Sentinel promoted {primary}, not the target.", primary!.ToString());
                        case PromotionStep.TimedOut:
                            throw new MigrationException(MigrationErrorKind.PromotionTimeout,
                                $"Sentinel accepted the failover but the target was not primary within {_pause.Elapsed.TotalMilliseconds:0} ms of write pause; writes to the source were resumed and the source was not fenced.", Nodes.Target.ToString())
                            { Remedy = "If Sentinel promotes the target later, writes made to the old primary meanwhile are lost to it: check Get-SentinelMaster at once." };
                    }
                    await Task.Delay(PromotionPoll, cancellationToken).ConfigureAwait(false);
                }
            }

            // ---- Fence: the old primary read-only and unpromotable, its clients cut, then unpause -------

            private async Task FenceAsync(CancellationToken cancellationToken)
            {
                // From here the pause ends with the fence (its last step unpauses), never by a rollback.
                _rollback.Forget(RollbackStep.WritePause);
                await Nodes.FenceSourceAsync(cancellationToken).ConfigureAwait(false);
                _pause.Stop();
                Observer.Log($"Fence: the old primary replicates the target, has replica-priority 0 and lost its clients; writes were paused {_pause.ElapsedMilliseconds} ms.");
            }

            // ---- Confirm: the target answers as primary and every Sentinel names it ------------------

            private async Task<IReadOnlyList<string>> ConfirmAsync(CancellationToken cancellationToken)
            {
                using var bound = Bound(cancellationToken, Options.ConfirmTimeout);
                var confirmed = new SortedSet<int>();
                try
                {
                    while (true)
                    {
                        for (var i = 0; i < Nodes.Sentinels.Count; i++)
                        {
                            if (!confirmed.Contains(i) && Nodes.Target.Equals(await Nodes.ProbeSentinelPrimaryAsync(i, Options.MasterName, ConfirmProbeTimeout, bound.Token).ConfigureAwait(false)))
                                confirmed.Add(i);
                        }
                        var role = await Nodes.ProbeTargetRoleAsync(ConfirmProbeTimeout, bound.Token).ConfigureAwait(false);
                        if (CutoverDecisions.Confirmed(role, confirmed.Count, Nodes.Sentinels.Count))
                        {
                            Observer.Log($"Confirm: the target is primary and all {confirmed.Count} Sentinel(s) name it.");
                            return confirmed.Select(i => Nodes.Sentinels[i].ToString()).ToList();
                        }
                        await Task.Delay(ConfirmPoll, bound.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MigrationException(MigrationErrorKind.ConfirmTimeout,
                        $"The target was promoted and the source fenced, but only {confirmed.Count} of {Nodes.Sentinels.Count} Sentinel(s) name it after {Options.ConfirmTimeout.TotalSeconds:0} s.", Nodes.Target.ToString())
                    { Remedy = "Sentinels switch at +switch-master; with other Redis replicas that cannot follow Dragonfly this waits for failover-timeout. Check Get-SentinelMaster." };
                }
            }
        }

        /// <summary>Runs one phase: a log line at its start and end, progress, and its record in <paramref name="phases"/>.</summary>
        private async Task<T> PhaseAsync<T>(List<PhaseRecord> phases, CutoverPhase phase, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        {
            _observer.Log($"{phase}: starting.");
            _observer.Progress(phase.ToString(), $"Cutover of '{_options.MasterName}': {phase}", 100.0 * (int)phase / 6);
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await body(cancellationToken).ConfigureAwait(false);
                phases.Add(new PhaseRecord { Phase = phase, Duration = clock.Elapsed, Succeeded = true });
                _observer.Log($"{phase}: done in {clock.Elapsed.TotalMilliseconds:0} ms.");
                return result;
            }
            catch (Exception ex)
            {
                phases.Add(new PhaseRecord { Phase = phase, Duration = clock.Elapsed, Succeeded = false, Detail = ex.Message });
                _observer.Log($"{phase}: failed after {clock.Elapsed.TotalMilliseconds:0} ms: {ex.Message}");
                throw;
            }
        }

        private static CancellationTokenSource Bound(CancellationToken cancellationToken, TimeSpan timeout)
        {
            var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            return bound;
        }

        /// <summary>Waits; when the bound (not the caller) ends the wait, throws what <paramref name="timedOut"/> makes.</summary>
        private static async Task DelayOrAsync(TimeSpan delay, CancellationToken bound, CancellationToken cancellationToken, Func<MigrationException> timedOut)
        {
            try
            {
                await Task.Delay(delay, bound).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw timedOut();
            }
        }
    }
}

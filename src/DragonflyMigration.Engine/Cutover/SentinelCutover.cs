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
        private readonly ICutoverNodes _nodes;
        private readonly CutoverOptions _options;
        private readonly IOperationObserver _observer;

        internal ICutoverNodes Nodes => _nodes;

        internal CutoverOptions Options => _options;

        internal IOperationObserver Observer => _observer;

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
                if (SameServer.Is(_nodes.Source, _nodes.SourceIdentity, _nodes.Target, _nodes.TargetIdentity)) throw SameServer.Refusal(_nodes.Source, _nodes.Target);
                if (await AlreadyCompletedAsync(cancellationToken).ConfigureAwait(false))
                {
                    // A cutover moves the primary from Redis to Dragonfly, never back: a Dragonfly source with a
                    // Redis target named by every Sentinel is a swapped call, not a finished one.
                    if (_nodes.SourceIdentity.Flavor == ServerFlavor.Dragonfly && _nodes.TargetIdentity.Flavor != ServerFlavor.Dragonfly)
                    {
                        throw new MigrationException(MigrationErrorKind.SourceNotPrimary,
                            $"The Sentinels name the target {_nodes.Target}, a {_nodes.TargetIdentity.Flavor}, as the primary of '{_options.MasterName}', and the source {_nodes.Source} is a Dragonfly: -Source and -Target look swapped.", _nodes.Source.ToString())
                        { Remedy = "Give the Redis primary as -Source and the Dragonfly node as -Target; a cutover moves the primary onto Dragonfly, never back." };
                    }
                    var left = await ReadJournalAsync(_nodes.Target.Endpoint, cancellationToken).ConfigureAwait(false);
                    _observer.Log($"The Sentinels already name {_nodes.Target} as the primary of '{_options.MasterName}'; "
                        + (left == null ? "nothing to do." : "an earlier run stopped after SENTINEL FAILOVER: its fence is to be finished."));
                    return CutoverPlanner.Completed(_nodes.Source, _nodes.Target, _nodes.Sentinels.Count, _options, left);
                }
                var journal = await ReadJournalAsync(_nodes.Source.Endpoint, cancellationToken).ConfigureAwait(false);
                if (journal != null)
                {
                    await new InterruptedRun(_nodes, _options.MasterName, _observer).CheckSettledAsync(journal, cancellationToken).ConfigureAwait(false);
                    _observer.Log($"An earlier cutover of '{_options.MasterName}' stopped before the promotion; what it changed is put back first, then the preflight runs again.");
                    return CutoverPlanner.Interrupted(_nodes.Source, _nodes.Target, _nodes.Sentinels.Count, _options, journal);
                }
                var phases = new List<PhaseRecord>();
                var plan = await PhaseAsync(phases, CutoverPhase.Preflight, CutoverState.Planned, PreflightAsync, cancellationToken).ConfigureAwait(false);
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

        /// <summary>
        /// Carries out a plan from <see cref="PlanAsync"/>. A plan of a completed cutover changes nothing,
        /// unless an earlier run died after SENTINEL FAILOVER: then it finishes that run's fence. A plan of
        /// an interrupted run puts back what that run changed, plans again and cuts over.
        /// </summary>
        public async Task<CutoverResult> RunAsync(CutoverPlan plan, CancellationToken cancellationToken)
        {
            try
            {
                var interrupted = new InterruptedRun(_nodes, _options.MasterName, _observer);
                return plan.Kind switch
                {
                    CutoverPlanKind.AlreadyCompleted => Completed(Array.Empty<string>()),
                    CutoverPlanKind.FinishInterrupted => Completed(await interrupted.FinishAsync(plan.Interrupted!, cancellationToken).ConfigureAwait(false)),
                    CutoverPlanKind.RestoreInterrupted => await RestoreThenCutOverAsync(interrupted, plan.Interrupted!, cancellationToken).ConfigureAwait(false),
                    _ => await new CutoverRun(this, plan).ExecuteAsync(cancellationToken).ConfigureAwait(false),
                };
            }
            finally
            {
                _nodes.CloseOpened();
            }
        }

        private async Task<CutoverResult> RestoreThenCutOverAsync(InterruptedRun interrupted, CutoverJournal journal, CancellationToken cancellationToken)
        {
            var restored = await interrupted.RestoreAsync(journal, cancellationToken).ConfigureAwait(false);
            var fresh = await PlanAsync(cancellationToken).ConfigureAwait(false);
            if (fresh.Kind == CutoverPlanKind.RestoreInterrupted || fresh.Kind == CutoverPlanKind.FinishInterrupted)
            {
                throw new MigrationException(MigrationErrorKind.CutoverInProgress,
                    $"The journal of an interrupted cutover of '{_options.MasterName}' is still on the source after it was put back.", _nodes.Source.ToString())
                { Remedy = "Another run may have started meanwhile: check Get-SentinelMaster, then run Invoke-SentinelFailover again." };
            }
            var result = fresh.Kind == CutoverPlanKind.AlreadyCompleted ? Completed(Array.Empty<string>()) : await new CutoverRun(this, fresh).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.WithRecovered(restored);
        }

        /// <summary>
        /// The journal on a node. One that cannot be read stops the plan: cutting over without it could
        /// overwrite the values an interrupted run recorded.
        /// </summary>
        private Task<CutoverJournal?> ReadJournalAsync(NodeEndpoint node, CancellationToken cancellationToken) =>
            WithinAsync(CutoverTimings.PlanRead, cancellationToken, ct => _nodes.ReadJournalAsync(node, _options.MasterName, ct),
                () => new MigrationException(_nodes.Source.Matches(node) ? MigrationErrorKind.SourceUnreachable : MigrationErrorKind.TargetUnreachable,
                    $"{node} did not answer the read of the cutover journal {CutoverJournal.Key(_options.MasterName)} within {CutoverTimings.PlanRead.TotalSeconds:0} s.", node.ToString())
                { Remedy = "Check that the node answers (Get-ReplicationStatus), then run Invoke-SentinelFailover again." });

        /// <summary>Re-running after a completed cutover reports success.</summary>
        private async Task<bool> AlreadyCompletedAsync(CancellationToken cancellationToken)
        {
            var role = await _nodes.ProbeTargetRoleAsync(CutoverTimings.PlanRead, cancellationToken).ConfigureAwait(false);
            if (role != NodeRole.Primary) return false;
            var primaries = new List<NodeEndpoint?>();
            for (var i = 0; i < _nodes.Sentinels.Count; i++)
                primaries.Add(await _nodes.ProbeSentinelPrimaryAsync(i, _options.MasterName, CutoverTimings.PlanRead, cancellationToken).ConfigureAwait(false));
            return CutoverDecisions.AlreadyCompleted(role, primaries, _nodes.Target);
        }

        private CutoverResult Completed(IReadOnlyList<string> finished) => new CutoverResult
        {
            MasterName = _options.MasterName, OldPrimary = _nodes.Source.ToString(), NewPrimary = _nodes.Target.ToString(),
            AlreadyCompleted = true, ConfirmingSentinels = _nodes.Sentinels.Select(s => s.ToString()).ToList(), Recovered = finished,
        };

        // ---- Preflight: read-only ----------------------------------------------------------------

        private Task<CutoverPlan> PreflightAsync(CancellationToken cancellationToken) =>
            WithinAsync(_options.PreflightTimeout, cancellationToken, async bound =>
            {
                var states = await _nodes.ReadSentinelsAsync(_options.MasterName, bound).ConfigureAwait(false);
                // Sentinel learns of a new replica from the primary's INFO, every 10 s with default timers: wait for it.
                if (CutoverDecisions.NotListingTarget(states, _nodes.Target) != null)
                    _observer.Log("Preflight: waiting for every Sentinel to list the target as a replica.");
                while (CutoverDecisions.NotListingTarget(states, _nodes.Target) is { } missing)
                {
                    MigrationException NotListed() => new MigrationException(MigrationErrorKind.TargetNotListed,
                        $"The Sentinel {missing.Sentinel} does not list the target {_nodes.Target} as a replica of '{_options.MasterName}' after {_options.PreflightTimeout.TotalSeconds:0} s.", _nodes.Target.ToString())
                    { Remedy = "Check the address the target announces to the primary (the primary's INFO replication lists it) and that every Sentinel can reach it." };
                    await DelayOrAsync(CutoverTimings.DiscoveryPoll, bound, cancellationToken, NotListed).ConfigureAwait(false);
                    states = await LookOrAsync(() => _nodes.ReadSentinelsAsync(_options.MasterName, bound), bound, cancellationToken, NotListed).ConfigureAwait(false);
                }
                CutoverPlanner.CheckSentinels(states, _nodes.Source, _nodes.Target, _options);
                var seen = await SteadyAsync(bound, cancellationToken).ConfigureAwait(false);
                CutoverPlanner.CheckTargetReadable(seen);
                CutoverPlanner.CheckSentinelAccess(await _nodes.SentinelRefusalsOnTargetAsync(bound).ConfigureAwait(false), _nodes.Target);
                var priority = await _nodes.ReadPriorityAsync(_nodes.Target.Endpoint, bound).ConfigureAwait(false) ?? 0;
                var servesReplicas = await _nodes.TargetServesReplicasAsync(bound).ConfigureAwait(false);
                var plan = CutoverPlanner.Plan(states, _nodes.Source, _nodes.Target, priority, servesReplicas, seen, _options);
                _observer.Log($"Preflight: {states.Count} Sentinel(s) agree on {_nodes.Source}; {plan.ReplicationSeen}; "
                    + (plan.Excluded.Count > 0 ? $"{plan.Excluded.Count} other replica(s) will be excluded." : "no other replica can win."));
                return plan;
            }, () => new MigrationException(MigrationErrorKind.PreflightTimeout,
                $"The preflight did not finish within {_options.PreflightTimeout.TotalSeconds:0} s.", _nodes.Target.ToString())
            { Remedy = "Check Get-ReplicationStatus and Get-SentinelMaster; a server that answers slowly holds up the preflight." });

        /// <summary>Steady by the one definition (<see cref="SteadyJudge"/>), judged once over an acknowledgement window.</summary>
        private async Task<ReplicationSnapshot> SteadyAsync(CancellationToken bound, CancellationToken cancellationToken)
        {
            var judge = new SteadyJudge(_options.Steadiness);
            var snapshot = await _nodes.ReadReplicationAsync(bound).ConfigureAwait(false);
            while (!judge.Judge(snapshot))
            {
                var seen = snapshot;
                MigrationException NotSteady() => new MigrationException(MigrationErrorKind.TargetNotSteady, $"The target is not steady: {seen.Describe()}.", _nodes.Target.ToString())
                { Remedy = "Run Wait-ReplicationSteady first." };
                await DelayOrAsync(_options.Steadiness.SampleInterval, bound, cancellationToken, NotSteady).ConfigureAwait(false);
                snapshot = await LookOrAsync(() => _nodes.ReadReplicationAsync(bound), bound, cancellationToken, NotSteady).ConfigureAwait(false);
            }
            return snapshot;
        }

        /// <summary>Runs one phase: a milestone at its start, a log line at its end, progress, and its record in <paramref name="phases"/>.</summary>
        internal async Task<T> PhaseAsync<T>(List<PhaseRecord> phases, CutoverPhase phase, CutoverState state, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        {
            _observer.Milestone(new CutoverMilestone(CutoverMilestoneKind.PhaseStarted, phase, state, $"{phase}: starting: {CutoverPhases.Summary(phase)}"));
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

        /// <summary>
        /// Runs <paramref name="body"/> with a token that also ends after <paramref name="limit"/>; when the
        /// limit (not the caller) ends it, throws what <paramref name="timedOut"/> makes.
        /// </summary>
        internal static async Task<T> WithinAsync<T>(TimeSpan limit, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> body, Func<MigrationException> timedOut)
        {
            using var bound = Bound(cancellationToken, limit);
            try
            {
                return await body(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw timedOut();
            }
        }

        internal static CancellationTokenSource Bound(CancellationToken cancellationToken, TimeSpan timeout)
        {
            var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            return bound;
        }

        /// <summary>
        /// A look inside a bounded wait. When the bound (not the caller) ends it, throws what <paramref name="timedOut"/>
        /// makes: the reason the last look gave, whether the bound ran out between looks or during one.
        /// </summary>
        private static async Task<T> LookOrAsync<T>(Func<Task<T>> look, CancellationToken bound, CancellationToken cancellationToken, Func<MigrationException> timedOut)
        {
            try
            {
                return await look().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw timedOut();
            }
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

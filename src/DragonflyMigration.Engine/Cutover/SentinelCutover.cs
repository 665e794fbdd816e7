using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// The zero-loss cutover as named phases (Preflight, Arm, Freeze, Promote, Fence, Confirm), each
    /// with its own timeout and a log line (research note E; DESIGN.md section 2 items 2 to 8). Any
    /// failure before the promotion restores what was changed.
    /// </summary>
    public sealed class SentinelCutover
    {
        private readonly NodeClient _source;
        private readonly NodeClient _target;
        private readonly IReadOnlyList<NodeClient> _sentinels;
        private readonly CutoverOptions _options;
        private readonly IOperationObserver _observer;
        private readonly List<PhaseRecord> _phases = new List<PhaseRecord>();
        private readonly Rollback _rollback = new Rollback();
        private readonly List<NodeClient> _opened = new List<NodeClient>();

        /// <summary>Once Sentinel accepted the failover the promotion may happen at any moment: no rollback after that.</summary>
        private bool _failoverRequested;

        public SentinelCutover(NodeClient source, NodeClient target, IReadOnlyList<NodeClient> sentinels, CutoverOptions options, IOperationObserver observer)
        {
            _source = source;
            _target = target;
            _sentinels = sentinels;
            _options = options;
            _observer = observer;
        }

        public async Task<CutoverResult> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                var done = await AlreadyCompletedAsync(cancellationToken).ConfigureAwait(false);
                if (done != null) return done;
                return await RunPhasesAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var client in _opened) client.Dispose();
            }
        }

        /// <summary>The -WhatIf view: the preflight's checks (read-only) and the steps a run would take.</summary>
        public async Task<IReadOnlyList<string>> DescribeAsync(CancellationToken cancellationToken)
        {
            try
            {
                var done = await AlreadyCompletedAsync(cancellationToken).ConfigureAwait(false);
                if (done != null) return new[] { $"nothing: the Sentinels already name {done.NewPrimary} as the primary" };
                var plan = await PreflightAsync(cancellationToken).ConfigureAwait(false);
                var steps = new List<string>();
                steps.AddRange(plan.Excluded.Select(e => $"set replica-priority 0 on {e.Endpoint} (another replica Sentinel could choose)"));
                steps.Add($"set replica-priority {_options.ArmPriority} on the target {_target.Endpoint} and wait until every Sentinel would promote it");
                steps.Add($"CLIENT PAUSE WRITE on the source {_source.Endpoint}; wait until the target has its whole offset (at most {_options.MaxWritePause.TotalMilliseconds / 2:0} ms, else undo everything)");
                steps.Add($"SENTINEL FAILOVER {_options.MasterName} on {_sentinels[0].Endpoint}; wait until the target is primary");
                steps.Add($"fence the source: REPLICAOF the target, replica-priority 0, CLIENT KILL its clients, then CLIENT UNPAUSE");
                steps.Add($"confirm that all {_sentinels.Count} Sentinel(s) name the target");
                return steps;
            }
            finally
            {
                foreach (var client in _opened) client.Dispose();
                _opened.Clear();
            }
        }

        /// <summary>Re-running after a completed cutover reports success and changes nothing (invariant 7).</summary>
        private async Task<CutoverResult?> AlreadyCompletedAsync(CancellationToken cancellationToken)
        {
            var targetRole = ServerIdentity.FromInfo(await _target.InfoAsync("replication", cancellationToken).ConfigureAwait(false)).Role;
            if (targetRole != NodeRole.Primary) return null;
            var named = new List<string>();
            foreach (var sentinel in _sentinels)
            {
                var state = await SentinelInspector.ReadAsync(sentinel, _options.MasterName, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(state.Primary, _target.Endpoint.ToString(), StringComparison.OrdinalIgnoreCase)) return null;
                named.Add(sentinel.Endpoint.ToString());
            }
            _observer.Log($"The Sentinels already name {_target.Endpoint} as the primary of '{_options.MasterName}'; nothing to do.");
            return new CutoverResult
            {
                MasterName = _options.MasterName, OldPrimary = _source.Endpoint.ToString(), NewPrimary = _target.Endpoint.ToString(),
                AlreadyCompleted = true, ConfirmingSentinels = named,
            };
        }

        private async Task<CutoverResult> RunPhasesAsync(CancellationToken cancellationToken)
        {
            var plan = await PhaseAsync(CutoverPhase.Preflight, ct => PreflightAsync(ct), cancellationToken).ConfigureAwait(false);
            var pause = new Stopwatch();
            long? sourceOffset = null, targetOffset = null;
            try
            {
                await PhaseAsync(CutoverPhase.Arm, ct => ArmAsync(plan, ct), cancellationToken).ConfigureAwait(false);
                var pauseLimit = TimeSpan.FromMilliseconds(plan.DownAfterMilliseconds / 2);
                (sourceOffset, targetOffset) = await PhaseAsync(CutoverPhase.Freeze, ct => FreezeAsync(pause, pauseLimit, ct), cancellationToken).ConfigureAwait(false);
                await PhaseAsync(CutoverPhase.Promote, ct => PromoteAsync(pause, pauseLimit, ct), cancellationToken).ConfigureAwait(false);
                await PhaseAsync(CutoverPhase.Fence, ct => FenceAsync(pause, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_failoverRequested && (ex is MigrationException || ex is OperationCanceledException))
            {
                var restored = await _rollback.RunAsync().ConfigureAwait(false);
                foreach (var line in restored) _observer.Log(line);
                var summary = restored.Count == 0 ? "Nothing had been changed." : string.Join("; ", restored) + ".";
                if (ex is MigrationException known)
                {
                    throw new MigrationException(known.Kind, $"{known.Message} The cutover stopped before the promotion. {summary}", known.Target, known)
                    { Remedy = known.Remedy };
                }
                throw;
            }

            var confirming = await PhaseAsync(CutoverPhase.Confirm, ct => ConfirmAsync(ct), cancellationToken).ConfigureAwait(false);
            return new CutoverResult
            {
                MasterName = _options.MasterName,
                OldPrimary = _source.Endpoint.ToString(),
                NewPrimary = _target.Endpoint.ToString(),
                Phases = _phases.ToList(),
                WritePause = pause.Elapsed,
                SourceOffsetAtFreeze = sourceOffset,
                TargetOffsetAtFreeze = targetOffset,
                SentinelChoice = _target.Endpoint.ToString(),
                ConfirmingSentinels = confirming,
                ExcludedReplicas = plan.Excluded.Select(e => e.Endpoint).ToList(),
            };
        }

        private async Task<T> PhaseAsync<T>(CutoverPhase phase, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        {
            _observer.Log($"{phase}: starting.");
            _observer.Progress(phase.ToString(), $"Cutover of '{_options.MasterName}': {phase}", 100.0 * (int)phase / 6);
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await body(cancellationToken).ConfigureAwait(false);
                _phases.Add(new PhaseRecord { Phase = phase, Duration = clock.Elapsed, Succeeded = true });
                _observer.Log($"{phase}: done in {clock.Elapsed.TotalMilliseconds:0} ms.");
                return result;
            }
            catch (Exception ex)
            {
                _phases.Add(new PhaseRecord { Phase = phase, Duration = clock.Elapsed, Succeeded = false, Detail = ex.Message });
                _observer.Log($"{phase}: failed after {clock.Elapsed.TotalMilliseconds:0} ms: {ex.Message}");
                throw;
            }
        }

        private Task PhaseAsync(CutoverPhase phase, Func<CancellationToken, Task> body, CancellationToken cancellationToken) =>
            PhaseAsync<bool>(phase, async ct => { await body(ct).ConfigureAwait(false); return true; }, cancellationToken);

        private sealed class Plan
        {
            public long TargetPriorityBefore { get; init; }

            public IReadOnlyList<ReplicaCandidate> Excluded { get; init; } = Array.Empty<ReplicaCandidate>();

            public long DownAfterMilliseconds { get; init; }
        }

        // ---- Preflight: read-only checks -------------------------------------------------------

        private async Task<Plan> PreflightAsync(CancellationToken cancellationToken)
        {
            using var bound = Bound(cancellationToken, _options.PreflightTimeout);
            var target = _target.Endpoint.ToString();
            var states = await ReadSentinelsAsync(bound.Token).ConfigureAwait(false);
            // Sentinel learns of a new replica from the primary's INFO, every 10 s with default timers: wait for it.
            var announced = false;
            while (states.Any(s => !s.Replicas.Any(r => string.Equals(r.Endpoint, target, StringComparison.OrdinalIgnoreCase))))
            {
                if (!announced)
                {
                    _observer.Log("Preflight: waiting for every Sentinel to list the target as a replica.");
                    announced = true;
                }
                try
                {
                    await Task.Delay(500, bound.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    var missing = states.First(s => !s.Replicas.Any(r => string.Equals(r.Endpoint, target, StringComparison.OrdinalIgnoreCase)));
                    throw new MigrationException(MigrationErrorKind.TargetNotSteady,
                        $"The Sentinel {missing.Sentinel} does not list the target {target} as a replica of '{_options.MasterName}' after {_options.PreflightTimeout.TotalSeconds:0} s.", target)
                    { Remedy = "Check the address the target announces to the primary (the primary's INFO replication lists it) and that every Sentinel can reach it." };
                }
                states = await ReadSentinelsAsync(bound.Token).ConfigureAwait(false);
            }
            var source = _source.Endpoint.ToString();
            var wrong = states.FirstOrDefault(s => !string.Equals(s.Primary, source, StringComparison.OrdinalIgnoreCase));
            if (wrong != null)
            {
                throw new MigrationException(MigrationErrorKind.SentinelsDisagree,
                    $"The Sentinel {wrong.Sentinel} names {wrong.Primary} as the primary of '{_options.MasterName}', not the source {source}.", wrong.Sentinel)
                { Remedy = "Give the current primary as the source, and wait until every Sentinel agrees (Get-SentinelMaster)." };
            }
            if (states.Select(s => s.ConfigEpoch).Distinct().Count() > 1)
            {
                throw new MigrationException(MigrationErrorKind.SentinelsDisagree,
                    $"The Sentinels report different config epochs ({string.Join(", ", states.Select(s => $"{s.Sentinel}: {s.ConfigEpoch}"))}).", _options.MasterName)
                { Remedy = "Wait until they converge (Get-SentinelMaster)." };
            }
            var tilted = states.FirstOrDefault(s => s.InTilt);
            if (tilted != null)
            {
                throw new MigrationException(MigrationErrorKind.SentinelInTilt, $"The Sentinel {tilted.Sentinel} is in TILT mode and would not act.", tilted.Sentinel)
                { Remedy = "Wait until TILT ends (30 s after the clock or load problem that caused it)." };
            }
            var downAfter = states.Min(s => s.DownAfterMilliseconds);
            if (_options.MaxWritePause.TotalMilliseconds * 2 > downAfter)
            {
                throw new MigrationException(MigrationErrorKind.WritePauseTooLong,
                    $"-MaxWritePause {_options.MaxWritePause.TotalMilliseconds:0} ms is more than half of down-after-milliseconds ({downAfter} ms); the Sentinels could declare the paused source down.", _options.MasterName)
                { Remedy = "Lower -MaxWritePause, or raise down-after-milliseconds on every Sentinel for the cutover." };
            }

            var snapshot = await ReplicationSnapshotReader.ReadAsync(_source, _target, bound.Token).ConfigureAwait(false);
            if (snapshot.State != ReplicationState.Streaming || snapshot.LagBytes > _options.MaxPreflightLagBytes)
            {
                throw new MigrationException(MigrationErrorKind.TargetNotSteady, $"The target is not steady: {snapshot.Describe()}.", _target.Endpoint.ToString())
                { Remedy = "Run Wait-ReplicationSteady first." };
            }

            var threats = PromotionPredictor.Rivals(states, target, _options.ArmPriority);
            // Others with a worse priority cannot win while they keep it; those equal or better must go.
            var others = PromotionPredictor.Rivals(states, target);
            if (threats.Count > 0 && !_options.ExcludeOtherReplicas)
            {
                throw new MigrationException(MigrationErrorKind.OtherReplicaWouldWin,
                    $"Sentinel could promote {string.Join(", ", threats)} instead of the target.", threats[0].Endpoint)
                { Remedy = "Pass -ExcludeOtherReplicas to lower their replica-priority to 0 for the cutover, or lower it yourself." };
            }
            var priority = await ReplicationStarter.ReadPriorityAsync(_target, bound.Token).ConfigureAwait(false) ?? 0;
            _observer.Log($"Preflight: {states.Count} Sentinel(s) agree on {source}; the target lags {snapshot.LagBytes} bytes; "
                + (_options.ExcludeOtherReplicas && others.Count > 0 ? $"{others.Count} other replica(s) will be excluded." : "no other replica can win."));
            return new Plan { TargetPriorityBefore = priority, Excluded = _options.ExcludeOtherReplicas ? others : Array.Empty<ReplicaCandidate>(), DownAfterMilliseconds = downAfter };
        }

        private async Task<List<SentinelMasterState>> ReadSentinelsAsync(CancellationToken cancellationToken)
        {
            var states = new List<SentinelMasterState>();
            foreach (var sentinel in _sentinels)
            {
                try
                {
                    states.Add(await SentinelInspector.ReadAsync(sentinel, _options.MasterName, cancellationToken).ConfigureAwait(false));
                }
                catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
                {
                    throw new MigrationException(MigrationErrorKind.SentinelUnreachable, $"The Sentinel {sentinel.Endpoint} did not answer: {ex.Message}", sentinel.Endpoint.ToString(), ex)
                    { Remedy = "Every Sentinel must be reachable before a cutover; check it or leave it out of -Sentinel only if it is gone for good." };
                }
            }
            return states;
        }

        // ---- Arm: make the target (alone) promotable, and wait until every Sentinel sees it ----------

        private async Task ArmAsync(Plan plan, CancellationToken cancellationToken)
        {
            using var bound = Bound(cancellationToken, _options.ArmTimeout);
            // Departure from DESIGN.md invariant 6 ("restores it afterwards"): the lowered priorities are
            // restored only when the cutover stops before the promotion. After it, these Redis replicas
            // hold data the new primary will never send them, so they stay unpromotable.
            foreach (var other in plan.Excluded)
            {
                var client = await ConnectLikeSourceAsync(other.Endpoint, bound.Token).ConfigureAwait(false);
                var before = await ReplicationStarter.ReadPriorityAsync(client, bound.Token).ConfigureAwait(false) ?? 100;
                await SetPriorityAsync(client, 0, bound.Token).ConfigureAwait(false);
                _rollback.Add($"replica-priority {before} on {other.Endpoint}", ct => SetPriorityAsync(client, before, ct));
                _observer.Log($"Arm: replica-priority 0 on {other.Endpoint} (was {before}).");
            }
            await SetPriorityAsync(_target, _options.ArmPriority, bound.Token).ConfigureAwait(false);
            _rollback.Add($"replica-priority {plan.TargetPriorityBefore} on the target {_target.Endpoint}", ct => SetPriorityAsync(_target, plan.TargetPriorityBefore, ct));
            _observer.Log($"Arm: replica-priority {_options.ArmPriority} on the target; waiting for every Sentinel to see it.");

            var target = _target.Endpoint.ToString();
            var excluded = new HashSet<string>(plan.Excluded.Select(e => e.Endpoint), StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                var ready = true;
                foreach (var sentinel in _sentinels)
                {
                    var state = await SentinelInspector.ReadAsync(sentinel, _options.MasterName, bound.Token).ConfigureAwait(false);
                    var winner = state.PredictedPromotion;
                    var othersSeen = state.Replicas.Where(r => excluded.Contains(r.Endpoint)).All(r => r.Priority == 0);
                    if (winner == null || !string.Equals(winner.Endpoint, target, StringComparison.OrdinalIgnoreCase) || !othersSeen) ready = false;
                }
                if (ready) return;
                try
                {
                    await Task.Delay(200, bound.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MigrationException(MigrationErrorKind.ArmTimeout,
                        $"Not every Sentinel saw the target as the replica to promote within {_options.ArmTimeout.TotalSeconds:0} s.", target)
                    { Remedy = "Sentinel refreshes replica INFO every 10 s; check that every Sentinel reaches the target (Get-SentinelMaster shows why a replica is ineligible)." };
                }
            }
        }

        // ---- Freeze: pause writes and wait until the target has everything -----------------------

        /// <summary>
        /// Pauses writes. The server-side expiry is the safety limit (half of down-after-milliseconds),
        /// not -MaxWritePause: a pause that ran out between promotion and fencing would let the old
        /// primary take writes the new one never sees. -MaxWritePause bounds the catch-up; the
        /// expiry only matters if this process dies mid-cutover.
        /// </summary>
        private async Task<(long? Source, long? Target)> FreezeAsync(Stopwatch pause, TimeSpan pauseLimit, CancellationToken cancellationToken)
        {
            var limitMs = (long)pauseLimit.TotalMilliseconds;
            await _source.ExecuteAsync("CLIENT", new object[] { "PAUSE", limitMs.ToString(CultureInfo.InvariantCulture), "WRITE" }, cancellationToken).ConfigureAwait(false);
            pause.Start();
            _rollback.Add("writes on the source (CLIENT UNPAUSE)", ct => _source.ExecuteAsync("CLIENT", new object[] { "UNPAUSE" }, ct));
            _observer.Log($"Freeze: writes paused on the source (expires on its own after {limitMs} ms).");

            // Half the pause for catching up leaves the other half for promotion and fencing.
            var budget = TimeSpan.FromTicks(_options.MaxWritePause.Ticks / 2);
            var ownOffset = _target.Capabilities.TrustworthyReplicaOffset;
            // A stalled server must not hold the loop past the budget: every read is bounded by it.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(budget);
            try
            {
                return await CatchUpAsync(pause, budget, ownOffset, bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw CatchUpTimeout(budget, null, null);
            }
        }

        private MigrationException CatchUpTimeout(TimeSpan budget, long? targetOffset, long? sourceOffset) =>
            new MigrationException(MigrationErrorKind.CatchUpTimeout,
                $"The target did not catch up within {budget.TotalMilliseconds:0} ms of the write pause (offset {targetOffset?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} of {sourceOffset?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}).", _target.Endpoint.ToString())
            { Remedy = "Retry when the write rate is lower, or allow a longer -MaxWritePause (it must stay well below down-after-milliseconds)." };

        private async Task<(long? Source, long? Target)> CatchUpAsync(Stopwatch pause, TimeSpan budget, bool ownOffset, CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sourceInfo = await _source.InfoAsync("replication", cancellationToken).ConfigureAwait(false);
                var sourceOffset = sourceInfo.GetInt64("master_repl_offset");
                long? targetOffset;
                if (ownOffset)
                {
                    // The target reports what it has processed at once; the source hears of it only with the next ACK.
                    targetOffset = (await _target.InfoAsync("replication", cancellationToken).ConfigureAwait(false)).GetInt64("slave_repl_offset");
                }
                else
                {
                    var targetInfo = await _target.InfoAsync("server", cancellationToken).ConfigureAwait(false);
                    targetOffset = ReplicationSnapshotReader.Compute(_source.Endpoint, sourceInfo, _target.Endpoint, targetInfo, DateTimeOffset.Now).AcknowledgedOffset;
                }
                if (sourceOffset.HasValue && targetOffset.HasValue && targetOffset.Value >= sourceOffset.Value)
                {
                    _observer.Log($"Freeze: the target has offset {targetOffset} of {sourceOffset} after {pause.ElapsedMilliseconds} ms.");
                    return (sourceOffset, targetOffset);
                }
                if (pause.Elapsed > budget) throw CatchUpTimeout(budget, targetOffset, sourceOffset);
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }

        // ---- Promote --------------------------------------------------------------------------

        private async Task PromoteAsync(Stopwatch pause, TimeSpan pauseLimit, CancellationToken cancellationToken)
        {
            var sentinel = _sentinels[0];
            try
            {
                await sentinel.ExecuteAsync("SENTINEL", new object[] { "FAILOVER", _options.MasterName }, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
            {
                var why = ex.Message.IndexOf("INPROG", StringComparison.OrdinalIgnoreCase) >= 0 ? "a failover is already in progress"
                    : ex.Message.IndexOf("NOGOODSLAVE", StringComparison.OrdinalIgnoreCase) >= 0 ? "it found no replica it could promote"
                    : ex.Message.IndexOf("No such master", StringComparison.OrdinalIgnoreCase) >= 0 ? $"it monitors no primary named '{_options.MasterName}'"
                    : ex.Message;
                throw new MigrationException(MigrationErrorKind.FailoverRefused, $"The Sentinel {sentinel.Endpoint} refused the failover: {why}.", sentinel.Endpoint.ToString(), ex)
                { Remedy = "Check Get-SentinelMaster: the target must be listed, eligible and the predicted promotion on every Sentinel." };
            }
            _failoverRequested = true;
            _observer.Log($"Promote: SENTINEL FAILOVER sent to {sentinel.Endpoint}.");

            // Fencing must happen before the pause expires on its own.
            var deadline = pauseLimit - TimeSpan.FromMilliseconds(Math.Min(1000, pauseLimit.TotalMilliseconds / 5));
            var probe = _target;
            while (true)
            {
                // Sentinel's promotion kills the target's clients, ours included, and a killed connection can
                // take seconds to report it: each read is bounded, and a connection opened after the kill
                // replaces one that does not answer.
                var role = await TryRoleAsync(probe, PromotionProbeTimeout, cancellationToken).ConfigureAwait(false);
                if (role == null) probe = await TryConnectLikeTargetAsync(cancellationToken).ConfigureAwait(false) ?? probe;
                if (role == NodeRole.Primary)
                {
                    _observer.Log($"Promote: the target is primary after {pause.ElapsedMilliseconds} ms of pause.");
                    return;
                }
                // A Sentinel busy with the failover must not hold up the next look at the target: a slow answer is skipped.
                var primary = await TryPrimaryAsync(sentinel, PromotionProbeTimeout, cancellationToken).ConfigureAwait(false);
                if (primary != null
                    && !string.Equals(primary, _source.Endpoint.ToString(), StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(primary, _target.Endpoint.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    throw new MigrationException(MigrationErrorKind.UnexpectedPromotion, $"Sentinel promoted {primary}, not the target.", primary);
                }
                if (pause.Elapsed > deadline)
                {
                    await _source.ExecuteAsync("CLIENT", new object[] { "UNPAUSE" }, CancellationToken.None).ConfigureAwait(false);
                    pause.Stop();
                    throw new MigrationException(MigrationErrorKind.PromotionTimeout,
                        $"Sentinel accepted the failover but the target was not primary within {pause.Elapsed.TotalMilliseconds:0} ms of write pause; writes to the source were resumed and the source was not fenced.", _target.Endpoint.ToString())
                    { Remedy = "If Sentinel promotes the target later, writes made to the old primary meanwhile are lost to it: check Get-SentinelMaster at once and run Invoke-SentinelFailover again to fence and confirm." };
                }
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }

        private static readonly TimeSpan PromotionProbeTimeout = TimeSpan.FromMilliseconds(150);

        private static async Task<NodeRole?> TryRoleAsync(NodeClient node, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var bound = Bound(cancellationToken, timeout);
            try
            {
                return ServerIdentity.FromInfo(await node.InfoAsync("replication", bound.Token).ConfigureAwait(false)).Role;
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
            {
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        private async Task<NodeClient?> TryConnectLikeTargetAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await ConnectLikeTargetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException)
            {
                return null;
            }
        }

        private async Task<string?> TryPrimaryAsync(NodeClient sentinel, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var bound = Bound(cancellationToken, timeout);
            try
            {
                return await SentinelInspector.ReadPrimaryAsync(sentinel, _options.MasterName, bound.Token).ConfigureAwait(false);
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
            {
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        // ---- Fence: the old primary read-only and unpromotable, its clients cut, then unpause -------

        private async Task FenceAsync(Stopwatch pause, CancellationToken cancellationToken)
        {
            _rollback.Forget("writes on the source (CLIENT UNPAUSE)");
            await new SourceFence(_source, _target, _observer).RunAsync(cancellationToken).ConfigureAwait(false);
            pause.Stop();
            _observer.Log($"Fence: the old primary replicates the target, has replica-priority 0 and lost its clients; writes were paused {pause.ElapsedMilliseconds} ms.");
        }

        // ---- Confirm: the target answers as primary and every reachable Sentinel names it --------

        private async Task<IReadOnlyList<string>> ConfirmAsync(CancellationToken cancellationToken)
        {
            using var bound = Bound(cancellationToken, _options.ConfirmTimeout);
            var target = _target.Endpoint.ToString();
            var confirmed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                foreach (var sentinel in _sentinels.Where(s => !confirmed.Contains(s.Endpoint.ToString())))
                {
                    if (string.Equals(await TryPrimaryAsync(sentinel, TimeSpan.FromSeconds(1), bound.Token).ConfigureAwait(false), target, StringComparison.OrdinalIgnoreCase))
                        confirmed.Add(sentinel.Endpoint.ToString());
                }
                var role = await TryRoleAsync(_target, TimeSpan.FromSeconds(1), bound.Token).ConfigureAwait(false);
                if (role == null)
                {
                    var fresh = await TryConnectLikeTargetAsync(bound.Token).ConfigureAwait(false);
                    if (fresh != null) role = await TryRoleAsync(fresh, TimeSpan.FromSeconds(1), bound.Token).ConfigureAwait(false);
                }
                if (role == NodeRole.Primary && confirmed.Count == _sentinels.Count)
                {
                    _observer.Log($"Confirm: the target is primary and all {confirmed.Count} Sentinel(s) name it.");
                    return confirmed.ToList();
                }
                try
                {
                    await Task.Delay(200, bound.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MigrationException(MigrationErrorKind.ConfirmTimeout,
                        $"The target was promoted and the source fenced, but only {confirmed.Count} of {_sentinels.Count} Sentinel(s) name it after {_options.ConfirmTimeout.TotalSeconds:0} s.", target)
                    { Remedy = "Sentinels switch at +switch-master; with other Redis replicas that cannot follow Dragonfly this waits for failover-timeout. Check Get-SentinelMaster." };
                }
            }
        }

        private async Task<NodeClient> ConnectLikeSourceAsync(string endpoint, CancellationToken cancellationToken)
        {
            var client = await NodeConnector.ConnectAsync(NodeEndpoint.Parse(endpoint), _source.Settings, cancellationToken).ConfigureAwait(false);
            _opened.Add(client);
            return client;
        }

        private async Task<NodeClient> ConnectLikeTargetAsync(CancellationToken cancellationToken)
        {
            var client = await NodeConnector.ConnectAsync(_target.Endpoint, _target.Settings, cancellationToken).ConfigureAwait(false);
            _opened.Add(client);
            return client;
        }

        private static Task SetPriorityAsync(NodeClient node, long priority, CancellationToken cancellationToken) =>
            ReplicationStarter.SetConfigAsync(node, "replica-priority", priority.ToString(CultureInfo.InvariantCulture),
                "Start the node with the wanted replica priority.", cancellationToken);

        private static CancellationTokenSource Bound(CancellationToken cancellationToken, TimeSpan timeout)
        {
            var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            return bound;
        }
    }
}

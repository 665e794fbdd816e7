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
    /// <summary>The Fence and Confirm phases: the old primary fenced, then every Sentinel naming the target.</summary>
    internal sealed partial class CutoverRun
    {
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

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// What a run does with the journal an earlier run left (it died: kill -9, a crashed Azure
    /// Automation job). Before the promotion it puts everything back, so the cutover can start over;
    /// after it (Sentinel promoted the target without the dead run) it finishes the fence. Either way
    /// it says what it did (docs/architecture.md#cutover-phases).
    /// </summary>
    internal sealed class InterruptedRun
    {
        private readonly ICutoverNodes _nodes;
        private readonly string _masterName;
        private readonly IOperationObserver _observer;

        public InterruptedRun(ICutoverNodes nodes, string masterName, IOperationObserver observer)
        {
            _nodes = nodes;
            _masterName = masterName;
            _observer = observer;
        }

        /// <summary>
        /// Refuses while the run that wrote the journal may still be alive (its connection to the source is
        /// open and is not this run's), or while its failover may be under way.
        /// </summary>
        public async Task CheckSettledAsync(CutoverJournal journal, CancellationToken cancellationToken)
        {
            if (journal.OwnerClientId != await _nodes.SourceClientIdAsync(cancellationToken).ConfigureAwait(false)
                && await _nodes.SourceHasClientAsync(journal.OwnerClientId, cancellationToken).ConfigureAwait(false))
            {
                throw new MigrationException(MigrationErrorKind.CutoverInProgress,
                    $"Another cutover of '{_masterName}' started at {journal.Started:u} is still connected to the source {_nodes.Source} (client id {journal.OwnerClientId}).", _nodes.Source.ToString())
                { Remedy = "Let it finish; if its process is gone but its connection lingers, CLIENT KILL ID that client on the source and run Invoke-SentinelFailover again." };
            }
            // Putting back is right only while the source is still everyone's primary: once any Sentinel is in
            // the failover, names another primary, or the target answers as one, the promotion is under way.
            var states = await _nodes.ReadSentinelsAsync(_masterName, cancellationToken).ConfigureAwait(false);
            var busy = SentinelGroupRules.InFailover(states).Concat(states.Where(s => !_nodes.Source.Matches(s.Primary))).Select(s => s.Sentinel).Distinct().ToList();
            var promoted = await _nodes.ProbeTargetRoleAsync(CutoverTimings.InterruptedRunProbe, cancellationToken).ConfigureAwait(false) == NodeRole.Primary;
            if (busy.Count > 0 || promoted)
            {
                var who = busy.Count > 0 ? string.Join(", ", busy) : "the target";
                throw new MigrationException(MigrationErrorKind.FailoverInProgress,
                    $"An earlier cutover of '{_masterName}' was interrupted and its failover is still under way ({who}).", _nodes.Source.ToString())
                { Remedy = "Run Invoke-SentinelFailover again when every Sentinel names one primary with no failover in progress (Get-SentinelMaster shows it): it then finishes the cutover or puts everything back." };
            }
            if (CutoverStates.PastPointOfNoReturn(journal.State))
            {
                throw new MigrationException(MigrationErrorKind.CutoverInProgress,
                    $"The journal of an earlier cutover of '{_masterName}' on the source records the state {journal.State}, past SENTINEL FAILOVER, yet every Sentinel names the source with no failover in progress: putting back what it changed could make two primaries.", _nodes.Source.ToString())
                { Remedy = $"Check Get-SentinelMaster and Get-ReplicationStatus; once you know which node is primary, delete the key {CutoverJournal.Key(_masterName)} on the source and run Invoke-SentinelFailover again." };
            }
        }

        /// <summary>
        /// Before the promotion: what the dead run changed, put back by the rollback it would have run,
        /// rebuilt from its journal (<see cref="FromJournal"/>); the journal goes last, and only when every
        /// undo worked. An undo that fails stops the run with the journal kept, for the next one.
        /// </summary>
        public async Task<IReadOnlyList<string>> RestoreAsync(CutoverJournal journal, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lines = await FromJournal(journal).RunAsync(journal.State).ConfigureAwait(false);
            var failed = lines.Where(l => l.StartsWith(Rollback.NotRestored, StringComparison.Ordinal)).ToList();
            _observer.Log($"An earlier cutover of '{_masterName}' (started {journal.Started:u}, last recorded state {journal.State}) stopped before the promotion; put back: {string.Join("; ", lines)}.");
            if (failed.Count > 0)
            {
                throw new MigrationException(MigrationErrorKind.CommandFailed,
                    $"An earlier cutover of '{_masterName}' stopped before the promotion, and not all it changed could be put back: {string.Join("; ", failed)}. Its journal stays on the source.", _nodes.Source.ToString())
                { Remedy = "Run Invoke-SentinelFailover again once every node answers: it puts back what is left from the journal." };
            }
            return lines;
        }

        /// <summary>
        /// The rollback of a run that died before the promotion, from its journal: registered oldest first, so
        /// that it undoes the priorities (the target unpromotable again first), then the Sentinel's
        /// failover-timeout, the write fence and the pause, and deletes the journal last. The marker is not in
        /// the journal: it expires on its own.
        /// </summary>
        private Rollback FromJournal(CutoverJournal journal)
        {
            var rollback = new Rollback();
            rollback.Add(RollbackStep.Journal, "the cutover's journal on the source (DEL)", ct => _nodes.DeleteJournalAsync(_nodes.Source.Endpoint, _masterName, ct));
            rollback.Add(RollbackStep.WritePause, "writes on the source (CLIENT UNPAUSE)", ct => _nodes.UnpauseWritesAsync(ct));
            rollback.Add(RollbackStep.WriteFence, $"{journal.MinReplicas} on the source", ct => _nodes.SetMinReplicasAsync(journal.MinReplicas, ct));
            foreach (var timeout in journal.FailoverTimeouts.Reverse())
                rollback.Add(RollbackStep.FailoverTimeout, $"failover-timeout {timeout.Value} on the Sentinel {timeout.Key}", ct => _nodes.SetFailoverTimeoutAsync(timeout.Key, _masterName, timeout.Value, ct));
            foreach (var priority in journal.Priorities.Reverse())
            {
                var step = _nodes.Target.Matches(priority.Key) ? RollbackStep.TargetPriority : RollbackStep.ReplicaPriority;
                rollback.Add(step, $"replica-priority {priority.Value} on {priority.Key}", ct => _nodes.SetPriorityAsync(priority.Key, priority.Value, ct));
            }
            return rollback;
        }

        /// <summary>
        /// After the promotion: the fence finished as the live run finishes it (<see cref="FenceFinish"/>),
        /// then the Sentinel's failover-timeout put back and the journal deleted. An old primary that cannot
        /// be reached is reported, not fatal: it no longer takes writes.
        /// </summary>
        public async Task<IReadOnlyList<string>> FinishAsync(CutoverJournal journal, CancellationToken cancellationToken)
        {
            var lines = new List<string>();
            var servesReplicas = await _nodes.TargetServesReplicasAsync(cancellationToken).ConfigureAwait(false);
            var others = servesReplicas ? Array.Empty<NodeEndpoint>()
                : CutoverPlanner.OtherReplicas(await _nodes.ReadSentinelsAsync(_masterName, cancellationToken).ConfigureAwait(false), _nodes.Source, _nodes.Target);
            var report = await FenceFinish.RunAsync(_nodes, journal.MinReplicas, servesReplicas, others, null, cancellationToken).ConfigureAwait(false);
            lines.Add(report.FenceFailure == null
                ? $"fenced: the old primary {_nodes.Source} replicates the target, has replica-priority 0 and {journal.MinReplicas}"
                : $"NOT fenced: the old primary {_nodes.Source} ({report.FenceFailure.Message}); Complete-DragonflyMigration retires it");
            lines.AddRange(report.DescribeStranding());
            try
            {
                lines.AddRange(await RestoreFailoverTimeoutsAsync(journal, cancellationToken).ConfigureAwait(false));
                await _nodes.DeleteJournalAsync(_nodes.Target.Endpoint, _masterName, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex)
            {
                // The journal stays, so the next run puts the failover-timeout back.
                lines.Add($"NOT restored: the failover-timeout of {string.Join(", ", journal.FailoverTimeouts.Keys)} ({ex.Message}); run Invoke-SentinelFailover again");
            }
            _observer.Log($"An earlier cutover of '{_masterName}' (started {journal.Started:u}) stopped after SENTINEL FAILOVER (last recorded state {journal.State}) and Sentinel promoted the target; finished: {string.Join("; ", lines)}.");
            return lines;
        }

        /// <summary>The failover-timeout a run may have lowered to end its failover early, put back (the same value is harmless).</summary>
        private async Task<IReadOnlyList<string>> RestoreFailoverTimeoutsAsync(CutoverJournal journal, CancellationToken cancellationToken)
        {
            var lines = new List<string>();
            foreach (var timeout in journal.FailoverTimeouts)
            {
                await _nodes.SetFailoverTimeoutAsync(timeout.Key, _masterName, timeout.Value, cancellationToken).ConfigureAwait(false);
                lines.Add($"failover-timeout {timeout.Value} on the Sentinel {timeout.Key}");
            }
            return lines;
        }
    }
}

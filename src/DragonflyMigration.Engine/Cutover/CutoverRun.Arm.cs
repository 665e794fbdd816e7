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
    /// <summary>The Arm phase: the target alone promotable, seen by every Sentinel, and the journal written.</summary>
    internal sealed partial class CutoverRun
    {
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
    }
}

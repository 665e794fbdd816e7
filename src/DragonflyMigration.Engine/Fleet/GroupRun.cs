using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>
    /// Takes one group of a plan from where it stands up to a stage, with the steps and guarantees of the
    /// single-group cmdlets (its own pause, journal and rollback in the cutover). Where it stands is read from
    /// its servers first, so a run stopped anywhere (a job's three-hour stop, a killed process) is run again
    /// from the top and converges. Every failure becomes the group's outcome; only cancellation escapes.
    /// </summary>
    public sealed class GroupRun
    {
        private readonly PlannedGroup _group;
        private readonly ConnectionSettings _dataNodes;
        private readonly ConnectionSettings _sentinelSettings;
        private readonly IOperationObserver _observer;
        private readonly List<NodeClient> _opened = new List<NodeClient>();
        private NodeClient _source = null!;
        private NodeClient _target = null!;
        private List<NodeClient> _sentinels = new List<NodeClient>();
        private MigrationStage? _before;
        private MigrationStage? _now;
        private IReadOnlyList<CheckResult> _failedChecks = Array.Empty<CheckResult>();
        private CutoverResult? _cutover;

        private GroupRun(PlannedGroup group, ConnectionSettings dataNodes, ConnectionSettings sentinels, IOperationObserver observer)
        {
            _group = group;
            _dataNodes = dataNodes;
            _sentinelSettings = sentinels.IsSentinel ? sentinels : sentinels.AsSentinel();
            _observer = observer;
        }

        public static async Task<GroupOutcome> RunAsync(PlannedGroup group, ConnectionSettings dataNodes, ConnectionSettings sentinels, FleetStage stage, int wave,
            IOperationObserver observer, CancellationToken cancellationToken)
        {
            var run = new GroupRun(group, dataNodes, sentinels, observer);
            var clock = Stopwatch.StartNew();
            try
            {
                var detail = await run.AdvanceAsync(stage, cancellationToken).ConfigureAwait(false);
                run._observer.Log("Done: " + detail);
                return run.Outcome(stage, wave, clock.Elapsed, GroupResult.Succeeded, detail, null);
            }
            catch (MigrationException ex)
            {
                run._observer.Log("Failed: " + ex.Message);
                return run.Outcome(stage, wave, clock.Elapsed, GroupResult.Failed, ex.Message, ex);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // Not this tool's own error (a defect, a client-library surprise): still this group's alone.
                var error = new MigrationException(MigrationErrorKind.CommandFailed, $"'{group.MasterName}' stopped on an unexpected error: {ex.Message}", group.MasterName, ex);
                run._observer.Log("Failed: " + error.Message);
                return run.Outcome(stage, wave, clock.Elapsed, GroupResult.Failed, error.Message, error);
            }
            finally
            {
                foreach (var client in run._opened) client.Dispose();
            }
        }

        /// <summary>The outcome of a group that was not run because its wave never started.</summary>
        public static GroupOutcome NotRun(PlannedGroup group, FleetStage stage, int wave, string why) =>
            NotRun(group, stage, wave, GroupResult.Skipped, new MigrationException(MigrationErrorKind.WaveStopped, $"'{group.MasterName}' was not run: {why}.", group.MasterName));

        /// <summary>The outcome of a group that could not be run at all (its credential, say); no server was asked anything.</summary>
        public static GroupOutcome NotRun(PlannedGroup group, FleetStage stage, int wave, GroupResult result, MigrationException why) => new GroupOutcome
        {
            MasterName = group.MasterName, Source = group.Source, Target = group.Target, Requested = stage, Wave = wave,
            Result = result, Detail = why.Message, Error = why,
        };

        private GroupOutcome Outcome(FleetStage stage, int wave, TimeSpan duration, GroupResult result, string detail, MigrationException? error) => new GroupOutcome
        {
            MasterName = _group.MasterName, Source = _group.Source, Target = _group.Target, Requested = stage, Wave = wave,
            Result = result, StageBefore = _before, StageAfter = _now, Detail = detail, Error = error,
            FailedChecks = _failedChecks, Cutover = _cutover, Duration = duration,
        };

        private async Task<string> AdvanceAsync(FleetStage stage, CancellationToken cancellationToken)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var reading = await GroupStageReader.ReadAsync(_source, _target, _sentinels, _group.MasterName, cancellationToken).ConfigureAwait(false);
            _before = _now = reading.Stage;
            _observer.Log($"Stage {reading.Stage}: {reading.Detail}");
            switch (reading.Stage)
            {
                case MigrationStage.Broken:
                case MigrationStage.Elsewhere:
                    throw new MigrationException(MigrationErrorKind.GroupBlocked, $"'{_group.MasterName}' is {reading.Stage}: {reading.Detail}", _group.MasterName);
                case MigrationStage.CutOver:
                case MigrationStage.Completed:
                    if (stage < FleetStage.CutOver) return $"already {reading.Stage}: {reading.Detail}";
                    // Run again all the same: a cutover that died after SENTINEL FAILOVER left its fence to finish.
                    await CutOverAsync(cancellationToken).ConfigureAwait(false);
                    return stage == FleetStage.Completed ? await CompleteAsync(cancellationToken).ConfigureAwait(false) : "already cut over: " + reading.Detail;
            }
            if (reading.Stage == MigrationStage.NotStarted)
            {
                await CheckReadinessAsync(cancellationToken).ConfigureAwait(false);
                if (stage == FleetStage.Readiness) return "ready: no readiness check failed";
                await StartReplicationAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (stage == FleetStage.Readiness)
            {
                return $"already {reading.Stage}: readiness is checked before replication starts";
            }
            var steady = await WaitSteadyAsync(cancellationToken).ConfigureAwait(false);
            if (stage == FleetStage.Steady) return "replication steady: " + steady.Describe();
            await CutOverAsync(cancellationToken).ConfigureAwait(false);
            if (stage == FleetStage.CutOver) return CutoverSummary();
            return CutoverSummary() + "; " + await CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task ConnectAsync(CancellationToken cancellationToken)
        {
            _observer.Progress("Connecting", $"{_group.Source}, {_group.Target} and {_group.Sentinels.Count} Sentinel(s)", null);
            _source = await OpenAsync(_group.Source, _dataNodes, cancellationToken).ConfigureAwait(false);
            _target = await OpenAsync(_group.Target, _dataNodes, cancellationToken).ConfigureAwait(false);
            var sentinels = new List<NodeClient>();
            foreach (var sentinel in _group.Sentinels) sentinels.Add(await OpenAsync(sentinel, _sentinelSettings, cancellationToken).ConfigureAwait(false));
            _sentinels = sentinels;
        }

        private async Task<NodeClient> OpenAsync(NodeEndpoint endpoint, ConnectionSettings settings, CancellationToken cancellationToken)
        {
            var client = await NodeConnector.ConnectAsync(endpoint, settings, cancellationToken).ConfigureAwait(false);
            _opened.Add(client);
            return client;
        }

        /// <summary>Every check; a target the plan lets replication overwrite (ForceTarget) may hold keys.</summary>
        private async Task CheckReadinessAsync(CancellationToken cancellationToken)
        {
            _observer.Progress("Readiness", "checking", null);
            var results = await ReadinessAssessor.AssessAsync(_source, _target, _sentinels, _group.MasterName, new ReadinessThresholds { PlannedWritePause = _group.MaxWritePause }, ReadinessCatalog.All, _observer, cancellationToken).ConfigureAwait(false);
            _failedChecks = results.Where(r => r.Status == CheckStatus.Fail && !(_group.ForceTarget && r.Name == nameof(TopologyRules.TargetIsEmpty))).ToList();
            if (_failedChecks.Count == 0) return;
            throw new MigrationException(MigrationErrorKind.NotReady,
                $"'{_group.MasterName}' is not ready: " + string.Join(" ", _failedChecks.Select(c => $"{c.Name}: {c.Message}")), _group.MasterName);
        }

        private async Task StartReplicationAsync(CancellationToken cancellationToken)
        {
            _observer.Progress("Replication", $"starting {_group.Target} as a replica of {_group.Source}", null);
            var plan = await ReplicationStarter.PlanAsync(_source, _target, _group.ForceTarget, cancellationToken).ConfigureAwait(false);
            await ReplicationStarter.StartAsync(_source, _target, plan, _observer, cancellationToken).ConfigureAwait(false);
            _now = MigrationStage.Replicating;
        }

        private async Task<ReplicationSnapshot> WaitSteadyAsync(CancellationToken cancellationToken)
        {
            var criteria = new SteadyCriteria { StableFor = _group.StableFor, Timeout = _group.SteadyTimeout };
            var snapshot = await SteadyWaiter.WaitAsync(_source, _target, criteria, _observer, cancellationToken).ConfigureAwait(false);
            _now = MigrationStage.Steady;
            return snapshot;
        }

        private async Task CutOverAsync(CancellationToken cancellationToken)
        {
            var options = new CutoverOptions { MasterName = _group.MasterName, MaxWritePause = _group.MaxWritePause, ExcludeOtherReplicas = _group.ExcludeOtherReplicas };
            _cutover = await new SentinelCutover(_source, _target, _sentinels, options, _observer).RunAsync(cancellationToken).ConfigureAwait(false);
            _now = MigrationStage.CutOver;
        }

        private string CutoverSummary() => _cutover!.AlreadyCompleted
            ? "already cut over"
            : $"cut over with a write pause of {_cutover.WritePause.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";

        /// <summary>Complete-DragonflyMigration's own rule: the old nodes the new primary cannot serve are retired; nothing is shut down.</summary>
        private async Task<string> CompleteAsync(CancellationToken cancellationToken)
        {
            var plan = await MigrationCompletion.PlanAsync(_sentinels, _group.MasterName, null, _dataNodes, false, _observer, cancellationToken).ConfigureAwait(false);
            var retired = await MigrationCompletion.ApplyAsync(_sentinels, plan, _dataNodes, _observer, cancellationToken).ConfigureAwait(false);
            _now = MigrationStage.Completed;
            return retired.Count == 0 ? "completed: no old node to retire" : "completed: retired " + string.Join(", ", retired.Select(r => r.Endpoint));
        }
    }
}

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
    internal sealed partial class CutoverRun
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

        private Task PhaseAsync(CutoverPhase phase, Func<CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            _phase = phase;
            return _cutover.PhaseAsync<bool>(_phases, phase, _state, async ct => { await body(ct).ConfigureAwait(false); return true; }, cancellationToken);
        }
    }
}

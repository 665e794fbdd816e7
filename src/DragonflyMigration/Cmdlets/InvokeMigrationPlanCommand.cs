using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Fleet;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>
    /// Takes every group of a plan up to a stage (readiness, steady replication, cutover, completion), in
    /// parallel with a throttle and optionally in waves. Each group starts from where its servers say it
    /// stands and keeps its own guarantees; a group's failure is that group's result and error, and the
    /// others go on.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MigrationPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MigrationGroupResult))]
    public sealed class InvokeMigrationPlanCommand : EngineCmdlet
    {
        private readonly List<MigrationPlanGroup> _groups = new List<MigrationPlanGroup>();

        /// <summary>The groups to run: a plan from Import-MigrationPlan (its Groups) or some of its groups.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Groups")]
        [ValidateNotNullOrEmpty]
        public MigrationPlanGroup[] Group { get; set; } = Array.Empty<MigrationPlanGroup>();

        // A string, not the engine's enum: the engine assembly loads only after the module's cmdlets are read.
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet(nameof(FleetStage.Readiness), nameof(FleetStage.Steady), nameof(FleetStage.CutOver), nameof(FleetStage.Completed))]
        public string Stage { get; set; } = string.Empty;

        private FleetStage Goal => (FleetStage)Enum.Parse(typeof(FleetStage), Stage, true);

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaveSize { get; set; }

        /// <summary>The credentials a plan names as Parameter:key, under those keys.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Credential { get; set; }

        protected override string ProgressActivity => $"Migration plan: every group to {Stage}";

        protected override void ProcessRecord() => _groups.AddRange(Group);

        protected override void EndProcessing()
        {
            var duplicate = _groups.GroupBy(g => g.MasterName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    $"The group '{duplicate.Key}' is given {duplicate.Count()} times; each group runs once.", nameof(Group)));
            }
            var credentials = new PlanCredentials(this, Credential);
            var outcomes = new GroupOutcome?[_groups.Count];
            var toRun = new List<int>();
            // Resolved here, on the pipeline thread: the credential commands cannot run on the groups' threads.
            var resolved = new List<(ConnectionSettings DataNodes, ConnectionSettings Sentinels)>();
            for (var i = 0; i < _groups.Count; i++)
            {
                var group = _groups[i].Planned;
                var settings = credentials.TryResolve(group, out var failure);
                if (settings == null)
                {
                    outcomes[i] = GroupRun.NotRun(group, Goal, 0, GroupResult.Failed, failure!);
                    continue;
                }
                // Start-DragonflyReplication asks again before -Force discards a target's keys; here the one
                // question says so itself, so the answer covers what the plan's ForceTarget will do.
                var action = Describe(Goal) + (group.ForceTarget ? "; ForceTarget: keys the target holds are discarded when its replication starts" : string.Empty);
                if (Goal != FleetStage.Readiness && !this.Confirmed($"'{group.MasterName}' ({group.Source} to {group.Target})", action)) continue;
                toRun.Add(i);
                resolved.Add(settings.Value);
            }

            if (toRun.Count > 0)
            {
                var planned = toRun.Select(i => _groups[i].Planned).ToList();
                var done = 0;
                var ran = Await((token, observer) =>
                {
                    observer.Progress("Groups", $"0 of {planned.Count} done", 0);
                    return FleetScheduler.RunAsync(planned, Goal, ThrottleLimit, WaveSize > 0 ? WaveSize : (int?)null, async (index, wave, ct) =>
                    {
                        var group = planned[index];
                        var outcome = await GroupRun.RunAsync(group, resolved[index].DataNodes, resolved[index].Sentinels, Goal, wave,
                            Nested(observer, index + 2, $"'{group.MasterName}'", group.MasterName), ct).ConfigureAwait(false);
                        var finished = Interlocked.Increment(ref done);
                        observer.Progress("Groups", $"{finished} of {planned.Count} done", 100.0 * finished / planned.Count);
                        return outcome;
                    }, token);
                });
                for (var k = 0; k < toRun.Count; k++) outcomes[toRun[k]] = ran[k];
            }

            foreach (var outcome in outcomes)
            {
                if (outcome == null) continue;
                WriteObject(new MigrationGroupResult(outcome));
                if (outcome.Error != null) WriteError(outcome.Error, outcome.MasterName);
            }
        }

        private static string Describe(FleetStage stage) => stage switch
        {
            FleetStage.Steady => "check readiness, start replication onto the target and wait until it is steady",
            FleetStage.CutOver => "check readiness, replicate until steady, then cut over: Sentinel promotes the target behind a fenced write pause",
            _ => "check readiness, replicate until steady, cut over, then retire the old nodes from the Sentinels",
        };
    }
}

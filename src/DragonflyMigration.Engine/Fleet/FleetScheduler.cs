using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>
    /// Runs a plan's groups in parallel, at most <c>throttle</c> at a time, in waves of <c>waveSize</c> groups
    /// (all in one wave when none is given). A wave starts only once the one before it has ended with no failed
    /// group; after a failure the groups of later waves are not run and say why. Each group's run reports its
    /// own outcome, so one group's failure never ends the others.
    /// </summary>
    public static class FleetScheduler
    {
        public static async Task<IReadOnlyList<GroupOutcome>> RunAsync(
            IReadOnlyList<PlannedGroup> groups, FleetStage stage, int throttle, int? waveSize,
            Func<int, int, CancellationToken, Task<GroupOutcome>> runGroup, CancellationToken cancellationToken)
        {
            if (throttle < 1) throw new ArgumentOutOfRangeException(nameof(throttle), throttle, "At least one group runs at a time.");
            if (waveSize is < 1) throw new ArgumentOutOfRangeException(nameof(waveSize), waveSize, "A wave holds at least one group.");
            var outcomes = new GroupOutcome[groups.Count];
            var size = waveSize ?? Math.Max(1, groups.Count);
            using var slots = new SemaphoreSlim(throttle);
            string? stoppedBy = null;
            for (var start = 0; start < groups.Count; start += size)
            {
                var wave = start / size + 1;
                var members = Enumerable.Range(start, Math.Min(size, groups.Count - start)).ToList();
                if (stoppedBy != null)
                {
                    foreach (var i in members) outcomes[i] = GroupRun.NotRun(groups[i], stage, wave, stoppedBy);
                    continue;
                }
                await Task.WhenAll(members.Select(async i =>
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        outcomes[i] = await runGroup(i, wave, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                })).ConfigureAwait(false);
                var failed = members.Where(i => outcomes[i].Result == GroupResult.Failed).Select(i => groups[i].MasterName).ToList();
                if (failed.Count > 0) stoppedBy = $"wave {wave} had a failed group ({string.Join(", ", failed)})";
            }
            return outcomes;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// Finishing the fence once the target is primary, the one routine for the Fence phase, a late
    /// promotion and a run that finishes an interrupted one: the old primary replicates the target,
    /// unpromotable, without clients and with its min-replicas settings back (which ends the pause);
    /// then, when the new primary cannot serve Redis replicas, the other replicas made unpromotable
    /// (<see cref="ReplicaStranding"/>), after the pause so it does not lengthen it. A source that cannot
    /// be fenced does not spare the others: they are stranded all the same, and the failure is reported.
    /// </summary>
    internal static class FenceFinish
    {
        public static async Task<FenceReport> RunAsync(ICutoverNodes nodes, MinReplicas restore, bool targetServesReplicas,
            IEnumerable<NodeEndpoint> otherReplicas, Action? fenced, CancellationToken cancellationToken)
        {
            MigrationException? failure = null;
            try
            {
                await nodes.FenceSourceAsync(restore, cancellationToken).ConfigureAwait(false);
                fenced?.Invoke();
            }
            catch (MigrationException ex)
            {
                failure = ex;
            }
            var stranding = targetServesReplicas
                ? Array.Empty<(NodeEndpoint, string?)>()
                : await ReplicaStranding.RunAsync(nodes, otherReplicas, cancellationToken).ConfigureAwait(false);
            return new FenceReport(failure, stranding);
        }
    }

    /// <summary>What finishing the fence did: the source's fence failure (null when fenced) and each other replica's stranding.</summary>
    internal sealed class FenceReport
    {
        public FenceReport(MigrationException? fenceFailure, IReadOnlyList<(NodeEndpoint Replica, string? Failure)> stranding)
        {
            FenceFailure = fenceFailure;
            Stranding = stranding;
        }

        public MigrationException? FenceFailure { get; }

        public IReadOnlyList<(NodeEndpoint Replica, string? Failure)> Stranding { get; }

        /// <summary>The replicas made unpromotable.</summary>
        public IReadOnlyList<NodeEndpoint> Stranded => Stranding.Where(s => s.Failure == null).Select(s => s.Replica).ToList();

        /// <summary>One line per replica, as the operator reads it.</summary>
        public IReadOnlyList<string> DescribeStranding() =>
            Stranding.Select(s => s.Failure == null
                ? $"replica-priority 0 on {s.Replica}: it cannot replicate the new primary, so its data stops here"
                : $"NOT set: replica-priority 0 on {s.Replica} ({s.Failure}); Sentinel could still promote its stale data until Complete-DragonflyMigration retires it").ToList();
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// Makes Redis replicas unpromotable (replica-priority 0) once the new primary cannot serve them:
    /// their data stopped at the cutover. Used by the Fence phase, a late promotion and the run that
    /// finishes an interrupted one. Each replica is bounded on its own, and one that does not answer
    /// is reported, not fatal: Complete-DragonflyMigration retires it.
    /// </summary>
    internal static class ReplicaStranding
    {
        /// <summary>Each replica with whether it was set, and why not.</summary>
        public static async Task<IReadOnlyList<(NodeEndpoint Replica, string? Failure)>> RunAsync(ICutoverNodes nodes, IEnumerable<NodeEndpoint> replicas, CancellationToken cancellationToken)
        {
            var outcomes = new List<(NodeEndpoint, string?)>();
            foreach (var replica in replicas)
            {
                using var bound = SentinelCutover.Bound(cancellationToken, CutoverTimings.StrandingStep);
                try
                {
                    await nodes.SetPriorityAsync(replica, 0, bound.Token).ConfigureAwait(false);
                    outcomes.Add((replica, null));
                }
                catch (Exception ex) when (ex is MigrationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    outcomes.Add((replica, ex is MigrationException ? ex.Message : $"no answer within {CutoverTimings.StrandingStep.TotalSeconds:0} s"));
                }
            }
            return outcomes;
        }
    }
}

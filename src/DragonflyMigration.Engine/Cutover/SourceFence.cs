using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// Fences the old primary while its writes are still paused, in two transactions, two round trips
    /// inside the pause: first REPLICAOF the target, replica-priority 0 and its clients cut; then, only once
    /// the first succeeded, its min-replicas settings put back (a replica ignores them, and they must not
    /// outlive the cutover) and CLIENT UNPAUSE. Sentinel converts the old primary to a replica at about the
    /// same moment and its CLIENT KILL cuts our connection too; so each transaction is bounded and, when it
    /// gets no answer, runs again on a new connection. Everything in them is idempotent. A refusal is not
    /// retried, and a fence that fails never unpauses: the pause then ends on its own.
    /// </summary>
    internal sealed class SourceFence
    {
        private const int Attempts = 4;

        private readonly NodeClient _source;
        private readonly NodeClient _target;
        private readonly MinReplicas _restore;
        private readonly IOperationObserver _observer;

        public SourceFence(NodeClient source, NodeClient target, MinReplicas restore, IOperationObserver observer)
        {
            _source = source;
            _target = target;
            _restore = restore;
            _observer = observer;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var demote = new List<(string, object[])>
            {
                ("REPLICAOF", new object[] { _target.Endpoint.Host, _target.Endpoint.Port.ToString(CultureInfo.InvariantCulture) }),
                ("CONFIG", new object[] { "SET", "replica-priority", "0" }),
                ("CLIENT", new object[] { "KILL", "TYPE", "normal" }),
                ("CLIENT", new object[] { "KILL", "TYPE", "pubsub" }),
            };
            var release = _restore.ConfigSetCommands().Concat(new[] { ("CLIENT", new object[] { "UNPAUSE" }) }).ToList();
            using var node = new ReconnectingNode(_source, CutoverTimings.FenceReconnect);
            await RunStepAsync(node, "REPLICAOF the target, replica-priority 0, CLIENT KILL", (n, ct) => n.ExecuteTransactionAsync(demote, ct), cancellationToken).ConfigureAwait(false);
            await RunStepAsync(node, _restore + ", CLIENT UNPAUSE", (n, ct) => n.ExecuteTransactionAsync(release, ct), cancellationToken).ConfigureAwait(false);
        }

        private async Task RunStepAsync(ReconnectingNode node, string name, Func<NodeClient, CancellationToken, Task> run, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await node.TryAsync(run, CutoverTimings.FenceStep, cancellationToken).ConfigureAwait(false)) return;
                if (attempt == Attempts)
                {
                    throw new MigrationException(MigrationErrorKind.FenceFailed,
                        $"The old primary {_source.Endpoint} did not answer '{name}' in {Attempts} attempts; the target is already primary.", _source.Endpoint.ToString())
                    { Remedy = "Writes to the old primary resume when its pause expires and are lost to the new primary: make it a replica of the target (REPLICAOF), or stop it, at once." };
                }
                _observer.Log($"Fence: '{name}' got no answer within {CutoverTimings.FenceStep.TotalMilliseconds:0} ms; trying again on a new connection.");
            }
        }
    }
}

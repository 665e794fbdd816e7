using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Replication
{
    /// <summary>What starting replication would do, worked out from the servers' current state.</summary>
    public sealed class ReplicationPlan
    {
        internal ReplicationPlan(ReplicationSnapshot current, bool alreadyReplicating, IReadOnlyList<string> steps, long? targetPriority, long discardedKeys = 0)
        {
            Current = current;
            AlreadyReplicating = alreadyReplicating;
            Steps = steps;
            TargetPriorityBefore = targetPriority;
            DiscardedKeys = discardedKeys;
        }

        public ReplicationSnapshot Current { get; }

        /// <summary>The target already replicates the source: at most its replica-priority still needs setting to 0.</summary>
        public bool AlreadyReplicating { get; }

        /// <summary>The changes the start would make, in order, as an operator would read them.</summary>
        public IReadOnlyList<string> Steps { get; }

        /// <summary>The target's <c>replica-priority</c> before the start, to restore on abort.</summary>
        public long? TargetPriorityBefore { get; }

        /// <summary>The keys the target holds that replication deletes (only with -Force).</summary>
        public long DiscardedKeys { get; }
    }

    /// <summary>
    /// Makes the target a replica of the source, safely: checks first, then <c>replica-priority 0</c>
    /// (docs/architecture.md#safety-invariants, 2), then the credentials to reach the source, then <c>REPLICAOF</c>, sent
    /// as a raw command so nothing is written to the source.
    /// </summary>
    public static class ReplicationStarter
    {
        /// <summary>Reads both servers and checks every precondition; changes nothing.</summary>
        public static async Task<ReplicationPlan> PlanAsync(NodeClient source, NodeClient target, bool force, CancellationToken cancellationToken)
        {
            var sourceInfo = await source.InfoAsync(null, cancellationToken).ConfigureAwait(false);
            var targetInfo = await target.InfoAsync(null, cancellationToken).ConfigureAwait(false);
            var snapshot = ReplicationSnapshotReader.Compute(source.Addresses, sourceInfo, target.Addresses, targetInfo, DateTimeOffset.Now);
            var sourceIdentity = ServerIdentity.FromInfo(sourceInfo);
            var targetIdentity = ServerIdentity.FromInfo(targetInfo);

            if (sourceIdentity.Role != NodeRole.Primary)
            {
                throw new MigrationException(MigrationErrorKind.SourceNotPrimary,
                    $"The source {source.Endpoint} is a {sourceIdentity.Role}, not a primary.", source.Endpoint.ToString())
                { Remedy = "Give the current primary as -Source (Get-SentinelMaster or SENTINEL GET-MASTER-ADDR-BY-NAME names it)." };
            }
            if (SameServer.Is(source.Addresses, sourceIdentity, target.Addresses, targetIdentity)) throw SameServer.Refusal(source.Addresses, target.Addresses);
            if (snapshot.State != ReplicationState.NotReplicating)
            {
                // Replicating already (a hand-run REPLICAOF, Dragonfly's --replicaof): it still needs the shield.
                var current = await ServerConfig.ReadReplicaPriorityAsync(target, cancellationToken).ConfigureAwait(false);
                return current == 0
                    ? new ReplicationPlan(snapshot, true, Array.Empty<string>(), null)
                    : new ReplicationPlan(snapshot, true, new[] { $"set replica-priority 0 on {target.Endpoint} (was {current?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}): it replicates the source already" }, current);
            }
            if (snapshot.TargetPrimary != null && !force)
            {
                throw new MigrationException(MigrationErrorKind.TargetReplicatesOther,
                    $"The target {target.Endpoint} replicates {snapshot.TargetPrimary}, not the source {source.Endpoint}.", target.Endpoint.ToString())
                { Remedy = "Check that this is the right target; -Force switches it to the source and discards its data." };
            }
            var keys = Keyspace.PerDatabase(targetInfo);
            if (keys.Count > 0 && !force)
            {
                var detail = string.Join(", ", keys.Select(k => $"{k.Key}: {k.Value.ToString("N0", CultureInfo.InvariantCulture)}"));
                throw new MigrationException(MigrationErrorKind.TargetNotEmpty,
                    $"The target {target.Endpoint} holds {keys.Values.Sum().ToString("N0", CultureInfo.InvariantCulture)} keys ({detail}); replication would delete them.", target.Endpoint.ToString())
                { Remedy = "Empty the target, or pass -Force to let replication replace its data." };
            }

            var priority = await ServerConfig.ReadReplicaPriorityAsync(target, cancellationToken).ConfigureAwait(false);
            var steps = new List<string> { $"set replica-priority 0 on {target.Endpoint} (was {priority?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})" };
            if (source.Settings.HasPassword)
            {
                steps.Add(source.Settings.EffectiveUser == null
                    ? $"set masterauth on {target.Endpoint} so it can authenticate to the source"
                    : $"set masteruser {source.Settings.EffectiveUser} and masterauth on {target.Endpoint}");
            }
            if (keys.Count > 0) steps.Add($"discard the {keys.Values.Sum().ToString("N0", CultureInfo.InvariantCulture)} keys the target holds (-Force)");
            steps.Add($"REPLICAOF {source.Endpoint.Host} {source.Endpoint.Port} on {target.Endpoint}");
            return new ReplicationPlan(snapshot, false, steps, priority, keys.Values.Sum());
        }

        /// <summary>Carries out a plan from <see cref="PlanAsync"/>.</summary>
        public static async Task<ReplicationSnapshot> StartAsync(NodeClient source, NodeClient target, ReplicationPlan plan, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (plan.AlreadyReplicating)
            {
                if (plan.Steps.Count > 0)
                {
                    await ServerConfig.SetReplicaPriorityAsync(target, 0, cancellationToken).ConfigureAwait(false);
                    observer.Log($"{target.Endpoint} already replicates {source.Endpoint}; set its replica-priority to 0 so Sentinel cannot promote it before the cutover.");
                    return await ReplicationSnapshotReader.ReadAsync(source, target, cancellationToken).ConfigureAwait(false);
                }
                observer.Log($"{target.Endpoint} already replicates {source.Endpoint}; nothing changed.");
                return plan.Current;
            }

            await ServerConfig.SetReplicaPriorityAsync(target, 0, cancellationToken).ConfigureAwait(false);
            observer.Log($"Set replica-priority 0 on {target.Endpoint}: Sentinel will not promote it while it syncs.");

            if (source.Settings.HasPassword)
            {
                var hint = "Start the target with --masterauth (and --masteruser) for the source's credentials.";
                if (source.Settings.EffectiveUser != null)
                    await ServerConfig.SetAsync(target, "masteruser", source.Settings.EffectiveUser, hint, cancellationToken).ConfigureAwait(false);
                await ServerConfig.SetAsync(target, "masterauth", source.Settings.Password!, hint, cancellationToken).ConfigureAwait(false);
                observer.Log($"Gave {target.Endpoint} the credentials to reach the source.");
            }

            await target.ExecuteAsync("REPLICAOF", new object[] { source.Endpoint.Host, source.Endpoint.Port.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
            observer.Log($"{target.Endpoint} now replicates {source.Endpoint}.");
            return await ReplicationSnapshotReader.ReadAsync(source, target, cancellationToken).ConfigureAwait(false);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// What a cutover found before it changed anything, kept on the source as one hash written before
    /// the first change: the replica-priorities it changes and the source's min-replicas settings. A
    /// run that dies (kill -9, a crashed Azure Automation job) leaves it behind, and the next run reads
    /// it to put things back or to finish, without guessing (docs/architecture.md#cutover-phases). It
    /// replicates to the target, so after a promotion the new primary holds it; a completed or rolled
    /// back run deletes it. It records the run's <see cref="CutoverState"/> wherever a write can reach it:
    /// Armed when written, Frozen in the transaction that pauses writes, Fenced on the new primary. In
    /// between nothing can be written (the source refuses writes, the target is a read-only replica), so
    /// the next run reads those states from the servers (<see cref="InterruptedRun"/>).
    /// </summary>
    public sealed class CutoverJournal
    {
        private const string KeyPrefix = "dragonfly-migration:cutover-journal:";
        private const string PriorityPrefix = "priority:";
        private const string FailoverTimeoutPrefix = "failover-timeout:";

        /// <summary>The field that holds the run's state.</summary>
        public const string StateField = "state";

        public CutoverJournal(NodeEndpoint target, long ownerClientId, DateTimeOffset started, IReadOnlyDictionary<NodeEndpoint, long> priorities, MinReplicas minReplicas,
            IReadOnlyDictionary<NodeEndpoint, long>? failoverTimeouts = null, CutoverState state = CutoverState.Armed)
        {
            State = state;
            Target = target;
            OwnerClientId = ownerClientId;
            Started = started;
            Priorities = priorities;
            MinReplicas = minReplicas;
            FailoverTimeouts = failoverTimeouts ?? new Dictionary<NodeEndpoint, long>();
        }

        /// <summary>The last state the run recorded (Armed for a journal that records none).</summary>
        public CutoverState State { get; }

        /// <summary>The target of the run.</summary>
        public NodeEndpoint Target { get; }

        /// <summary>The run's connection to the source (CLIENT ID): while it is connected, the run is alive.</summary>
        public long OwnerClientId { get; }

        public DateTimeOffset Started { get; }

        /// <summary>Each node whose replica-priority the run changes, with its priority before.</summary>
        public IReadOnlyDictionary<NodeEndpoint, long> Priorities { get; }

        /// <summary>The source's min-replicas settings before the freeze armed them.</summary>
        public MinReplicas MinReplicas { get; }

        /// <summary>Each Sentinel whose failover-timeout the run may lower to end its failover (<see cref="CutoverPlan.EndsFailoverEarly"/>), with its value before.</summary>
        public IReadOnlyDictionary<NodeEndpoint, long> FailoverTimeouts { get; }

        /// <summary>One journal per monitored group, so two groups on one source never mix.</summary>
        public static string Key(string masterName) => KeyPrefix + masterName;

        /// <summary>The HSET field-value pairs.</summary>
        public IReadOnlyList<string> ToFields()
        {
            var fields = new List<string>
            {
                "target", Target.ToString(),
                "owner", OwnerClientId.ToString(CultureInfo.InvariantCulture),
                "started", Started.ToString("o", CultureInfo.InvariantCulture),
                "min-replicas-to-write", MinReplicas.ToWrite.ToString(CultureInfo.InvariantCulture),
                "min-replicas-max-lag", MinReplicas.MaxLagSeconds.ToString(CultureInfo.InvariantCulture),
                StateField, State.ToString(),
            };
            foreach (var priority in Priorities)
            {
                fields.Add(PriorityPrefix + priority.Key);
                fields.Add(priority.Value.ToString(CultureInfo.InvariantCulture));
            }
            foreach (var timeout in FailoverTimeouts)
            {
                fields.Add(FailoverTimeoutPrefix + timeout.Key);
                fields.Add(timeout.Value.ToString(CultureInfo.InvariantCulture));
            }
            return fields;
        }

        /// <summary>The journal an HGETALL returned; null when there is none, or it is not one this code wrote.</summary>
        public static CutoverJournal? FromFields(IReadOnlyDictionary<string, string> fields)
        {
            if (fields.Count == 0) return null;
            if (!fields.TryGetValue("target", out var target) || !NodeEndpoint.TryParse(target, NodeEndpoint.DefaultRedisPort, out var targetEndpoint, out _)) return null;
            var priorities = NodeValues(fields, PriorityPrefix, NodeEndpoint.DefaultRedisPort);
            var failoverTimeouts = NodeValues(fields, FailoverTimeoutPrefix, NodeEndpoint.DefaultSentinelPort);
            if (priorities == null || failoverTimeouts == null) return null;
            if (!TryLong(Get(fields, "owner"), out var owner) || !TryLong(Get(fields, "min-replicas-to-write"), out var toWrite) || !TryLong(Get(fields, "min-replicas-max-lag"), out var maxLag)) return null;
            var started = DateTimeOffset.TryParse(Get(fields, "started"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
            var state = CutoverState.Armed;
            if (Get(fields, StateField) is { } recorded && !Enum.TryParse(recorded, false, out state)) return null;
            return new CutoverJournal(targetEndpoint!, owner, started, priorities, new MinReplicas(toWrite, maxLag), failoverTimeouts, state);
        }

        /// <summary>The fields named prefix + node, as node to value; null when one does not parse.</summary>
        private static Dictionary<NodeEndpoint, long>? NodeValues(IReadOnlyDictionary<string, string> fields, string prefix, int defaultPort)
        {
            var values = new Dictionary<NodeEndpoint, long>();
            foreach (var field in fields.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                if (!NodeEndpoint.TryParse(field.Key.Substring(prefix.Length), defaultPort, out var node, out _) || !TryLong(field.Value, out var value)) return null;
                values[node!] = value;
            }
            return values;
        }

        /// <summary>What putting it back means, as an operator reads it.</summary>
        public IReadOnlyList<string> Describe() =>
            Priorities.Select(p => $"replica-priority {p.Value} on {p.Key}")
                .Concat(FailoverTimeouts.Select(t => $"failover-timeout {t.Value} on the Sentinel {t.Key}"))
                .Concat(new[] { $"{MinReplicas} on the source", "writes on the source (CLIENT UNPAUSE)" })
                .ToList();

        private static string? Get(IReadOnlyDictionary<string, string> fields, string name) => fields.TryGetValue(name, out var value) ? value : null;

        private static bool TryLong(string? text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}

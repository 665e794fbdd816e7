using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>One change made to a server, in the order the runbook made them.</summary>
    public sealed class ServerChange
    {
        public ServerChange(string server, string change)
        {
            Server = server;
            Change = change;
        }

        public string Server { get; }

        public string Change { get; }
    }

    /// <summary>
    /// Lists the changes the runbook made to servers. The output objects do not list them, so they are
    /// derived from what each step is documented to do and which of its phases completed.
    /// </summary>
    public static class ServerChanges
    {
        public static IReadOnlyList<ServerChange> Derive(ReportData report)
        {
            var changes = new List<ServerChange>();
            var replication = report.Replication;
            if (replication?.Target != null && replication.Source != null)
            {
                var before = replication.TargetPriorityBefore is long p ? $" (was {p})" : string.Empty;
                changes.Add(new ServerChange(replication.Target, $"REPLICAOF {replication.Source}; replica-priority 0{before}"));
            }

            var failover = report.Failover;
            if (failover != null)
            {
                foreach (var line in failover.Recovered) changes.Add(new ServerChange(failover.MasterName, "Recovered from an earlier run: " + line));
                if (!failover.AlreadyCompleted) AddCutover(changes, failover, report.TargetIsDragonfly);
            }

            foreach (var group in report.Groups)
            {
                // The run that found the group not started is the one that started its replication.
                if (group.StageBefore == "NotStarted" && group.StageAfter != null && group.StageAfter != "NotStarted")
                    changes.Add(new ServerChange(group.Target, $"REPLICAOF {group.Source}; replica-priority 0 ('{group.MasterName}')"));
                if (group.Cutover == null) continue;
                foreach (var line in group.Cutover.Recovered) changes.Add(new ServerChange(group.MasterName, "Recovered from an earlier run: " + line));
                if (!group.Cutover.AlreadyCompleted) AddCutover(changes, group.Cutover, report.TargetIsDragonfly);
            }

            foreach (var node in report.Retired)
            {
                if (node.PriorityLowered) changes.Add(new ServerChange(node.Endpoint, "replica-priority 0 (retired)"));
                if (node.ShutDown) changes.Add(new ServerChange(node.Endpoint, "SHUTDOWN SAVE (data kept on disk for a rollback)"));
                if (node.Note != null) changes.Add(new ServerChange(node.Endpoint, $"Note: {node.Note}"));
            }
            if (report.Retired.Count > 0)
            {
                var master = report.MasterName ?? failover?.MasterName ?? string.Empty;
                changes.Add(new ServerChange("every Sentinel", $"SENTINEL RESET {master}, one Sentinel at a time, to forget {string.Join(", ", report.Retired.Select(r => r.Endpoint))}"));
            }
            return changes;
        }

        private static void AddCutover(List<ServerChange> changes, FailoverData f, bool? targetIsDragonfly)
        {
            // Whether the excluded replica's data goes stale depends on the new primary: Redis replicas follow a
            // Redis primary, and cannot follow a Dragonfly one.
            var after = targetIsDragonfly switch
            {
                true => "left there: it cannot replicate a Dragonfly primary, so its data stops at the cutover",
                false => "left there; it follows the new primary like the other replicas",
                null => "left there",
            };
            foreach (var replica in f.ExcludedReplicas) changes.Add(new ServerChange(replica, $"replica-priority 0 (excluded from the cutover; {after})"));
            foreach (var phase in f.Phases.Where(p => p.Succeeded))
            {
                switch (phase.Name)
                {
                    case "Arm":
                        changes.Add(new ServerChange(f.NewPrimary, "replica-priority 1 (the replica every Sentinel would promote)"));
                        break;
                    case "Freeze":
                        changes.Add(new ServerChange(f.OldPrimary, "CLIENT PAUSE WRITE with a write fence (min-replicas-to-write) and a cutover marker key"));
                        break;
                    case "Promote":
                        changes.Add(new ServerChange("every Sentinel", $"SENTINEL FAILOVER {f.MasterName}: {f.NewPrimary} promoted to primary"));
                        break;
                    case "Fence":
                        changes.Add(new ServerChange(f.OldPrimary, $"REPLICAOF {f.NewPrimary}; replica-priority 0; clients killed; min-replicas settings put back; CLIENT UNPAUSE"));
                        break;
                }
            }
            foreach (var replica in f.UnpromotableReplicas) changes.Add(new ServerChange(replica, "replica-priority 0 (cannot replicate the new primary)"));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Fleet;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Sentinel;
using DragonflyMigration.Engine.Tests.Integration;

/// <summary>
/// The plan run at N = 1, 4 and 8 sandbox groups, each taken from nothing to cut over by the fleet's own code
/// (FleetScheduler and GroupRun, as Invoke-MigrationPlan runs them), with every group running at once. In one
/// variant each group has its own three Sentinels, in the other all groups share one set of three. Every group
/// has two Sentinel-aware writers, StackExchange.Redis and redis-py: lost acknowledged writes and the longest
/// time without a successful write, per library, per group. The wall time of the run is set against N times
/// the one-group run of the same variant, measured in the same process.
/// </summary>
internal static class FleetBench
{
    private const int WriteRate = 100;

    public static async Task RunAsync(IReadOnlyList<string> only)
    {
        // Up to 8 Sentinel-aware StackExchange.Redis writers share this process with the fleet run, and each
        // blocks thread-pool threads on synchronous Sentinel queries when a primary switches (all 8 at once when
        // the groups share Sentinels). With the pool's usual minimum the run's own continuations then waited for
        // threads (measured: 44 busy, 300 queued, every group's connect timing out), which is this process's
        // hosting, not the fleet's: a real fleet's clients live in their own processes.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 256), completionPorts);
        Console.WriteLine("| Sentinels | groups | wall s | N × one group s | ratio | write pause ms (min/median/max) | lost SE.Redis/redis-py | acknowledged SE.Redis/redis-py | longest gap ms SE.Redis (max) | longest gap ms redis-py (max) | groups failed |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var shared in new[] { false, true })
        {
            double one = 0;
            foreach (var n in new[] { 1, 4, 8 })
            {
                // "fleet shared 8" runs one variant's one size, for a look at it alone (the ratio then needs its own 1).
                if (only.Count > 0 && !(only.Contains(shared ? "shared" : "own") && (only.Contains(n.ToString()) || n == 1))) continue;
                var run = await RunAsync(n, shared);
                if (n == 1) one = run.Wall.TotalSeconds;
                var pauses = run.Groups.Select(g => g.PauseMs).OrderBy(p => p).ToList();
                Console.WriteLine($"| {(shared ? "shared (3)" : "own (3 each)")} | {n} | {run.Wall.TotalSeconds:0.0} | {n * one:0.0} | {run.Wall.TotalSeconds / (n * one):0.00} | "
                    + $"{pauses.First():0}/{pauses[pauses.Count / 2]:0}/{pauses.Last():0} | **{run.Groups.Sum(g => g.LostSe)}/{run.Groups.Sum(g => g.LostPy)}** | "
                    + $"{run.Groups.Sum(g => g.AckSe)}/{run.Groups.Sum(g => g.AckPy)} | {run.Groups.Max(g => g.GapSe):0} | {run.Groups.Max(g => g.GapPy):0} | {run.Groups.Count(g => !g.Succeeded)} |");
                foreach (var g in run.Groups.Where(g => !g.Succeeded || g.LostSe + g.LostPy > 0)) Console.WriteLine($"|  | {g.Name}: {run.Named(g.Detail)} |");
            }
        }
    }

    private sealed record GroupRow(string Name, bool Succeeded, string Detail, double PauseMs, long AckSe, long LostSe, double GapSe, long AckPy, long LostPy, double GapPy);

    private sealed record Run(TimeSpan Wall, IReadOnlyList<GroupRow> Groups, IReadOnlyDictionary<string, string> Roles)
    {
        /// <summary>The text with each sandbox endpoint followed by what it is ("fleet-3 source").</summary>
        public string Named(string text) => Roles.Aggregate(text, (t, r) => t.Replace(r.Key, $"{r.Key} ({r.Value})"));
    }

    private static async Task<Run> RunAsync(int n, bool shared)
    {
        var sandboxes = new List<SandboxTopology>();
        var seWriters = new List<SandboxWriter>();
        var pyWriters = new List<RedisPyWriter>();
        try
        {
            for (var i = 1; i <= n; i++)
            {
                var own = !shared || i == 1;
                sandboxes.Add(await SandboxLauncher.StartAsync(new SandboxOptions
                {
                    MasterName = $"fleet-{i}", SentinelCount = own ? 3 : 0, Quorum = 2, RedisTarget = true, SampleKeyCount = 1000, FastSentinelTimers = true,
                }, NullObserver.Instance, CancellationToken.None));
            }
            var sentinelsOf = sandboxes.Select(s => (shared ? sandboxes[0] : s).SentinelEndpoints.ToList()).ToList();
            if (shared)
            {
                foreach (var endpoint in sentinelsOf[0])
                {
                    using var sentinel = await NodeConnector.ConnectAsync(endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
                    for (var i = 1; i < n; i++)
                        await SentinelRegistrar.ApplyAsync(sentinel, new SentinelRegistration { MasterName = $"fleet-{i + 1}", Primary = sandboxes[i].Source.Endpoint, Quorum = 2 }, CancellationToken.None);
                }
            }
            for (var i = 0; i < n; i++)
            {
                seWriters.Add(await SandboxWriter.StartAsync(sandboxes[i].Source.Endpoint, sentinelsOf[i], $"fleet-{i + 1}", null, WriteRate));
                pyWriters.Add(new RedisPyWriter(sentinelsOf[i].ToArray(), $"fleet-{i + 1}", sandboxes[i].Directory));
            }
            await Task.Delay(2000);

            var groups = sandboxes.Select((s, i) => new PlannedGroup
            {
                MasterName = $"fleet-{i + 1}", Source = s.Source.Endpoint, Target = s.Target!.Endpoint, Sentinels = sentinelsOf[i],
                MaxWritePause = TimeSpan.FromSeconds(2), StableFor = TimeSpan.FromSeconds(1), SteadyTimeout = TimeSpan.FromMinutes(5),
            }).ToList();
            var clock = Stopwatch.StartNew();
            var outcomes = await FleetScheduler.RunAsync(groups, FleetStage.CutOver, n, null,
                (i, wave, ct) => GroupRun.RunAsync(groups[i], new ConnectionSettings(), new ConnectionSettings { IsSentinel = true }, FleetStage.CutOver, wave, NullObserver.Instance, ct),
                CancellationToken.None);
            var wall = clock.Elapsed;
            await Task.Delay(2000);

            var rows = new List<GroupRow>();
            for (var i = 0; i < n; i++)
            {
                seWriters[i].Stop();
                pyWriters[i].Stop();
                // Counted on the node the Sentinels name now: the source of a group whose cutover did not happen.
                using var sentinel = await NodeConnector.ConnectAsync(sentinelsOf[i][0], new ConnectionSettings { IsSentinel = true }, CancellationToken.None);
                var current = await SentinelInspector.ReadMasterAddressAsync(sentinel, groups[i].MasterName, CancellationToken.None) ?? groups[i].Target;
                using var primary = await NodeConnector.ConnectAsync(current, new ConnectionSettings(), CancellationToken.None);
                var lostSe = await seWriters[i].CountLostAsync(primary, CancellationToken.None);
                var py = pyWriters[i].Acknowledged;
                long lostPy = 0;
                foreach (var batch in py.Chunk(1000))
                    lostPy += batch.Length - (await primary.ExecuteAsync("EXISTS", batch.Cast<object>().ToArray(), CancellationToken.None)).AsInt64();
                var o = outcomes[i];
                rows.Add(new GroupRow(o.MasterName, o.Result == GroupResult.Succeeded, o.Detail, o.Cutover?.WritePause.TotalMilliseconds ?? double.NaN,
                    seWriters[i].Acknowledged, lostSe, seWriters[i].LongestGap.TotalMilliseconds, py.Length, lostPy, pyWriters[i].LongestGap.TotalMilliseconds));
            }
            var roles = new Dictionary<string, string>();
            for (var i = 0; i < n; i++)
            {
                roles[sandboxes[i].Source.Endpoint.ToString()] = $"fleet-{i + 1} source";
                roles[sandboxes[i].Target!.Endpoint.ToString()] = $"fleet-{i + 1} target";
                foreach (var s in sandboxes[i].SentinelEndpoints) roles[s.ToString()] = $"fleet-{i + 1} Sentinel";
            }
            return new Run(wall, rows, roles);
        }
        finally
        {
            foreach (var w in seWriters) w.Dispose();
            foreach (var w in pyWriters) w.Dispose();
            foreach (var s in sandboxes) s.Dispose();
        }
    }
}

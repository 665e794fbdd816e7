using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Replication;
using DragonflyMigration.Engine.Sandbox;

// Cutover benchmark: the plain SENTINEL FAILOVER against Invoke-SentinelFailover's engine, with one and
// three Sentinels, under a client that writes through Sentinel and connected before or after the target
// joined. Every run uses a fresh sandbox of the same shape and Sentinel's default timers.
// With "fleet": the plan run at 1, 4 and 8 groups instead (FleetBench).
if (args.Length > 0 && args[0] == "fleet")
{
    await FleetBench.RunAsync(args.Skip(1).ToList());
    return;
}
const int WriteRate = 2000;
const string Master = "mymaster";
Console.WriteLine("| Sentinels | procedure | client connected | acknowledged | lost | failed loudly | longest gap ms | server write pause ms |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var sentinels in new[] { 1, 3 })
foreach (var tool in new[] { false, true })
foreach (var before in new[] { true, false })
{
    var row = await RunAsync(sentinels, tool, before);
    Console.WriteLine(row);
}

static async Task<string> RunAsync(int sentinelCount, bool tool, bool clientBefore)
{
    using var sandbox = await SandboxLauncher.StartAsync(new SandboxOptions { SentinelCount = sentinelCount, Quorum = sentinelCount / 2 + 1, RedisTarget = true, SampleKeyCount = 10000 }, NullObserver.Instance, CancellationToken.None);
    var settings = new ConnectionSettings();
    using var source = await NodeConnector.ConnectAsync(sandbox.Source.Endpoint, settings, CancellationToken.None);
    using var target = await NodeConnector.ConnectAsync(sandbox.Target!.Endpoint, settings, CancellationToken.None);
    var sentinelClients = await Task.WhenAll(sandbox.Sentinels.Select(s => NodeConnector.ConnectAsync(s.Endpoint, new ConnectionSettings { IsSentinel = true }, CancellationToken.None)));
    SandboxWriter? writer = null;
    try
    {
        if (clientBefore) writer = await SandboxWriter.StartAsync(sandbox.Source.Endpoint, sandbox.SentinelEndpoints.ToList(), Master, null, WriteRate);
        var plan = await ReplicationStarter.PlanAsync(source, target, false, CancellationToken.None);
        await ReplicationStarter.StartAsync(source, target, plan, NullObserver.Instance, CancellationToken.None);
        await SteadyWaiter.WaitAsync(source, target, new SteadyCriteria { StableFor = TimeSpan.FromSeconds(2) }, NullObserver.Instance, CancellationToken.None);
        if (!clientBefore) writer = await SandboxWriter.StartAsync(sandbox.Source.Endpoint, sandbox.SentinelEndpoints.ToList(), Master, null, WriteRate);
        await Task.Delay(3000);

        double pauseMs = double.NaN;
        if (tool)
        {
            var result = await new SentinelCutover(source, target, sentinelClients, new CutoverOptions { MasterName = Master }, NullObserver.Instance).RunAsync(CancellationToken.None);
            pauseMs = result.WritePause.TotalMilliseconds;
        }
        else
        {
            // The plain procedure: make the target promotable, wait until Sentinel sees it, fail over.
            await target.ExecuteAsync("CONFIG", new object[] { "SET", "replica-priority", "1" }, CancellationToken.None);
            await Task.Delay(12000);
            await sentinelClients[0].ExecuteAsync("SENTINEL", new object[] { "FAILOVER", Master }, CancellationToken.None);
        }
        // Let Sentinel finish (it demotes the old primary about 10 s after a plain failover), then stop.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                var role = ServerIdentity.FromInfo(await source.InfoAsync("replication", CancellationToken.None)).Role;
                if (role == NodeRole.Replica) break;
            }
            catch (MigrationException)
            {
                // Sentinel's demotion kills the old primary's clients, this connection too; the next read reconnects.
            }
            await Task.Delay(200);
        }
        await Task.Delay(3000);
        var lost = await writer!.CountLostAsync(target, CancellationToken.None);
        return $"| {sentinelCount} | {(tool ? "Invoke-SentinelFailover" : "plain SENTINEL FAILOVER")} | {(clientBefore ? "before the target joined" : "after")} | {writer.Acknowledged} | {lost} | {writer.Failed} | {writer.LongestGap.TotalMilliseconds:0} | {(double.IsNaN(pauseMs) ? "-" : pauseMs.ToString("0"))} |";
    }
    finally
    {
        writer?.Dispose();
        foreach (var c in sentinelClients) c.Dispose();
    }
}

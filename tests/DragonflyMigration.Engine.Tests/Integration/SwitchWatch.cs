using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>
    /// Watches what clients read during a cutover: when the target first answers as primary, and when
    /// every Sentinel's SENTINEL MASTER (what redis-py reads through SENTINEL MASTERS) names it. Bounded
    /// by its own deadline; polls every 20 ms on connections of its own.
    /// </summary>
    internal sealed class SwitchWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        private readonly Task _loop;

        public SwitchWatch(NodeEndpoint target, IEnumerable<NodeEndpoint> sentinels, string masterName)
        {
            var sentinelList = sentinels.ToList();
            _loop = Task.Run(() => RunAsync(target, sentinelList, masterName));
        }

        /// <summary>From the target answering as primary to every Sentinel's SENTINEL MASTER naming it; null if not seen.</summary>
        public TimeSpan? SwitchAfterPromotion { get; private set; }

        private async Task RunAsync(NodeEndpoint target, List<NodeEndpoint> sentinels, string masterName)
        {
            using var node = await NodeConnector.ConnectAsync(target, new ConnectionSettings(), _stop.Token);
            var watchers = new List<NodeClient>();
            try
            {
                foreach (var s in sentinels) watchers.Add(await NodeConnector.ConnectAsync(s, new ConnectionSettings { IsSentinel = true }, _stop.Token));
                var clock = Stopwatch.StartNew();
                TimeSpan? promoted = null;
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        if (promoted == null && ServerIdentity.FromInfo(await node.InfoAsync("replication", _stop.Token)).Role == NodeRole.Primary) promoted = clock.Elapsed;
                        if (promoted != null && await AllNameAsync(watchers, masterName, node.Addresses))
                        {
                            SwitchAfterPromotion = clock.Elapsed - promoted.Value;
                            return;
                        }
                    }
                    catch (Errors.MigrationException)
                    {
                        // A node busy with the failover answers again on the next poll.
                    }
                    await Task.Delay(20, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                foreach (var w in watchers) w.Dispose();
            }
        }

        private async Task<bool> AllNameAsync(List<NodeClient> sentinels, string masterName, NodeAddresses target)
        {
            foreach (var sentinel in sentinels)
            {
                if (!target.Matches(await SentinelInspector.ReadMasterAddressAsync(sentinel, masterName, _stop.Token))) return false;
            }
            return true;
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}

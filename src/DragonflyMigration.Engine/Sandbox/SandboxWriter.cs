using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using StackExchange.Redis;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>
    /// An application stand-in for rehearsals: writes numbered keys at a steady rate, through Sentinel
    /// when the sandbox has Sentinels (as Sentinel-aware applications do), and records every write
    /// the server acknowledged, so that "nothing lost" can be checked key by key afterwards.
    /// </summary>
    public sealed class SandboxWriter : IDisposable
    {
        public const string KeyPrefix = "writer:";
        private readonly ConnectionMultiplexer _multiplexer;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<long> _acknowledged = new ConcurrentQueue<long>();
        private readonly Task _loop;
        private long _failed;
        private long _longestGapTicks;

        private SandboxWriter(ConnectionMultiplexer multiplexer, int writesPerSecond)
        {
            _multiplexer = multiplexer;
            _loop = Task.Run(() => RunAsync(writesPerSecond, _stop.Token));
        }

        /// <summary>Starts writing to the primary that the Sentinels name, or to <paramref name="primary"/> when there are none.</summary>
        public static async Task<SandboxWriter> StartAsync(NodeEndpoint primary, IReadOnlyList<NodeEndpoint> sentinels, string masterName, string? password, int writesPerSecond)
        {
            var options = new ConfigurationOptions { AbortOnConnectFail = false, ConnectTimeout = 2000, SyncTimeout = 2000, AsyncTimeout = 2000, Password = password, ClientName = "sandbox-writer" };
            if (sentinels.Count > 0)
            {
                options.ServiceName = masterName;
                foreach (var s in sentinels) options.EndPoints.Add(s.Host, s.Port);
                SentinelClientThreads.EnsureHeadroom();
            }
            else
            {
                options.EndPoints.Add(primary.Host, primary.Port);
            }
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            return new SandboxWriter(multiplexer, writesPerSecond);
        }

        public long Acknowledged => _acknowledged.Count;

        public long Failed => Interlocked.Read(ref _failed);

        public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref _longestGapTicks));

        private async Task RunAsync(int writesPerSecond, CancellationToken stop)
        {
            var interval = TimeSpan.FromSeconds(1.0 / writesPerSecond);
            var clock = Stopwatch.StartNew();
            var lastSuccess = clock.Elapsed;
            long sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                var wait = TimeSpan.FromTicks(interval.Ticks * sequence) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                    catch (OperationCanceledException) { break; }
                }
                var n = sequence++;
                try
                {
                    await _multiplexer.GetDatabase().StringSetAsync(KeyPrefix + n.ToString(CultureInfo.InvariantCulture), n).ConfigureAwait(false);
                    _acknowledged.Enqueue(n);
                    var now = clock.Elapsed;
                    if ((now - lastSuccess).Ticks > Interlocked.Read(ref _longestGapTicks)) Interlocked.Exchange(ref _longestGapTicks, (now - lastSuccess).Ticks);
                    lastSuccess = now;
                }
                catch (Exception ex) when (ex is RedisException || ex is TimeoutException)
                {
                    Interlocked.Increment(ref _failed);
                }
            }
        }

        /// <summary>Stops writing, then counts the acknowledged writes the given node does not hold.</summary>
        public async Task<long> CountLostAsync(NodeClient primary, CancellationToken cancellationToken)
        {
            Stop();
            long lost = 0;
            foreach (var batch in _acknowledged.ToArray().Select((n, i) => (n, i)).GroupBy(x => x.i / 500, x => x.n))
            {
                var replies = await Task.WhenAll(batch.Select(n => primary.ExecuteAsync("EXISTS", new object[] { KeyPrefix + n.ToString(CultureInfo.InvariantCulture) }, cancellationToken))).ConfigureAwait(false);
                lost += replies.Count(r => r.AsInt64() == 0);
            }
            return lost;
        }

        public void Stop()
        {
            if (!_stop.IsCancellationRequested) _stop.Cancel();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
        }

        public void Dispose()
        {
            Stop();
            _multiplexer.Dispose();
            _stop.Dispose();
        }
    }
}

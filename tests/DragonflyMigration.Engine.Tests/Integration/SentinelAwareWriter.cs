using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Sandbox;
using StackExchange.Redis;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>
    /// A client that finds the primary through Sentinel, as applications do, and records every write
    /// the server acknowledged (the Jepsen-style record the "nothing lost" check is made against).
    /// </summary>
    internal sealed class SentinelAwareWriter : IDisposable
    {
        private readonly ConnectionMultiplexer _multiplexer;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private long _failed;
        private long _longestGapTicks;

        public SentinelAwareWriter(NodeEndpoint sentinel, string serviceName)
        {
            var options = new ConfigurationOptions { ServiceName = serviceName, AbortOnConnectFail = false, ConnectTimeout = 2000, SyncTimeout = 2000, AsyncTimeout = 2000 };
            options.EndPoints.Add(sentinel.Host, sentinel.Port);
            SentinelClientThreads.EnsureHeadroom();
            _multiplexer = ConnectionMultiplexer.Connect(options);
            _loop = Task.Run(RunAsync);
        }

        public ConcurrentQueue<string> Acknowledged { get; } = new ConcurrentQueue<string>();

        public long Failed => Interlocked.Read(ref _failed);

        public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref _longestGapTicks));

        private async Task RunAsync()
        {
            var clock = Stopwatch.StartNew();
            var last = clock.Elapsed;
            long i = 0;
            while (!_stop.IsCancellationRequested)
            {
                var key = "acked:" + i++;
                try
                {
                    await _multiplexer.GetDatabase().StringSetAsync(key, "1");
                    Acknowledged.Enqueue(key);
                    var now = clock.Elapsed;
                    if ((now - last).Ticks > _longestGapTicks) _longestGapTicks = (now - last).Ticks;
                    last = now;
                }
                catch (Exception ex) when (ex is RedisException || ex is TimeoutException)
                {
                    Interlocked.Increment(ref _failed);
                    await Task.Delay(5);
                }
            }
            // A client that never wrote again after the cutover has its gap run to the end.
            var tail = clock.Elapsed - last;
            if (tail.Ticks > _longestGapTicks) _longestGapTicks = tail.Ticks;
        }

        public void Stop()
        {
            _stop.Cancel();
            _loop.Wait(TimeSpan.FromSeconds(10));
        }

        public void Dispose()
        {
            Stop();
            _multiplexer.Dispose();
            _stop.Dispose();
        }
    }
}

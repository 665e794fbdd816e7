using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>
    /// A client that writes numbered keys to the source at a steady rate for the life of a
    /// rehearsal, counting what was acknowledged, what failed and the longest time without a
    /// successful write.
    /// </summary>
    public sealed class SandboxWriter : IDisposable
    {
        public const string KeyPrefix = "writer:";
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private long _acknowledged;
        private long _failed;
        private long _longestGapTicks;

        private SandboxWriter(NodeClient client, int writesPerSecond)
        {
            _loop = Task.Run(() => RunAsync(client, writesPerSecond, _stop.Token));
        }

        public static async Task<SandboxWriter> StartAsync(NodeEndpoint endpoint, string? password, int writesPerSecond, CancellationToken cancellationToken)
        {
            var client = await NodeConnector.ConnectAsync(endpoint, new ConnectionSettings { Password = password }, cancellationToken).ConfigureAwait(false);
            return new SandboxWriter(client, writesPerSecond);
        }

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public long Failed => Interlocked.Read(ref _failed);

        public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref _longestGapTicks));

        private async Task RunAsync(NodeClient client, int writesPerSecond, CancellationToken stop)
        {
            using (client)
            {
                var interval = TimeSpan.FromSeconds(1.0 / writesPerSecond);
                var clock = Stopwatch.StartNew();
                var lastSuccess = clock.Elapsed;
                long sequence = 0;
                while (!stop.IsCancellationRequested)
                {
                    var due = TimeSpan.FromTicks(interval.Ticks * sequence);
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                        catch (OperationCanceledException) { break; }
                    }
                    var n = sequence++.ToString(CultureInfo.InvariantCulture);
                    try
                    {
                        await client.ExecuteAsync("SET", new object[] { KeyPrefix + n, n }, CancellationToken.None).ConfigureAwait(false);
                        Interlocked.Increment(ref _acknowledged);
                        var now = clock.Elapsed;
                        var gap = (now - lastSuccess).Ticks;
                        if (gap > Interlocked.Read(ref _longestGapTicks)) Interlocked.Exchange(ref _longestGapTicks, gap);
                        lastSuccess = now;
                    }
                    catch (Errors.MigrationException)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}

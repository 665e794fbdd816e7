using System.Threading;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>
    /// Thread-pool headroom for a process that hosts a Sentinel-aware StackExchange.Redis client next to a
    /// cutover. On a primary switch that client blocks thread-pool threads on synchronous Sentinel queries
    /// and a reconfiguration it waits for (ConnectionMultiplexer.Sentinel.cs, SwitchPrimary). With the
    /// default minimum of one thread per core, the cutover's own continuations then queued for 0.5 to 3 s
    /// behind them, and that time was added to the write pause.
    /// </summary>
    internal static class SentinelClientThreads
    {
        private const int MinimumWorkers = 16;

        /// <summary>Raises the thread pool's minimum; it never lowers a minimum the host has set.</summary>
        public static void EnsureHeadroom()
        {
            ThreadPool.GetMinThreads(out var workers, out var completionPorts);
            if (workers < MinimumWorkers) ThreadPool.SetMinThreads(MinimumWorkers, completionPorts);
        }
    }
}

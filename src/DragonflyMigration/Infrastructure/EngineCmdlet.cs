using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that waits on the engine: runs engine work on the thread pool, replays
    /// its messages on the pipeline thread as verbose records, and cancels it on Ctrl+C.
    /// </summary>
    public abstract class EngineCmdlet : PSCmdlet, IDisposable
    {
        private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Waits for engine work; its log lines become verbose records as they arrive.</summary>
        protected T Await<T>(Func<CancellationToken, Action<string>, Task<T>> work)
        {
            var messages = new ConcurrentQueue<string>();
            var task = Task.Run(() => work(_stopping.Token, messages.Enqueue));
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(Slice))
            {
                Drain(messages);
            }
            Drain(messages);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Await(Func<CancellationToken, Action<string>, Task> work) =>
            Await<bool>(async (token, log) => { await work(token, log).ConfigureAwait(false); return true; });

        private void Drain(ConcurrentQueue<string> messages)
        {
            while (messages.TryDequeue(out var message)) WriteVerbose(message);
        }

        protected void WriteError(MigrationException ex, object? target = null) =>
            WriteError(ErrorRecords.From(ex, target));

        protected void ThrowTerminatingError(MigrationException ex, object? target = null) =>
            ThrowTerminatingError(ErrorRecords.From(ex, target));

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}

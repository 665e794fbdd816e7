using System;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// One node asked under a time bound, on a connection that is replaced when it stops answering.
    /// In a cutover Sentinel's CLIENT KILL cuts our connections too, and the client library can take
    /// seconds to notice: a bounded attempt that gets no answer opens a fresh connection (bounded as
    /// well) for the next attempt. A server's refusal is an answer and is passed on.
    /// </summary>
    public sealed class ReconnectingNode : IDisposable
    {
        private readonly NodeClient _original;
        private readonly TimeSpan _connectTimeout;

        public ReconnectingNode(NodeClient original, TimeSpan connectTimeout)
        {
            _original = original;
            _connectTimeout = connectTimeout;
            Current = original;
        }

        /// <summary>The connection the next attempt uses.</summary>
        public NodeClient Current { get; private set; }

        /// <summary>
        /// Runs <paramref name="operation"/> within <paramref name="timeout"/>. Answered is false when no
        /// answer came (a timeout or a lost connection); a fresh connection then replaces the current one.
        /// </summary>
        public async Task<(bool Answered, T Value)> TryAsync<T>(Func<NodeClient, CancellationToken, Task<T>> operation, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                bound.CancelAfter(timeout);
                try
                {
                    return (true, await operation(Current, bound.Token).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed && !ex.IsServerRefusal)
                {
                }
            }
            await ReconnectAsync(cancellationToken).ConfigureAwait(false);
            return (false, default!);
        }

        public async Task<bool> TryAsync(Func<NodeClient, CancellationToken, Task> operation, TimeSpan timeout, CancellationToken cancellationToken) =>
            (await TryAsync<bool>(async (node, ct) => { await operation(node, ct).ConfigureAwait(false); return true; }, timeout, cancellationToken).ConfigureAwait(false)).Answered;

        private async Task ReconnectAsync(CancellationToken cancellationToken)
        {
            using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                bound.CancelAfter(_connectTimeout);
                try
                {
                    var fresh = await NodeConnector.ReopenAsync(_original, _connectTimeout, bound.Token).ConfigureAwait(false);
                    Release();
                    Current = fresh;
                }
                catch (MigrationException)
                {
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }

        private void Release()
        {
            if (!ReferenceEquals(Current, _original)) Current.Dispose();
        }

        /// <summary>Closes a replacement connection; the original belongs to the caller.</summary>
        public void Dispose()
        {
            Release();
            Current = _original;
        }
    }
}

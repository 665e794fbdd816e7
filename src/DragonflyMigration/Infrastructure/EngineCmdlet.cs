using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Readiness;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that waits on the engine: runs engine work on the thread pool, replays
    /// its messages on the pipeline thread as verbose records (a cutover's milestones also as typed
    /// information records), and cancels it on Ctrl+C. Connects the
    /// host:port strings given to node parameters, and closes those connections when it is disposed.
    /// </summary>
    public abstract class EngineCmdlet : PSCmdlet, IDisposable
    {
        private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        // Keyed by role and endpoint: pipeline input that names the same node again reuses its connection.
        private readonly Dictionary<string, RedisNode> _opened = new Dictionary<string, RedisNode>(StringComparer.OrdinalIgnoreCase);

        private bool _progressShown;

        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Waits for engine work; its milestones and progress are written as they arrive.</summary>
        /// <param name="work">The engine call.</param>
        /// <param name="moreToCome">
        /// The command awaits again for the same operation (the cutover's plan, then its run): its bar stays
        /// up in between instead of vanishing and coming back.
        /// </param>
        protected T Await<T>(Func<CancellationToken, IOperationObserver, Task<T>> work, bool moreToCome = false)
        {
            var observer = new QueuedObserver();
            var task = Task.Run(() => work(_stopping.Token, observer));
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(Slice))
            {
                Drain(observer);
            }
            Drain(observer);
            if (!moreToCome || task.IsFaulted || task.IsCanceled) CompleteProgress();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Await(Func<CancellationToken, IOperationObserver, Task> work) =>
            Await<bool>(async (token, observer) => { await work(token, observer).ConfigureAwait(false); return true; });

        /// <summary>The activity name shown by Write-Progress.</summary>
        protected virtual string ProgressActivity => MyInvocation.MyCommand.Name;

        private void Drain(QueuedObserver observer)
        {
            while (observer.Events.TryDequeue(out var e))
            {
                if (e.Milestone != null)
                {
                    WriteVerbose(e.Milestone.Message);
                    WriteMilestone(e.Milestone);
                    continue;
                }
                if (e.Message != null)
                {
                    WriteVerbose(e.Message);
                    continue;
                }
                var record = new ProgressRecord(1, ProgressActivity, e.Status ?? e.Phase ?? "Working")
                {
                    CurrentOperation = e.Phase,
                    PercentComplete = e.Percent.HasValue ? (int)Math.Max(0, Math.Min(100, e.Percent.Value)) : -1,
                    SecondsRemaining = e.Remaining.HasValue ? (int)Math.Ceiling(Math.Max(0, e.Remaining.Value.TotalSeconds)) : -1,
                };
                _progressShown = true;
                WriteProgress(record);
            }
        }

        /// <summary>Tag of the information records that carry a <see cref="CutoverMilestone"/>.</summary>
        public const string MilestoneTag = "DragonflyMigration.Milestone";

        /// <summary>
        /// The milestone as an information record, for runbooks and tests to key on its kind instead of the
        /// verbose wording. Not shown unless asked for (-InformationAction Continue); Azure Automation keeps no
        /// information stream, so it adds nothing to a job's log.
        /// </summary>
        private void WriteMilestone(CutoverMilestone milestone)
        {
            var record = new InformationRecord(milestone, MyInvocation.MyCommand.Name);
            record.Tags.Add(MilestoneTag);
            record.Tags.Add(MilestoneTag + "." + milestone.Kind);
            WriteInformation(record);
        }

        /// <summary>Ends the bar; Await does so itself unless told more is to come.</summary>
        protected void CompleteProgress()
        {
            if (!_progressShown) return;
            WriteProgress(new ProgressRecord(1, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
            _progressShown = false;
        }

        private sealed class QueuedObserver : IOperationObserver
        {
            public readonly ConcurrentQueue<(string? Message, string? Phase, string? Status, double? Percent, TimeSpan? Remaining, CutoverMilestone? Milestone)> Events =
                new ConcurrentQueue<(string? Message, string? Phase, string? Status, double? Percent, TimeSpan? Remaining, CutoverMilestone? Milestone)>();

            public void Log(string message) => Events.Enqueue((message, null, null, null, null, null));

            public void Progress(string phase, string status, double? percent, TimeSpan? remaining = null) => Events.Enqueue((null, phase, status, percent, remaining, null));

            public void Milestone(CutoverMilestone milestone) => Events.Enqueue((null, null, null, null, null, milestone));
        }

        protected void WriteError(MigrationException ex, object? target = null) =>
            WriteError(ErrorRecords.From(ex, target));

        protected void ThrowTerminatingError(MigrationException ex, object? target = null) =>
            ThrowTerminatingError(ErrorRecords.From(ex, target));

        /// <summary>
        /// Rejects a node argument the work cannot use before any server is asked anything. A node closed by
        /// Disconnect-RedisNode, or a Sentinel where a data node belongs, otherwise failed late and under
        /// another name (a cutover waited 30 s and blamed the target), or not at all (a comparison read the
        /// Sentinel's empty keyspace); a data node where a Sentinel belongs failed with the server's
        /// "unknown command".
        /// </summary>
        protected void RequireNode(RedisNode node, string parameter, bool sentinel = false)
        {
            var endpoint = node.Endpoint;
            if (node.Client.IsClosed)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.NodeDisconnected,
                    $"-{parameter} {endpoint} is closed: by Disconnect-RedisNode, or because the command that connected it from a host:port string has ended.", endpoint)
                { Remedy = "Connect the node with Connect-RedisNode and pass the node object, which stays open until Disconnect-RedisNode." });
            }
            var isSentinel = node.Client.Identity.Role == NodeRole.Sentinel;
            if (sentinel && !isSentinel)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.NotASentinel,
                    $"-{parameter} takes Sentinels; {endpoint} is a {node.Flavor} {node.Role}.", endpoint));
            }
            if (!sentinel && isSentinel)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.NodeIsSentinel,
                    $"-{parameter} takes a Redis or Dragonfly node; {endpoint} is a Sentinel.", endpoint)
                { Remedy = "Pass Sentinels to -Sentinel, and the data node Sentinel monitors here." });
            }
        }

        /// <summary>
        /// The node a node parameter names, checked by <see cref="RequireNode"/>. A node object is used as
        /// given and never closed here; a host:port string is connected now (with <paramref name="credential"/>,
        /// cancellable, failing with Connect-RedisNode's error ids) and closed when the cmdlet is disposed.
        /// </summary>
        protected RedisNode UseNode(NodeArgument argument, string parameter, PSCredential? credential)
        {
            RedisNode? node = argument.Node;
            if (node == null)
            {
                try
                {
                    node = Open(argument, credential);
                }
                catch (MigrationException ex)
                {
                    ThrowTerminatingError(ex, argument.Text);
                }
            }
            RequireNode(node!, parameter, argument.IsSentinel);
            return node!;
        }

        /// <summary>
        /// Like <see cref="UseNode"/>, for readiness: a host:port string whose connection fails comes back as that
        /// failure, which readiness judges as a failed reachability check. A string that is no endpoint, or a node
        /// of the wrong kind, is still the caller's mistake and stops the command.
        /// </summary>
        protected ReadinessNode UseNodeOrFailure(NodeArgument argument, string parameter, PSCredential? credential)
        {
            RedisNode node;
            if (argument.Node != null)
            {
                node = argument.Node;
            }
            else
            {
                // A string that is no endpoint: UseNode stops the command with EndpointInvalid.
                if (!NodeEndpoint.TryParse(argument.Text, argument.IsSentinel ? NodeEndpoint.DefaultSentinelPort : NodeEndpoint.DefaultRedisPort, out var endpoint, out _))
                    return ReadinessNode.Connected(UseNode(argument, parameter, credential).Client);
                try
                {
                    node = Open(argument, credential);
                }
                catch (MigrationException ex)
                {
                    WriteVerbose($"-{parameter} {endpoint}: {ex.Message}");
                    return ReadinessNode.Unconnected(endpoint!, ex, false);
                }
            }
            RequireNode(node, parameter, argument.IsSentinel);
            return ReadinessNode.Connected(node.Client);
        }

        protected RedisNode[] UseNodes(NodeArgument[] arguments, string parameter, PSCredential? credential) =>
            arguments.Select(a => UseNode(a, parameter, credential)).ToArray();

        private RedisNode Open(NodeArgument argument, PSCredential? credential)
        {
            var endpoint = NodeEndpoint.Parse(argument.Text, argument.IsSentinel ? NodeEndpoint.DefaultSentinelPort : NodeEndpoint.DefaultRedisPort);
            var key = (argument.IsSentinel ? "sentinel " : "node ") + endpoint;
            if (_opened.TryGetValue(key, out var open)) return open;
            var settings = new ConnectionSettings
            {
                User = credential?.UserName,
                Password = credential?.GetNetworkCredential().Password,
                IsSentinel = argument.IsSentinel,
            };
            WriteVerbose($"Connecting to {endpoint} ({settings}) for {MyInvocation.MyCommand.Name}, which closes the connection when it ends.");
            var node = new RedisNode(Await((token, _) => NodeConnector.ConnectAsync(endpoint, settings, token)));
            _opened.Add(key, node);
            return node;
        }

        // PowerShell disposes a cmdlet when its pipeline ends, however it ends: done, failed or stopped with Ctrl+C.
        public void Dispose()
        {
            foreach (var node in _opened.Values) node.Client.Dispose();
            _opened.Clear();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}

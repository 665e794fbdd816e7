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

        // Every bar shown and not yet completed: its activity and its parent's id.
        private readonly Dictionary<int, (string Activity, int ParentActivityId)> _progressShown = new Dictionary<int, (string Activity, int ParentActivityId)>();

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
                var prefix = e.Label == null ? string.Empty : $"[{e.Label}] ";
                if (e.Milestone != null)
                {
                    WriteVerbose(prefix + e.Milestone.Message);
                    WriteMilestone(e.Milestone, e.Label);
                    continue;
                }
                if (e.Message != null)
                {
                    WriteVerbose(prefix + e.Message);
                    continue;
                }
                var record = new ProgressRecord(e.ActivityId, e.Activity ?? ProgressActivity, e.Status ?? e.Phase ?? "Working")
                {
                    ParentActivityId = e.ParentActivityId,
                    CurrentOperation = e.Phase,
                    PercentComplete = e.Percent.HasValue ? (int)Math.Max(0, Math.Min(100, e.Percent.Value)) : -1,
                    SecondsRemaining = e.Remaining.HasValue ? (int)Math.Ceiling(Math.Max(0, e.Remaining.Value.TotalSeconds)) : -1,
                };
                _progressShown[e.ActivityId] = (e.Activity ?? ProgressActivity, e.ParentActivityId);
                WriteProgress(record);
            }
        }

        /// <summary>
        /// An observer for one of many things the same work does at once (a plan's groups): its verbose lines
        /// start with <paramref name="label"/>, and its progress is a bar of its own under the command's.
        /// </summary>
        protected static IOperationObserver Nested(IOperationObserver observer, int activityId, string activity, string label) =>
            ((QueuedObserver)observer).Nested(activityId, activity, label);

        /// <summary>Tag of the information records that carry a <see cref="CutoverMilestone"/>.</summary>
        public const string MilestoneTag = "DragonflyMigration.Milestone";

        /// <summary>Tag prefix naming the group a milestone belongs to, when a command works on many (Invoke-MigrationPlan).</summary>
        public const string GroupTag = "DragonflyMigration.Group.";

        /// <summary>
        /// The milestone as an information record, for runbooks and tests to key on its kind instead of the
        /// verbose wording. Not shown unless asked for (-InformationAction Continue); Azure Automation keeps no
        /// information stream, so it adds nothing to a job's log.
        /// </summary>
        private void WriteMilestone(CutoverMilestone milestone, string? label)
        {
            var record = new InformationRecord(milestone, label == null ? MyInvocation.MyCommand.Name : $"{MyInvocation.MyCommand.Name} [{label}]");
            record.Tags.Add(MilestoneTag);
            record.Tags.Add(MilestoneTag + "." + milestone.Kind);
            if (label != null) record.Tags.Add(GroupTag + label);
            WriteInformation(record);
        }

        /// <summary>Ends the bars, nested ones first; Await does so itself unless told more is to come.</summary>
        protected void CompleteProgress()
        {
            foreach (var shown in _progressShown.OrderByDescending(p => p.Value.ParentActivityId).ToList())
                WriteProgress(new ProgressRecord(shown.Key, shown.Value.Activity, "Done") { ParentActivityId = shown.Value.ParentActivityId, RecordType = ProgressRecordType.Completed });
            _progressShown.Clear();
        }

        private sealed class ObserverEvent
        {
            public string? Message, Phase, Status, Label, Activity;
            public double? Percent;
            public TimeSpan? Remaining;
            public CutoverMilestone? Milestone;
            public int ActivityId = 1;
            public int ParentActivityId = -1;
        }

        private sealed class QueuedObserver : IOperationObserver
        {
            private readonly int _activityId;
            private readonly string? _activity;
            private readonly int _parentActivityId;
            private readonly string? _label;

            public QueuedObserver() : this(new ConcurrentQueue<ObserverEvent>(), 1, null, -1, null)
            {
            }

            private QueuedObserver(ConcurrentQueue<ObserverEvent> events, int activityId, string? activity, int parentActivityId, string? label)
            {
                Events = events;
                _activityId = activityId;
                _activity = activity;
                _parentActivityId = parentActivityId;
                _label = label;
            }

            public ConcurrentQueue<ObserverEvent> Events { get; }

            public QueuedObserver Nested(int activityId, string activity, string label) => new QueuedObserver(Events, activityId, activity, _activityId, label);

            public void Log(string message) => Events.Enqueue(new ObserverEvent { Message = message, Label = _label });

            public void Progress(string phase, string status, double? percent, TimeSpan? remaining = null) => Events.Enqueue(new ObserverEvent
            {
                Phase = phase, Status = status, Percent = percent, Remaining = remaining, Label = _label,
                ActivityId = _activityId, Activity = _activity, ParentActivityId = _parentActivityId,
            });

            public void Milestone(CutoverMilestone milestone) => Events.Enqueue(new ObserverEvent { Milestone = milestone, Label = _label });
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

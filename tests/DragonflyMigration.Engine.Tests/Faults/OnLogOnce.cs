using System;
using System.Threading;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// Acts once, on the first log line that matches: how a fault test hits a state of the replication
    /// (": Streaming,"), which reports no typed milestones; a cutover's moments are hit by
    /// <see cref="OnMilestoneOnce"/>. The action runs on the operation's own thread, before its next step,
    /// so the fault is in place when that step starts.
    /// </summary>
    internal sealed class OnLogOnce
    {
        private readonly Func<string, bool> _matches;
        private readonly Action _action;
        private int _fired;

        public OnLogOnce(Func<string, bool> matches, Action action)
        {
            _matches = matches;
            _action = action;
        }

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public void Observe(string message)
        {
            if (_matches(message) && Interlocked.Exchange(ref _fired, 1) == 0) _action();
        }
    }
}

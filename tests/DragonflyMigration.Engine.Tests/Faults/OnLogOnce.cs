using System;
using System.Threading;

namespace DragonflyMigration.Engine.Tests.Faults
{
    /// <summary>
    /// Acts once, on the first cutover log line that starts with a prefix: how a fault test hits a
    /// phase ("Freeze: writes paused", "Promote: starting."). The action runs on the cutover's own
    /// thread, before its next step, so the fault is in place when that step starts.
    /// </summary>
    internal sealed class OnLogOnce
    {
        private readonly string _prefix;
        private readonly Action _action;
        private int _fired;

        public OnLogOnce(string prefix, Action action)
        {
            _prefix = prefix;
            _action = action;
        }

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public void Observe(string message)
        {
            if (message.StartsWith(_prefix, StringComparison.Ordinal) && Interlocked.Exchange(ref _fired, 1) == 0) _action();
        }
    }
}

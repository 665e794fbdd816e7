using System;
using DragonflyMigration.Engine.Cutover;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>
    /// Writes an operation's log lines and milestones to the test's output, timed, and lets a test act on a
    /// cutover milestone (by its kind) or on a log line (replication's states, which are not milestones).
    /// </summary>
    internal sealed class TestObserver : IOperationObserver
    {
        private readonly ITestOutputHelper _output;
        private readonly Action<string>? _onLog;
        private readonly Action<CutoverMilestone>? _onMilestone;

        public TestObserver(ITestOutputHelper output, Action<string>? onLog = null, Action<CutoverMilestone>? onMilestone = null)
        {
            _output = output;
            _onLog = onLog;
            _onMilestone = onMilestone;
        }

        public void Log(string message)
        {
            _output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
            _onLog?.Invoke(message);
        }

        public void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null) { }

        public void Milestone(CutoverMilestone milestone)
        {
            _output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} [{milestone.Kind}] {milestone.Message}");
            _onMilestone?.Invoke(milestone);
        }
    }
}

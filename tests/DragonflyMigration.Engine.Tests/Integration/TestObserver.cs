using System;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>Writes an operation's milestones to the test's output, timed, and lets a test act on one.</summary>
    internal sealed class TestObserver : IOperationObserver
    {
        private readonly ITestOutputHelper _output;
        private readonly Action<string>? _onLog;

        public TestObserver(ITestOutputHelper output, Action<string>? onLog = null)
        {
            _output = output;
            _onLog = onLog;
        }

        public void Log(string message)
        {
            _output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
            _onLog?.Invoke(message);
        }

        public void Progress(string phase, string status, double? percent) { }
    }
}

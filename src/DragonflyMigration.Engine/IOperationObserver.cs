using DragonflyMigration.Engine.Cutover;

namespace DragonflyMigration.Engine
{
    /// <summary>
    /// Where long engine operations report what they do. Called from worker threads; the cmdlets
    /// queue the calls and replay them on the pipeline thread as verbose and progress records.
    /// </summary>
    public interface IOperationObserver
    {
        /// <summary>A milestone worth a line in a runbook's log.</summary>
        void Log(string message);

        /// <summary>Where a long wait stands: its current phase and, when known, a percentage and the time left.</summary>
        void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null);

        /// <summary>A typed cutover event: rendered like <see cref="Log"/>, and keyed on by its kind.</summary>
        void Milestone(CutoverMilestone milestone);
    }

    /// <summary>An observer that drops everything (tests, callers without a console).</summary>
    public sealed class NullObserver : IOperationObserver
    {
        public static readonly NullObserver Instance = new NullObserver();

        public void Log(string message) { }

        public void Progress(string phase, string status, double? percent, System.TimeSpan? remaining = null) { }

        public void Milestone(CutoverMilestone milestone) { }
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// What the cutover changed so far, with how to undo it. Before promotion any failure runs every
    /// undo step, newest first (DESIGN.md invariant 4), and reports what was restored.
    /// </summary>
    internal sealed class Rollback
    {
        private readonly List<(string What, Func<CancellationToken, Task> Undo)> _steps = new List<(string, Func<CancellationToken, Task>)>();

        public void Add(string what, Func<CancellationToken, Task> undo) => _steps.Add((what, undo));

        public void Forget(string what) => _steps.RemoveAll(s => s.What == what);

        /// <summary>Undoes everything; never throws. Returns one line per step, saying whether it worked.</summary>
        public async Task<IReadOnlyList<string>> RunAsync()
        {
            var report = new List<string>();
            // Restoring must finish even when the caller was cancelled: use a fresh, bounded token.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            for (var i = _steps.Count - 1; i >= 0; i--)
            {
                try
                {
                    await _steps[i].Undo(bound.Token).ConfigureAwait(false);
                    report.Add("restored: " + _steps[i].What);
                }
                catch (Exception ex)
                {
                    report.Add($"NOT restored: {_steps[i].What} ({ex.Message})");
                }
            }
            _steps.Clear();
            return report;
        }
    }
}

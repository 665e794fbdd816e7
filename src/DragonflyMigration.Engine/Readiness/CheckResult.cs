using System.Collections.Generic;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>The outcome of one readiness check: a verdict, why, what to do, and what was measured.</summary>
    public sealed class CheckResult
    {
        public CheckResult(CheckDefinition definition, Verdict verdict)
        {
            Name = definition.Name;
            Category = definition.Category;
            Status = verdict.Status;
            Message = verdict.Message;
            Remediation = verdict.Remediation;
            Data = verdict.Data;
        }

        public string Name { get; }

        public string Category { get; }

        public CheckStatus Status { get; }

        public string Message { get; }

        /// <summary>What to do about a warning or failure; null when the check passed.</summary>
        public string? Remediation { get; }

        /// <summary>The measured values the verdict rests on, in the order they were recorded.</summary>
        public IList<KeyValuePair<string, object?>> Data { get; }

        public override string ToString() => $"{Status} {Name}: {Message}";
    }
}

using System.Collections.Generic;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>What a rule concludes; the catalog adds the check's name and category.</summary>
    public sealed class Verdict
    {
        private Verdict(ReadinessStatus status, string message, string? remediation)
        {
            Status = status;
            Message = message;
            Remediation = remediation;
        }

        public ReadinessStatus Status { get; }

        public string Message { get; }

        public string? Remediation { get; }

        public IList<KeyValuePair<string, object?>> Data { get; } = new List<KeyValuePair<string, object?>>();

        public static Verdict Pass(string message) => new Verdict(ReadinessStatus.Pass, message, null);

        public static Verdict Warn(string message, string remediation) => new Verdict(ReadinessStatus.Warn, message, remediation);

        public static Verdict Fail(string message, string remediation) => new Verdict(ReadinessStatus.Fail, message, remediation);

        public static Verdict Skipped(string message) => new Verdict(ReadinessStatus.Skipped, message, null);

        public Verdict With(string key, object? value)
        {
            Data.Add(new KeyValuePair<string, object?>(key, value));
            return this;
        }
    }
}

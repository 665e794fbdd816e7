using System.Collections.Generic;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>What a rule concludes; the catalog adds the check's name and category.</summary>
    public sealed class Verdict
    {
        private Verdict(CheckStatus status, string message, string? remediation)
        {
            Status = status;
            Message = message;
            Remediation = remediation;
        }

        public CheckStatus Status { get; }

        public string Message { get; }

        public string? Remediation { get; }

        public IList<KeyValuePair<string, object?>> Data { get; } = new List<KeyValuePair<string, object?>>();

        public static Verdict Pass(string message) => new Verdict(CheckStatus.Pass, message, null);

        public static Verdict Warn(string message, string remediation) => new Verdict(CheckStatus.Warn, message, remediation);

        public static Verdict Fail(string message, string remediation) => new Verdict(CheckStatus.Fail, message, remediation);

        public static Verdict Skipped(string message) => new Verdict(CheckStatus.Skipped, message, null);

        /// <summary>A Sentinel group rule's finding as a check's verdict, with its data.</summary>
        public static Verdict From(Sentinel.SentinelFinding finding)
        {
            var verdict = finding.Level switch
            {
                Sentinel.FindingLevel.Fail => Fail(finding.Message, finding.Remedy ?? string.Empty),
                Sentinel.FindingLevel.Warn => Warn(finding.Message, finding.Remedy ?? string.Empty),
                _ => Pass(finding.Message),
            };
            foreach (var item in finding.Data) verdict.Data.Add(item);
            return verdict;
        }

        public Verdict With(string key, object? value)
        {
            Data.Add(new KeyValuePair<string, object?>(key, value));
            return this;
        }
    }
}

using System.Collections.Specialized;
using System.Linq;
using DragonflyMigration.Engine.Readiness;

namespace DragonflyMigration
{
    /// <summary>The verdict of one readiness check.</summary>
    public enum ReadinessStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
    }

    /// <summary>One readiness check, as Test-MigrationReadiness writes it.</summary>
    public sealed class ReadinessCheck
    {
        internal ReadinessCheck(Engine.Readiness.CheckResult check)
        {
            Name = check.Name;
            Category = check.Category;
            Status = (ReadinessStatus)(int)check.Status;
            Message = check.Message;
            Remediation = check.Remediation;
            Data = new OrderedDictionary();
            foreach (var pair in check.Data) Data[pair.Key] = pair.Value;
        }

        /// <summary>The check's stable name, e.g. SentinelPromotion.</summary>
        public string Name { get; }

        public string Category { get; }

        public ReadinessStatus Status { get; }

        public string Message { get; }

        /// <summary>What to do about a warning or failure; empty when the check passed.</summary>
        public string? Remediation { get; }

        /// <summary>The measured values behind the verdict.</summary>
        public OrderedDictionary Data { get; }

        public override string ToString() => $"{Status} {Name}: {Message}";

        /// <summary>
        /// Every readiness check, in the order Test-MigrationReadiness reports them, Skipped with
        /// <paramref name="reason"/>: a report whose checks could not run keeps its shape, as the shipped
        /// Diagnostics suite writes it when a node cannot be connected.
        /// </summary>
        public static ReadinessCheck[] NotRun(string reason) =>
            ReadinessCatalog.All.Select(c => new ReadinessCheck(new CheckResult(c, Verdict.Skipped(reason)))).ToArray();
    }
}

using System.Collections.Specialized;

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
    }
}

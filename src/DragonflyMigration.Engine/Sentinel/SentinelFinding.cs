using System.Collections.Generic;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>How a group rule judged the Sentinels.</summary>
    public enum FindingLevel
    {
        Ok,
        Warn,
        Fail,
    }

    /// <summary>
    /// What one of <see cref="SentinelGroupRules"/> concluded: readiness reports it as a check, the
    /// cutover preflight and the other cmdlets throw it (<see cref="ToException"/>) when it fails.
    /// </summary>
    public sealed class SentinelFinding
    {
        internal SentinelFinding(FindingLevel level, MigrationErrorKind kind, string message, string? remedy, string? subject)
        {
            Level = level;
            Kind = kind;
            Message = message;
            Remedy = remedy;
            Subject = subject;
        }

        public FindingLevel Level { get; }

        /// <summary>The error a failure is raised as.</summary>
        public MigrationErrorKind Kind { get; }

        public string Message { get; }

        public string? Remedy { get; }

        /// <summary>What the finding is about (a Sentinel, a replica, the master name).</summary>
        public string? Subject { get; }

        /// <summary>The measured values behind the finding, in the order they were recorded.</summary>
        public IList<KeyValuePair<string, object?>> Data { get; } = new List<KeyValuePair<string, object?>>();

        public bool Failed => Level == FindingLevel.Fail;

        internal SentinelFinding With(string key, object? value)
        {
            Data.Add(new KeyValuePair<string, object?>(key, value));
            return this;
        }

        public MigrationException ToException() => new MigrationException(Kind, Message, Subject) { Remedy = Remedy };

        public override string ToString() => $"{Level}: {Message}";
    }
}

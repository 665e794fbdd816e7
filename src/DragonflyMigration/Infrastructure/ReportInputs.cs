using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DragonflyMigration.Engine.Reporting;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Reads the report's inputs by property, through PowerShell's adapters, so a live object and the same
    /// object after serialization (Export-Clixml, a job's output, an Azure Automation child job) read alike.
    /// </summary>
    internal static class ReportInputs
    {
        /// <summary>The object itself, or one that was it before serialization.</summary>
        public static bool Is<T>(object value) =>
            value is T || (value is PSObject ps && ps.TypeNames.Contains("Deserialized." + typeof(T).FullName));

        public static FailoverData Failover(object failover, IEnumerable<string> recovered)
        {
            var f = PSObject.AsPSObject(failover);
            return new FailoverData
            {
                MasterName = Text(f, "MasterName"),
                OldPrimary = Text(f, "OldPrimary"),
                NewPrimary = Text(f, "NewPrimary"),
                AlreadyCompleted = Value<bool>(f, "AlreadyCompleted"),
                Phases = Items(f, "Phases").Select(p => new PhaseRow
                {
                    Name = Text(p, "Name"), DurationMilliseconds = Value<double>(p, "DurationMilliseconds"), Succeeded = Value<bool>(p, "Succeeded"), Detail = Text(p, "Detail"),
                }).ToList(),
                WritePauseMilliseconds = Value<double>(f, "WritePauseMilliseconds"),
                Warnings = Texts(f, "Warnings"),
                ConfirmingSentinels = Texts(f, "ConfirmingSentinels"),
                ExcludedReplicas = Texts(f, "ExcludedReplicas"),
                UnpromotableReplicas = Texts(f, "UnpromotableReplicas"),
                SentinelFailoverNote = OptionalText(f, "SentinelFailoverNote"),
                Recovered = recovered.ToList(),
            };
        }

        /// <summary>A plan run's group result, with what a writer measured on that group when one was given.</summary>
        public static GroupRow Group(object result, IReadOnlyList<object> writes)
        {
            var g = PSObject.AsPSObject(result);
            var name = Text(g, "MasterName");
            var written = writes.Select(PSObject.AsPSObject).Where(w => Text(w, "MasterName") == name).ToList();
            var failover = g.Properties["Failover"]?.Value;
            return new GroupRow
            {
                MasterName = name,
                Source = Text(g, "Source"),
                Target = Text(g, "Target"),
                Requested = Text(g, "Requested"),
                Wave = Value<int>(g, "Wave"),
                Result = Text(g, "Result"),
                StageBefore = OptionalText(g, "StageBefore"),
                StageAfter = OptionalText(g, "StageAfter"),
                ErrorId = OptionalText(g, "ErrorId"),
                Detail = Text(g, "Detail"),
                WritePauseMilliseconds = g.Properties["WritePauseMilliseconds"]?.Value is { } pause ? LanguagePrimitives.ConvertTo<double>(pause) : (double?)null,
                AcknowledgedWrites = written.Count == 0 ? (long?)null : written.Sum(w => Value<long>(w, "Acknowledged")),
                LostWrites = written.Count == 0 ? (long?)null : written.Sum(w => Value<long>(w, "Lost")),
                Cutover = failover == null ? null : Failover(failover, Texts(PSObject.AsPSObject(failover), "Recovered")),
            };
        }

        private static string Text(PSObject o, string name) => OptionalText(o, name) ?? string.Empty;

        private static string? OptionalText(PSObject o, string name) => o.Properties[name]?.Value is { } v ? v.ToString() : null;

        private static T Value<T>(PSObject o, string name) => o.Properties[name]?.Value is { } v ? LanguagePrimitives.ConvertTo<T>(v) : default!;

        private static IEnumerable<PSObject> Items(PSObject o, string name) =>
            o.Properties[name]?.Value is { } v && (v is PSObject ps ? ps.BaseObject : v) is IEnumerable items && !(v is string)
                ? items.Cast<object>().Where(i => i != null).Select(PSObject.AsPSObject)
                : Enumerable.Empty<PSObject>();

        private static IReadOnlyList<string> Texts(PSObject o, string name) => Items(o, name).Select(i => i.BaseObject.ToString()).ToList();
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Options;

namespace DragonflyMigration.Engine.Fleet
{
    /// <summary>
    /// Reads a migration plan from the data of a plan file (a PowerShell data file: hashtables, arrays,
    /// strings, numbers, booleans) without asking any server anything. Every problem is collected and
    /// reported at once, each naming its entry and field, so one edit fixes them all.
    /// </summary>
    public static class MigrationPlanReader
    {
        private static readonly string[] TopKeys = { "Defaults", "Groups" };

        /// <summary>What a group (or Defaults) may set; a group's own value wins over Defaults.</summary>
        private static readonly string[] GroupKeys =
        {
            "MasterName", "Source", "Target", "Sentinels", "Credential", "SentinelCredential", "MaxWritePause", "StableFor", "SteadyTimeout",
            "ExcludeOtherReplicas", "ForceTarget",
        };

        /// <summary>What only a group can say: Defaults naming a node or a group would apply it to every group.</summary>
        private static readonly string[] PerGroupOnly = { "MasterName", "Source", "Target" };

        public static MigrationPlan Read(IDictionary data)
        {
            var problems = new List<string>();
            foreach (var key in Unknown(data, TopKeys)) problems.Add($"'{key}' is not a plan entry; a plan has {string.Join(" and ", TopKeys)}.");
            var defaults = data["Defaults"] as IDictionary;
            if (data.Contains("Defaults") && defaults == null) problems.Add("Defaults must be a hashtable (@{ ... }).");
            defaults ??= new Hashtable();
            foreach (var key in Unknown(defaults, GroupKeys)) problems.Add($"Defaults: '{key}' is not a setting; the settings are {string.Join(", ", GroupKeys)}.");
            foreach (var key in PerGroupOnly.Where(defaults.Contains)) problems.Add($"Defaults: {key} belongs to each group, not to the defaults.");

            var entries = data["Groups"] switch
            {
                null => null,
                IDictionary single => new object[] { single },
                IEnumerable many when !(many is string) => many.Cast<object>().ToArray(),
                _ => null,
            };
            if (entries == null || entries.Length == 0) problems.Add("Groups must list at least one group: Groups = @( @{ MasterName = ...; Source = ...; Target = ... } ).");

            var groups = new List<PlannedGroup>();
            for (var i = 0; entries != null && i < entries.Length; i++)
            {
                if (entries[i] is not IDictionary entry)
                {
                    problems.Add($"Groups[{i}] must be a hashtable (@{{ ... }}).");
                    continue;
                }
                var group = ReadGroup(i, entry, defaults, problems);
                if (group != null) groups.Add(group);
            }
            Duplicates(groups, g => g.MasterName, "MasterName", problems, StringComparer.Ordinal);
            Duplicates(groups, g => g.Source.ToString(), "Source", problems, StringComparer.OrdinalIgnoreCase);
            Duplicates(groups, g => g.Target.ToString(), "Target", problems, StringComparer.OrdinalIgnoreCase);
            foreach (var target in groups.Select(g => g.Target).Where(t => groups.Any(g => g.Source.Equals(t))))
                problems.Add($"{target} is one group's Target and another's Source.");

            if (problems.Count > 0)
            {
                throw new MigrationException(MigrationErrorKind.PlanInvalid,
                    $"The migration plan has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
                { Remedy = "Correct each entry named, then import the plan again; nothing was sent to any server." };
            }
            return new MigrationPlan { Groups = groups };
        }

        private static PlannedGroup? ReadGroup(int index, IDictionary entry, IDictionary defaults, List<string> problems)
        {
            var name = entry["MasterName"] as string;
            var where = string.IsNullOrWhiteSpace(name) ? $"Groups[{index}]" : $"Groups[{index}] ({name})";
            var before = problems.Count;
            void Problem(string text) => problems.Add($"{where}: {text}");
            object? Value(string key) => entry.Contains(key) ? entry[key] : defaults[key];

            foreach (var key in Unknown(entry, GroupKeys)) Problem($"'{key}' is not a setting; the settings are {string.Join(", ", GroupKeys)}.");
            if (string.IsNullOrWhiteSpace(name)) Problem("MasterName is missing: the name the Sentinels monitor the group's primary under.");
            var source = Endpoint(entry["Source"], "Source", NodeEndpoint.DefaultRedisPort, Problem);
            var target = Endpoint(entry["Target"], "Target", NodeEndpoint.DefaultRedisPort, Problem);
            if (source != null && target != null && source.Equals(target)) Problem($"Source and Target are both {source}.");
            var sentinels = List(Value("Sentinels")).Select(s => Endpoint(s, "Sentinels", NodeEndpoint.DefaultSentinelPort, Problem)).ToList();
            if (sentinels.Count == 0) Problem("Sentinels is missing: give the group's Sentinels, or Defaults.Sentinels for every group.");
            var credential = Credential(Value("Credential"), "Credential", Problem);
            var sentinelCredential = Credential(Value("SentinelCredential"), "SentinelCredential", Problem);
            var maxWritePause = Duration(Value("MaxWritePause"), OptionRanges.MaxWritePause, Problem);
            var stableFor = Duration(Value("StableFor"), OptionRanges.StableFor, Problem);
            var steadyTimeout = Duration(Value("SteadyTimeout"), OptionRanges.SteadyTimeout, Problem);
            if (stableFor >= steadyTimeout) Problem($"StableFor ({stableFor}) must be shorter than SteadyTimeout ({steadyTimeout}).");
            var exclude = Flag(Value("ExcludeOtherReplicas"), "ExcludeOtherReplicas", Problem);
            var force = Flag(Value("ForceTarget"), "ForceTarget", Problem);
            if (problems.Count > before) return null;
            return new PlannedGroup
            {
                MasterName = name!, Source = source!, Target = target!, Sentinels = sentinels!, Credential = credential, SentinelCredential = sentinelCredential,
                MaxWritePause = maxWritePause, StableFor = stableFor, SteadyTimeout = steadyTimeout, ExcludeOtherReplicas = exclude, ForceTarget = force,
            };
        }

        private static IEnumerable<string> Unknown(IDictionary data, string[] known) =>
            data.Keys.Cast<object>().Select(k => k?.ToString() ?? string.Empty).Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase));

        private static IEnumerable<object?> List(object? value) => value switch
        {
            null => Enumerable.Empty<object?>(),
            string text => text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => (object?)s.Trim()),
            IEnumerable many => many.Cast<object?>(),
            _ => new[] { value },
        };

        private static NodeEndpoint? Endpoint(object? value, string field, int defaultPort, Action<string> problem)
        {
            if (value is not string text || string.IsNullOrWhiteSpace(text))
            {
                problem($"{field} is missing or not a host:port string.");
                return null;
            }
            if (NodeEndpoint.TryParse(text, defaultPort, out var endpoint, out var why)) return endpoint;
            problem($"{field} '{text}' is not an endpoint: {why}");
            return null;
        }

        private static CredentialReference? Credential(object? value, string field, Action<string> problem)
        {
            if (value == null) return null;
            if (value is IDictionary reference && reference.Count == 1)
            {
                var key = reference.Keys.Cast<object>().Single().ToString();
                if (Enum.TryParse<CredentialSource>(key, true, out var source) && Enum.IsDefined(typeof(CredentialSource), source)
                    && reference[key] is string name && !string.IsNullOrWhiteSpace(name))
                    return new CredentialReference { Source = source, Name = name };
            }
            problem($"{field} must name where the credential comes from, one of @{{ Automation = 'asset name' }}, @{{ Secret = 'secret name' }} or @{{ Parameter = 'key' }}; a plan never holds a password.");
            return null;
        }

        private static TimeSpan Duration(object? value, DurationOption option, Action<string> problem)
        {
            if (value == null) return option.Default;
            TimeSpan duration;
            if (DurationValue.TrySeconds(value, out var seconds)) duration = seconds;
            else if (value is string text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed)) duration = parsed;
            else
            {
                problem($"{option.Name} '{value}' is not a duration: write '00:00:02' or a number of seconds.");
                return option.Default;
            }
            if (!option.Accepts(duration))
            {
                problem($"{option.Name} {duration} is outside {option.DescribeRange()}.");
                return option.Default;
            }
            return duration;
        }

        private static bool Flag(object? value, string field, Action<string> problem)
        {
            if (value == null) return false;
            if (value is bool flag) return flag;
            problem($"{field} must be $true or $false.");
            return false;
        }

        private static void Duplicates(IEnumerable<PlannedGroup> groups, Func<PlannedGroup, string> key, string field, List<string> problems, StringComparer comparer)
        {
            foreach (var repeated in groups.GroupBy(key, comparer).Where(g => g.Count() > 1))
                problems.Add($"{field} {repeated.Key} appears in {repeated.Count()} groups ({string.Join(", ", repeated.Select(g => g.MasterName))}); each group needs its own.");
        }
    }
}

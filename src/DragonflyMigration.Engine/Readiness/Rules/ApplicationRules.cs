using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Readiness.Rules
{
    /// <summary>
    /// Features the applications use on the source that behave differently on Dragonfly: none stops the
    /// migration, each can break an application after it (docs/architecture.md#flavor-capabilities).
    /// </summary>
    internal static class ApplicationRules
    {
        private static readonly string[] ScriptCommands = { "eval", "evalsha", "eval_ro", "evalsha_ro" };

        /// <summary>Dragonfly accepts only expired-key events (notify-keyspace-events "" or "Ex").</summary>
        public static Verdict KeyspaceNotifications(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var events = f.Source.ConfigValue("notify-keyspace-events");
            if (events == null) return Verdict.Skipped("CONFIG GET notify-keyspace-events did not answer on the source.");
            var flags = new string(events.OrderBy(c => c).ToArray());
            return flags.Length == 0 || string.Equals(flags, "Ex", StringComparison.Ordinal)
                ? Verdict.Pass(flags.Length == 0 ? "Keyspace notifications are off on the source." : "The source sends expired-key notifications only (Ex), which Dragonfly supports.").With("NotifyKeyspaceEvents", events)
                : Verdict.Warn($"The source has notify-keyspace-events '{events}'; Dragonfly sends expired-key events only (Ex) and refuses any other setting.",
                    "Check which applications subscribe to __keyspace@*__ or __keyevent@*__ channels; only expired events will reach them after the migration.").With("NotifyKeyspaceEvents", events);
        }

        /// <summary>Dragonfly tracks clients only over RESP3, without REDIRECT, BCAST or PREFIX.</summary>
        public static Verdict ClientTracking(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var tracking = f.Source.Info.GetInt64("tracking_clients");
            if (tracking == null) return Verdict.Skipped("The source's INFO shows no tracking_clients.");
            return (tracking == 0
                    ? Verdict.Pass("No client uses client-side caching (CLIENT TRACKING) on the source.")
                    : Verdict.Warn($"{tracking} client(s) use client-side caching (CLIENT TRACKING) on the source; Dragonfly supports it over RESP3 only, without REDIRECT, BCAST or PREFIX.",
                        "Check those clients' tracking mode; RESP2 clients and broadcasting mode lose invalidations after the migration."))
                .With("TrackingClients", tracking);
        }

        /// <summary>Dragonfly's Lua lets a script touch only the keys it declares, unless configured otherwise.</summary>
        public static Verdict LuaScripts(ReadinessFacts f, ReadinessThresholds t)
        {
            if (f.Source.Unreachable != null) return Verdict.Skipped("The source did not answer.");
            var calls = CommandStats.Calls(f.Source.CommandStats);
            var used = ScriptCommands.Where(c => calls.TryGetValue(c, out var n) && n > 0).Select(c => $"{c.ToUpperInvariant()} ×{calls[c]}").ToArray();
            return (used.Length == 0
                    ? Verdict.Pass("The source has run no Lua scripts.")
                    : Verdict.Warn($"The source runs Lua scripts ({string.Join(", ", used)}); Dragonfly runs Lua 5.4 and, by default, fails a script that touches a key it did not declare in KEYS.",
                        "Check the scripts for undeclared keys, or start Dragonfly with --default_lua_flags=allow-undeclared-keys; replication itself is unaffected (Redis replicates a script's effects)."))
                .With("ScriptCalls", used);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// The errors Dragonfly gives instead of running a command, which the stand-in answers without
    /// asking its Redis backend (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands).
    /// </summary>
    internal static class DragonflyRefusals
    {
        private static readonly HashSet<string> AllowedWhileLoading = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "INFO", "ROLE", "CONFIG", "CLIENT", "PUBLISH", "SUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "MULTI", "EXEC", "DISCARD",
            "REPLICAOF", "SLAVEOF", "DBSIZE", "SCAN", "AUTH", "HELLO", "COMMAND", "REPLCONF", "QUIT", "SELECT", "ECHO",
        };

        private static readonly HashSet<string> Unknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "PSYNC", "SYNC", "SWAPDB", "GEOSEARCHSTORE", "FCALL", "FCALL_RO", "OBJECT", "LCS", "MIGRATE", "WAITAOF", "BGREWRITEAOF", "FAILOVER", "SENTINEL",
            "HPEXPIREAT", "HPEXPIRE", "HEXPIREAT", "HPERSIST", "HPTTL", "HEXPIRETIME",
        };

        /// <summary>Whether this Dragonfly lacks a command Redis has.</summary>
        public static bool Lacks(DragonflyProfile profile, string command) =>
            Unknown.Contains(command) || (command.Equals("WAIT", StringComparison.OrdinalIgnoreCase) && !profile.HasWait);

        /// <summary>The error Dragonfly would give instead of running the command, or null to run it.</summary>
        /// <param name="loading">Whether it is in a full sync, when it answers LOADING to data commands.</param>
        public static Resp? For(DragonflyProfile profile, IReadOnlyList<string> words, bool loading)
        {
            var name = words[0].ToUpperInvariant();
            bool Sub(string subcommand) => words.Count > 1 && words[1].Equals(subcommand, StringComparison.OrdinalIgnoreCase);
            if (Lacks(profile, name)) return Resp.Error($"ERR unknown command `{name}`");
            // Its CLIENT KILL takes no filters, which fails Sentinel's promotion transaction at EXEC.
            if (name == "CLIENT" && Sub("KILL") && words.Skip(2).Any(w => new[] { "TYPE", "USER", "SKIPME", "MAXAGE" }.Contains(w, StringComparer.OrdinalIgnoreCase)))
                return Resp.Error("ERR syntax error");
            if (name == "CLIENT" && Sub("LIST") && words.Count > 2 && !profile.ClientListFilters) return Resp.Error("ERR syntax error");
            if (name == "CONFIG" && Sub("REWRITE") && !profile.ConfigRewrite)
                return Resp.Error("ERR Unknown subcommand or wrong number of arguments for 'REWRITE'. Try CONFIG HELP.");
            if (name == "FUNCTION" && Sub("LIST")) return Resp.Error("ERR Unknown subcommand or wrong number of arguments for 'LIST'. Try FUNCTION HELP.");
            if (name == "ACL" && Sub("DRYRUN") && words.Count > 4 && !profile.AclDryRunTakesArguments)
                return Resp.Error("ERR wrong number of arguments for 'acl dryrun' command");
            if (loading && !AllowedWhileLoading.Contains(name)) return Resp.Error("LOADING Dragonfly is loading the dataset in memory");
            return null;
        }
    }
}

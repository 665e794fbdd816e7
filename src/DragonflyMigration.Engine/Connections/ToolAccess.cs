using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>One command the tool sends to data nodes: its ACL rule, and a command line ACL DRYRUN can judge.</summary>
    public sealed class ToolCommand
    {
        public ToolCommand(string rule, params string[] probe)
        {
            Rule = rule;
            Probe = probe;
        }

        /// <summary>The ACL command rule without its '+' (<c>config|set</c>).</summary>
        public string Rule { get; }

        /// <summary>A command line as the tool sends it, for ACL DRYRUN (<c>CONFIG SET replica-priority 0</c>).</summary>
        public IReadOnlyList<string> Probe { get; }

        public override string ToString() => string.Join(" ", Probe);
    }

    /// <summary>
    /// The least privilege the tool's own user needs on every data node (source, target, other replicas):
    /// the one list of commands it sends, from which the README's <c>ACL SETUSER migrator …</c> line is
    /// made (a test holds the two equal) and which readiness asks ACL DRYRUN about. A command the engine
    /// starts to send must be added here, or the least-privilege end-to-end test fails with NOPERM.
    /// </summary>
    public static class ToolAccess
    {
        /// <summary>Every key the tool writes (the cutover's catch-up marker and its journal hash) matches it.</summary>
        public const string OwnKeys = "dragonfly-migration:*";

        private const string OwnKey = "dragonfly-migration:probe";
        private const string AnyKey = "any-key";

        public static readonly IReadOnlyList<ToolCommand> Commands = new[]
        {
            // StackExchange.Redis's handshake on connect (CLUSTER SLOTS/NODES and CLIENT SETINFO may be
            // refused: the library then treats the node as standalone, which it is).
            new ToolCommand("hello", "HELLO", "3"),
            new ToolCommand("client|setname", "CLIENT", "SETNAME", "DragonflyMigration"),
            new ToolCommand("client|id", "CLIENT", "ID"),
            new ToolCommand("echo", "ECHO", "probe"),
            new ToolCommand("select", "SELECT", "0"),
            // Connecting, every reading of state, readiness.
            new ToolCommand("ping", "PING"),
            new ToolCommand("info", "INFO"),
            new ToolCommand("config|get", "CONFIG", "GET", "replica-priority"),
            new ToolCommand("command|info", "COMMAND", "INFO", "PSYNC"),
            new ToolCommand("function|list", "FUNCTION", "LIST"),
            new ToolCommand("module|list", "MODULE", "LIST"),
            new ToolCommand("acl|users", "ACL", "USERS"),
            new ToolCommand("acl|whoami", "ACL", "WHOAMI"),
            new ToolCommand("acl|dryrun", "ACL", "DRYRUN", "default", "PING"),
            new ToolCommand("memory|usage", "MEMORY", "USAGE", AnyKey),
            // Replication, the cutover and completion.
            new ToolCommand("config|set", "CONFIG", "SET", "replica-priority", "0"),
            new ToolCommand("replicaof", "REPLICAOF", "NO", "ONE"),
            new ToolCommand("multi", "MULTI"),
            new ToolCommand("exec", "EXEC"),
            new ToolCommand("set", "SET", OwnKey, "1", "PX", "60000"),
            new ToolCommand("get", "GET", OwnKey),
            new ToolCommand("del", "DEL", OwnKey),
            new ToolCommand("hset", "HSET", OwnKey, "phase", "Arm"),
            new ToolCommand("client|pause", "CLIENT", "PAUSE", "1000", "WRITE"),
            new ToolCommand("client|unpause", "CLIENT", "UNPAUSE"),
            new ToolCommand("client|kill", "CLIENT", "KILL", "TYPE", "normal"),
            new ToolCommand("client|list", "CLIENT", "LIST", "ID", "1"),
            new ToolCommand("shutdown", "SHUTDOWN", "SAVE"),
            // The target authenticates to the source as this user (Start-DragonflyReplication gives it
            // masteruser/masterauth), so the user also replicates.
            new ToolCommand("psync", "PSYNC", "?", "-1"),
            new ToolCommand("replconf", "REPLCONF", "ACK", "0"),
            // Compare-RedisKeyspace: reads any key.
            new ToolCommand("scan", "SCAN", "0"),
            new ToolCommand("randomkey", "RANDOMKEY"),
            new ToolCommand("exists", "EXISTS", AnyKey),
            new ToolCommand("type", "TYPE", AnyKey),
            new ToolCommand("pttl", "PTTL", AnyKey),
            new ToolCommand("llen", "LLEN", AnyKey),
            new ToolCommand("lrange", "LRANGE", AnyKey, "0", "-1"),
            new ToolCommand("scard", "SCARD", AnyKey),
            new ToolCommand("smembers", "SMEMBERS", AnyKey),
            new ToolCommand("hlen", "HLEN", AnyKey),
            new ToolCommand("hgetall", "HGETALL", AnyKey),
            new ToolCommand("zcard", "ZCARD", AnyKey),
            new ToolCommand("zrange", "ZRANGE", AnyKey, "0", "-1", "WITHSCORES"),
            new ToolCommand("xrange", "XRANGE", AnyKey, "-", "+", "COUNT", "10"),
        };

        /// <summary>
        /// The rules of <c>ACL SETUSER migrator …</c>: read any key, write only the tool's own keys, no
        /// Pub/Sub channels, and no command but those in <see cref="Commands"/>.
        /// </summary>
        public static string AclRules => "resetkeys %R~* ~" + OwnKeys + " resetchannels -@all " + string.Join(" ", Commands.Select(c => "+" + c.Rule));

        /// <summary>
        /// The user this connection is, and the commands of <see cref="Commands"/> that ACL DRYRUN says it
        /// may not run, in the list's order; null when the node has no ACL WHOAMI or ACL DRYRUN (Redis
        /// before 7.0, or a server whose ACL DRYRUN judges none of them). A refused ACL WHOAMI or ACL DRYRUN is itself a refused command.
        /// </summary>
        public static async Task<ToolAccessFacts?> ReadAsync(NodeClient node, CancellationToken cancellationToken)
        {
            string user;
            try
            {
                user = UserOf((await node.ExecuteAsync("ACL", new object[] { "WHOAMI" }, cancellationToken).ConfigureAwait(false)).AsText());
            }
            catch (MigrationException ex) when (ex.Is(ServerError.NoPermission))
            {
                return new ToolAccessFacts(node.Settings.EffectiveUser ?? "default", new[] { "ACL WHOAMI" });
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
            var refused = new List<string>();
            var judged = 0;
            foreach (var command in Commands)
            {
                ReplyValue reply;
                try
                {
                    reply = await node.ExecuteAsync("ACL", new object[] { "DRYRUN", user }.Concat(command.Probe).ToArray(), cancellationToken).ConfigureAwait(false);
                }
                catch (MigrationException ex) when (ex.Is(ServerError.NoPermission))
                {
                    // The user may not ask: ACL DRYRUN is one of the tool's commands, and the rest stay unknown.
                    return new ToolAccessFacts(user, refused.Concat(new[] { "ACL DRYRUN" }).ToList());
                }
                catch (MigrationException ex) when (ex.IsServerRefusal)
                {
                    // A command this server does not have (the handshake's HELLO on an old one, say) is never sent to it.
                    continue;
                }
                judged++;
                if (reply.AsText() != "OK") refused.Add(command.ToString());
            }
            return judged == 0 ? null : new ToolAccessFacts(user, refused);
        }

        /// <summary>The user ACL WHOAMI names: Redis answers the name, Dragonfly "User is name" (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands).</summary>
        public static string UserOf(string whoami) =>
            whoami.StartsWith(DragonflyWhoamiPrefix, StringComparison.Ordinal) ? whoami.Substring(DragonflyWhoamiPrefix.Length) : whoami;

        private const string DragonflyWhoamiPrefix = "User is ";
    }

    /// <summary>What ACL DRYRUN said about the connecting user on one node.</summary>
    public sealed class ToolAccessFacts
    {
        public ToolAccessFacts(string user, IReadOnlyList<string> refused)
        {
            User = user;
            Refused = refused;
        }

        /// <summary>The user the connection authenticated as (ACL WHOAMI).</summary>
        public string User { get; }

        /// <summary>The tool's command lines the user may not run, in the order the tool's list has them; empty when it may run all.</summary>
        public IReadOnlyList<string> Refused { get; }
    }
}

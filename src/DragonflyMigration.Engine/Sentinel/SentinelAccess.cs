using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>
    /// Whether the users Sentinel may authenticate as can run its commands on a node. Sentinel uses the
    /// same credentials for the primary and its replicas, and its promotion is one MULTI/EXEC: one
    /// command the user may not run aborts it, and the target is never promoted. Asked with ACL DRYRUN,
    /// which runs nothing.
    /// </summary>
    public static class SentinelAccess
    {
        /// <summary>What Sentinel sends to a replica it monitors and, in one transaction, to the one it promotes.</summary>
        public static readonly IReadOnlyList<string[]> Commands = new[]
        {
            new[] { "PING" }, new[] { "INFO" }, new[] { "PUBLISH", "__sentinel__:hello", "probe" }, new[] { "SUBSCRIBE", "__sentinel__:hello" },
            new[] { "MULTI" }, new[] { "SLAVEOF", "NO", "ONE" }, new[] { "CONFIG", "REWRITE" }, new[] { "CLIENT", "KILL", "TYPE", "normal" }, new[] { "EXEC" },
        };

        /// <summary>
        /// Per user, the first of Sentinel's commands it may not run (null when it may run all); null when
        /// the node has no ACL USERS or ACL DRYRUN (Redis before 7.0) or will not tell this connection.
        /// </summary>
        /// <param name="users">The node's ACL users when already read (ACL USERS); read here when null.</param>
        public static async Task<IReadOnlyDictionary<string, string?>?> ReadDenialsAsync(NodeClient node, IReadOnlyList<string>? users, CancellationToken cancellationToken)
        {
            try
            {
                users ??= (await node.ExecuteAsync("ACL", new object[] { "USERS" }, cancellationToken).ConfigureAwait(false)).AsArray().Select(u => u.AsText()).ToList();
                var denials = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var user in users)
                {
                    string? denied = null;
                    foreach (var command in Commands)
                    {
                        var reply = await node.ExecuteAsync("ACL", new object[] { "DRYRUN", user }.Concat(command).ToArray(), cancellationToken).ConfigureAwait(false);
                        if (reply.AsText() == "OK") continue;
                        denied = string.Join(" ", command);
                        break;
                    }
                    denials[user] = denied;
                }
                return denials;
            }
            catch (MigrationException ex) when (ex.IsServerRefusal)
            {
                return null;
            }
        }

        /// <summary>
        /// Users that may run all of Sentinel's commands on the source (so any Sentinel could be using) but
        /// not on the target, each with the first command refused there.
        /// </summary>
        public static IReadOnlyList<string> RefusedOnTarget(IReadOnlyDictionary<string, string?> source, IReadOnlyDictionary<string, string?> target) =>
            source.Where(kv => kv.Value == null).Select(kv => kv.Key)
                .Where(user => target.TryGetValue(user, out var denied) && denied != null)
                .Select(user => $"{user} ({target[user]})")
                .ToList();

        /// <summary>The users that may run all of Sentinel's commands on the source.</summary>
        public static IReadOnlyList<string> Candidates(IReadOnlyDictionary<string, string?> source) =>
            source.Where(kv => kv.Value == null).Select(kv => kv.Key).ToList();
    }
}

using System;
using System.Globalization;
using System.Linq;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Replies of Dragonfly's own that no Redis reply is rewritten into, or only in its words
    /// (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands).
    /// </summary>
    internal static class DragonflyReplies
    {
        private const string WaitOnReplica = "ERR WAIT cannot be used with replica instances.";

        /// <summary>Its built-in JSON and search listed as modules: name and version each, as simple strings and integers.</summary>
        public static Resp ModuleList(bool resp3) => Resp.ArrayOf(new[] { (Name: "ReJSON", Version: 20808), (Name: "search", Version: 21015) }.Select(module =>
            Resp.Aggregate(resp3 ? '%' : '*', new[]
            {
                Resp.Simple("name"), Resp.Simple(module.Name), Resp.Simple("ver"), Resp.Line(':', module.Version.ToString(CultureInfo.InvariantCulture)),
            })));

        /// <summary>ACL WHOAMI answers a sentence, not the bare name.</summary>
        public static Resp WhoAmI(Resp reply) => reply.Kind == Resp.Type.Bulk ? Resp.BulkOf("User is " + reply.AsText()) : reply;

        /// <summary>A replica refuses WAIT in a shorter sentence than Redis's.</summary>
        public static Resp Wait(Resp reply) =>
            reply.Kind == Resp.Type.Error && reply.AsText().StartsWith(WaitOnReplica, StringComparison.Ordinal) ? Resp.Error(WaitOnReplica) : reply;

        /// <summary>A replica refuses every REPLCONF: Dragonfly cannot be replicated from a replica.</summary>
        public static Resp ReplconfOnReplica => Resp.Error("ERR Replicating a replica is unsupported");
    }
}

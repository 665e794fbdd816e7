using System.Collections.Generic;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Dragonfly's HELLO (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands): the Redis version
    /// it claims followed by its own <c>dragonfly_version</c>, its role words, and no <c>modules</c>.
    /// </summary>
    internal static class HelloRewriter
    {
        /// <summary>Redis's reply rewritten, as a map (RESP3) or a flat array of names and values (RESP2).</summary>
        public static Resp Rewrite(Resp reply, DragonflyProfile profile)
        {
            if (reply.Kind != Resp.Type.Array) return reply;
            var items = new List<Resp>();
            for (var i = 0; i + 1 < reply.Items!.Count; i += 2)
            {
                var name = reply.Items[i];
                var value = reply.Items[i + 1];
                switch (name.AsText())
                {
                    case "modules":
                        continue;
                    case "version":
                        items.AddRange(new[] { name, Resp.BulkOf(profile.RedisVersion), Resp.BulkOf("dragonfly_version"), Resp.BulkOf("df-v" + profile.Version) });
                        continue;
                    case "role" when value.AsText() == "replica":
                        value = Resp.BulkOf(profile.SlaveRole ? "slave" : "replica");
                        break;
                }
                items.Add(name);
                items.Add(value);
            }
            return Resp.Aggregate(reply.Marker, items);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Dragonfly's COMMAND INFO (tests/DragonflyMigration.Engine.Tests/Samples/tool-commands): each entry
    /// has 7 elements (name, arity, flags, first, last and step keys, ACL categories), not Redis 7's 10;
    /// a command it lacks makes the reply nil as a whole, where Redis answers an array holding a nil.
    /// With several names of which one is missing, v1.40 answers nil and v1.35 <c>ERR syntax error</c>.
    /// </summary>
    internal static class CommandInfoRewriter
    {
        private const int EntryLength = 7;

        /// <param name="names">The names asked for, in order.</param>
        /// <param name="reply">Redis's reply: one entry or nil per name.</param>
        /// <param name="lacks">Whether Dragonfly lacks a command Redis has.</param>
        public static Resp Rewrite(IReadOnlyList<string> names, Resp reply, DragonflyProfile profile, bool resp3, Func<string, bool> lacks)
        {
            if (reply.Kind != Resp.Type.Array || reply.Items!.Count != names.Count) return reply;
            if (reply.Items.Where((entry, i) => entry.Kind == Resp.Type.Null || lacks(names[i])).Any())
                return names.Count > 1 && !profile.NilForSeveralCommandInfoNames ? Resp.Error("ERR syntax error") : Resp.Nil(resp3);
            return Resp.Aggregate(reply.Marker, reply.Items.Select(entry => Resp.Aggregate(entry.Marker, entry.Items!.Take(EntryLength).ToList())).ToList());
        }
    }
}

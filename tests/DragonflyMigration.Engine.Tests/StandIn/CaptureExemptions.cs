using System;
using System.Collections.Generic;
using System.Linq;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// The only places where the stand-in's reply may differ in arity from the capture: a value at such
    /// a path is compared by kind alone. Each says why real Dragonfly's count cannot be expected of the stand-in.
    /// </summary>
    internal static class CaptureExemptions
    {
        private sealed record Exemption(string Command, string Path);

        private static readonly Exemption[] All =
        {
            // The keys found depend on the data: the RESP3 primary captures also list 'marker', which the
            // RESP2 file's cutover transaction had written on the same server seconds before.
            new Exemption("SCAN", "[1]"),
            // A command's flags are each server's own (Dragonfly: SLOW write denyoom for SET; Redis: write
            // denyoom) and cannot be derived from Redis's; the tool never reads them.
            new Exemption("COMMAND INFO", "[*][2]"),
        };

        /// <summary>Whether the value at <paramref name="path"/> (as <c>[0][2]</c>) of this command's reply is compared by kind alone.</summary>
        public static bool KindOnly(IReadOnlyList<string> command, string path) =>
            All.Any(e => Matches(e.Command, command) && PathMatches(e.Path, path));

        private static bool Matches(string exempted, IReadOnlyList<string> command)
        {
            var words = exempted.Split(' ');
            return command.Count >= words.Length && words.Select((w, i) => w.Equals(command[i], StringComparison.OrdinalIgnoreCase)).All(x => x);
        }

        private static bool PathMatches(string pattern, string path)
        {
            var expected = pattern.Trim('[', ']').Split("][");
            var actual = path.Length == 0 ? Array.Empty<string>() : path.Trim('[', ']').Split("][");
            return expected.Length == actual.Length && expected.Zip(actual, (e, a) => e == "*" || e == a).All(x => x);
        }
    }
}

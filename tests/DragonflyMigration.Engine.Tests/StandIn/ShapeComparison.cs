using System.Collections.Generic;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// Compares a reply with a captured one by what a client depends on: kind, nullness and arity,
    /// element by element, and an error's code (its first word); never the values themselves.
    /// </summary>
    internal static class ShapeComparison
    {
        /// <summary>Where and how <paramref name="actual"/> first differs from <paramref name="expected"/>, or null when it has the same shape.</summary>
        public static string? Difference(IReadOnlyList<string> command, ReplyShape expected, ReplyShape actual) => Difference(command, expected, actual, string.Empty);

        private static string? Difference(IReadOnlyList<string> command, ReplyShape expected, ReplyShape actual, string path)
        {
            var at = path.Length == 0 ? "the reply" : path;
            if (expected.Kind != actual.Kind) return $"{at} is {actual.Kind} instead of {expected.Kind}";
            if (expected.Kind == ShapeKind.Error && expected.ErrorCode != actual.ErrorCode) return $"{at} is a {actual.ErrorCode} error instead of {expected.ErrorCode}";
            if (expected.Kind != ShapeKind.Array && expected.Kind != ShapeKind.Map) return null;
            if (CaptureExemptions.KindOnly(command, path)) return null;
            if (expected.Arity != actual.Arity) return $"{at} has {actual.Arity} element(s) instead of {expected.Arity}";
            for (var i = 0; i < expected.Items.Count; i++)
            {
                // A map's keys and values alternate: entry n's are [n].key and [n].value.
                var item = expected.Kind == ShapeKind.Map ? $"{path}[{i / 2}].{(i % 2 == 0 ? "key" : "value")}" : $"{path}[{i}]";
                var difference = Difference(command, expected.Items[i], actual.Items[i], item);
                if (difference != null) return difference;
            }
            return null;
        }
    }
}

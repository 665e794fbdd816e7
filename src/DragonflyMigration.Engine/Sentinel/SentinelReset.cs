using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>
    /// SENTINEL RESET for one master name. The command takes a glob pattern, so on Sentinels shared by many
    /// groups a name holding <c>*</c>, <c>?</c> or <c>[</c> would reset other groups too; the name is escaped
    /// to match itself alone, and the count the Sentinel answers is checked.
    /// </summary>
    public static class SentinelReset
    {
        /// <summary>The glob pattern that matches <paramref name="masterName"/> and nothing else.</summary>
        public static string Pattern(string masterName)
        {
            var pattern = new StringBuilder(masterName.Length + 4);
            foreach (var c in masterName)
            {
                if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') pattern.Append('\\');
                pattern.Append(c);
            }
            return pattern.ToString();
        }

        public static async Task ExactAsync(NodeClient sentinel, string masterName, CancellationToken cancellationToken)
        {
            var reset = (await sentinel.ExecuteAsync("SENTINEL", new object[] { "RESET", Pattern(masterName) }, cancellationToken).ConfigureAwait(false)).AsInt64();
            if (reset != 1)
            {
                throw new MigrationException(MigrationErrorKind.UnexpectedReply,
                    $"SENTINEL RESET for '{masterName}' reset {reset} masters on {sentinel.Endpoint}, where one was meant.", sentinel.Endpoint.ToString())
                { Remedy = "Check SENTINEL MASTERS on that Sentinel: the master name should be monitored exactly once." };
            }
        }
    }
}

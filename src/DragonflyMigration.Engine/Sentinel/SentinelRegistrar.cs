using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sentinel
{
    /// <summary>
    /// Puts a primary under a Sentinel (SENTINEL MONITOR, then SENTINEL SET), changing only what
    /// differs, so that running it again changes nothing.
    /// </summary>
    public static class SentinelRegistrar
    {
        /// <summary>What registering would change on this Sentinel, as lines an operator reads; empty when nothing.</summary>
        public static async Task<IReadOnlyList<string>> PlanAsync(NodeClient sentinel, SentinelRegistration registration, CancellationToken cancellationToken)
        {
            var changes = new List<string>();
            SentinelReply? current = null;
            try
            {
                current = SentinelReply.FromPairs(await sentinel.ExecuteAsync("SENTINEL", new object[] { "MASTER", registration.MasterName }, cancellationToken).ConfigureAwait(false));
            }
            catch (MigrationException ex) when (ex.Is(ServerError.NoSuchMaster))
            {
                changes.Add($"SENTINEL MONITOR {registration.MasterName} {registration.Primary.Host} {registration.Primary.Port} {registration.Quorum}");
            }
            if (current != null)
            {
                var address = current.Address;
                if (!registration.Primary.Equals(address))
                {
                    throw new MigrationException(MigrationErrorKind.SentinelsDisagree,
                        $"The Sentinel {sentinel.Endpoint} already monitors '{registration.MasterName}' at {address}, not {registration.Primary}.", sentinel.Endpoint.ToString())
                    { Remedy = "Use another master name, or remove the old one with SENTINEL REMOVE first." };
                }
                if (current.GetInt64("quorum") != registration.Quorum) changes.Add($"SENTINEL SET {registration.MasterName} quorum {registration.Quorum}");
            }
            foreach (var setting in registration.Settings)
            {
                var now = current?.Get(setting.Key);
                // Sentinel does not show auth settings back; they are always (re)applied.
                if (now == null || now != setting.Value)
                    changes.Add(setting.Key == "auth-pass" ? $"SENTINEL SET {registration.MasterName} auth-pass (hidden)" : $"SENTINEL SET {registration.MasterName} {setting.Key} {setting.Value}");
            }
            return changes;
        }

        public static async Task ApplyAsync(NodeClient sentinel, SentinelRegistration registration, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(sentinel, registration, cancellationToken).ConfigureAwait(false);
            if (plan.Count == 0) return;
            if (plan[0].StartsWith("SENTINEL MONITOR", StringComparison.Ordinal))
            {
                await sentinel.ExecuteAsync("SENTINEL", new object[] { "MONITOR", registration.MasterName, registration.Primary.Host,
                    registration.Primary.Port.ToString(CultureInfo.InvariantCulture), registration.Quorum.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
            }
            else if (plan.Any(p => p.Contains(" quorum ")))
            {
                await sentinel.ExecuteAsync("SENTINEL", new object[] { "SET", registration.MasterName, "quorum", registration.Quorum.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
            }
            foreach (var setting in registration.Settings)
            {
                try
                {
                    await sentinel.ExecuteAsync("SENTINEL", new object[] { "SET", registration.MasterName, setting.Key, setting.Value }, cancellationToken).ConfigureAwait(false);
                }
                catch (MigrationException ex) when (ex.IsServerRefusal)
                {
                    // The reply may quote the value; name only the setting.
                    throw new MigrationException(MigrationErrorKind.CommandFailed, $"The Sentinel {sentinel.Endpoint} refused to set {setting.Key} for '{registration.MasterName}'.", sentinel.Endpoint.ToString())
                    { ServerError = ex.ServerError };
                }
            }
        }
    }
}

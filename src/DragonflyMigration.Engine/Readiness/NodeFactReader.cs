using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>
    /// Reads a data node's <see cref="NodeFacts"/> with read-only commands. A command the node does not
    /// know or does not allow leaves its fact null rather than failing the whole assessment.
    /// </summary>
    public static class NodeFactReader
    {
        // Redis and Dragonfly name some settings differently; an unknown name reads as nothing.
        private static readonly string[] ConfigNames =
        {
            "databases", "dbnum", "maxmemory", "maxmemory-policy", "cache_mode", "client-output-buffer-limit",
            "info_replication_valkey_compatible", "notify-keyspace-events",
        };

        private const int ScanBatch = 100;

        /// <param name="keySampleSize">Keys to measure with MEMORY USAGE; 0 for none.</param>
        /// <param name="writeRateWindow">How long to measure the write rate over; null for no measurement.</param>
        public static Task<NodeFacts> ReadAsync(NodeClient client, int keySampleSize, TimeSpan? writeRateWindow, CancellationToken cancellationToken) =>
            ReadAsync(ReadinessNode.Connected(client), keySampleSize, writeRateWindow, cancellationToken);

        /// <summary>The facts of a node; one whose connection failed has none but why.</summary>
        public static async Task<NodeFacts> ReadAsync(ReadinessNode node, int keySampleSize, TimeSpan? writeRateWindow, CancellationToken cancellationToken)
        {
            if (node.Client == null) return Unreached(node.Endpoint, NodeAddresses.Of(node.Endpoint), node.UsesTls, node.ConnectFailure!);
            var client = node.Client;
            try
            {
                return await ReadAnsweringAsync(client, keySampleSize, writeRateWindow, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex)
            {
                return Unreached(client.Endpoint, client.Addresses, client.Settings.UseTls, ex);
            }
        }

        private static NodeFacts Unreached(NodeEndpoint endpoint, NodeAddresses addresses, bool usesTls, MigrationException failure) => new NodeFacts
        {
            Endpoint = endpoint,
            Addresses = addresses,
            UsesTls = usesTls,
            Unreachable = failure.Message,
            AuthenticationFailed = failure.Kind == MigrationErrorKind.AuthenticationFailed,
        };

        private static async Task<NodeFacts> ReadAnsweringAsync(NodeClient client, int keySampleSize, TimeSpan? writeRateWindow, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            await client.ExecuteAsync("PING", Array.Empty<object>(), cancellationToken).ConfigureAwait(false);
            var roundTrip = clock.Elapsed;

            var infoRead = Stopwatch.StartNew();
            var info = await client.InfoAsync(null, cancellationToken).ConfigureAwait(false);
            var writeRate = writeRateWindow is TimeSpan window ? await MeasureWriteRateAsync(client, info, infoRead, window, cancellationToken).ConfigureAwait(false) : null;

            var config = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in ConfigNames)
            {
                var reply = await TryAsync(client, "CONFIG", new object[] { "GET", name }, cancellationToken).ConfigureAwait(false);
                foreach (var setting in reply?.AsFields() ?? new Dictionary<string, string>()) config[setting.Key] = setting.Value;
            }

            var commandStats = await TryAsync(client, "INFO", new object[] { "commandstats" }, cancellationToken).ConfigureAwait(false);
            var functions = await TryAsync(client, "FUNCTION", new object[] { "LIST" }, cancellationToken).ConfigureAwait(false);
            var modules = await TryAsync(client, "MODULE", new object[] { "LIST" }, cancellationToken).ConfigureAwait(false);
            var users = await TryAsync(client, "ACL", new object[] { "USERS" }, cancellationToken).ConfigureAwait(false);
            var sample = keySampleSize > 0 ? await SampleKeysAsync(client, info, keySampleSize, cancellationToken).ConfigureAwait(false) : null;
            var userNames = users?.Items?.Select(u => u.AsText()).ToList();
            var denials = userNames == null ? null : await Sentinel.SentinelAccess.ReadDenialsAsync(client, userNames, cancellationToken).ConfigureAwait(false);
            var toolAccess = await ToolAccess.ReadAsync(client, cancellationToken).ConfigureAwait(false);
            var knowsPsync = await CommandSupport.KnowsAsync(client, "PSYNC", cancellationToken).ConfigureAwait(false);

            return new NodeFacts
            {
                Endpoint = client.Endpoint,
                Addresses = client.Addresses,
                RoundTrip = roundTrip,
                UsesTls = client.Settings.UseTls,
                Info = info,
                Config = config,
                CommandStats = InfoDocument.Parse(commandStats?.AsText()),
                FunctionLibraries = functions?.Items?.Select(library => FieldOf(library, "library_name")).ToList(),
                Modules = modules?.Items?.Select(module => FieldOf(module, "name")).ToList(),
                AclUsers = userNames,
                SentinelCommandDenials = denials,
                ToolAccess = toolAccess,
                KnowsPsync = knowsPsync,
                WriteBytesPerSecond = writeRate?.BytesPerSecond,
                WriteRateSource = writeRate?.Source,
                KeySample = sample,
            };
        }

        /// <summary>
        /// The replication stream's growth over the window, which starts at the INFO already read. Redis advances master_repl_offset only
        /// while it keeps a backlog (once a replica has connected); before that, the bytes clients sent
        /// are the measure, an upper bound since reads count too. Runs before the key sample so that
        /// the sample's own commands are not counted.
        /// </summary>
        private static async Task<(double BytesPerSecond, string Source)?> MeasureWriteRateAsync(NodeClient client, InfoDocument before, Stopwatch clock, TimeSpan window, CancellationToken cancellationToken)
        {
            await Task.Delay(window, cancellationToken).ConfigureAwait(false);
            var after = await client.InfoAsync(null, cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var counter = before.Get("repl_backlog_active") == "1" ? "master_repl_offset" : "total_net_input_bytes";
            var start = before.GetInt64(counter);
            var end = after.GetInt64(counter);
            if (start == null || end == null) return null;
            return (Math.Max(0, end.Value - start.Value) / seconds, counter == "master_repl_offset" ? "replication offset" : "bytes received (includes reads)");
        }

        /// <summary>SCANs the non-empty databases in order until the sample is full; cost is bounded by the sample size.</summary>
        private static async Task<IReadOnlyList<KeySize>> SampleKeysAsync(NodeClient client, InfoDocument info, int sampleSize, CancellationToken cancellationToken)
        {
            var sizes = new List<KeySize>();
            foreach (var db in Keyspace.NonEmptyDatabases(info))
            {
                var cursor = KeyScan.Start;
                do
                {
                    var page = await KeyScan.PageAsync(client, db, cursor, ScanBatch, cancellationToken).ConfigureAwait(false);
                    cursor = page.Cursor;
                    foreach (var key in page.Keys)
                    {
                        if (sizes.Count >= sampleSize) break;
                        var usage = await TryAsync(client, db, "MEMORY", new object[] { "USAGE", key }, cancellationToken).ConfigureAwait(false);
                        if (usage?.Integer is long bytes) sizes.Add(new KeySize(db, key, bytes));
                    }
                }
                while (cursor != KeyScan.Start && sizes.Count < sampleSize);
                if (sizes.Count >= sampleSize) break;
            }
            return sizes.OrderByDescending(s => s.Bytes).ToList();
        }

        private static string FieldOf(ReplyValue entry, string field) => entry.AsFields().TryGetValue(field, out var value) ? value : "?";

        private static Task<ReplyValue?> TryAsync(NodeClient client, string command, object[] args, CancellationToken cancellationToken) =>
            TryAsync(client, null, command, args, cancellationToken);

        private static async Task<ReplyValue?> TryAsync(NodeClient client, int? database, string command, object[] args, CancellationToken cancellationToken)
        {
            try
            {
                var reply = await client.ExecuteAsync(database, command, args, cancellationToken).ConfigureAwait(false);
                return reply.IsNull ? null : reply;
            }
            catch (MigrationException ex) when (ex.Kind == MigrationErrorKind.CommandFailed)
            {
                return null;
            }
        }
    }
}

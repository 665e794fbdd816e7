using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>
    /// Reads the facts the selected checks need (read-only commands only) and judges them. A failed
    /// check is a result, never an exception.
    /// </summary>
    public static class ReadinessAssessor
    {
        public static Task<IReadOnlyList<CheckResult>> AssessAsync(
            NodeClient source, NodeClient target, IReadOnlyList<NodeClient> sentinels, string? masterName,
            ReadinessThresholds thresholds, IReadOnlyList<CheckDefinition> checks, IOperationObserver observer, CancellationToken cancellationToken) =>
            AssessAsync(ReadinessNode.Connected(source), ReadinessNode.Connected(target), sentinels.Select(ReadinessNode.Connected).ToList(), masterName,
                thresholds, checks, observer, cancellationToken);

        /// <summary>The same, where any node may be one whose connection failed: its reachability check fails.</summary>
        public static async Task<IReadOnlyList<CheckResult>> AssessAsync(
            ReadinessNode source, ReadinessNode target, IReadOnlyList<ReadinessNode> sentinels, string? masterName,
            ReadinessThresholds thresholds, IReadOnlyList<CheckDefinition> checks, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var needs = checks.Aggregate(FactNeeds.None, (all, c) => all | c.Needs);
            observer.Progress("Reading facts", $"{source} and {target}" + (sentinels.Count > 0 ? $" and {sentinels.Count} Sentinel(s)" : string.Empty), null);
            var sourceFacts = NodeFactReader.ReadAsync(source,
                needs.HasFlag(FactNeeds.KeySample) ? thresholds.BigKeySampleSize : 0,
                needs.HasFlag(FactNeeds.WriteRate) ? thresholds.WriteRateWindow : (TimeSpan?)null,
                cancellationToken);
            var targetFacts = NodeFactReader.ReadAsync(target, 0, null, cancellationToken);
            var sentinelFacts = sentinels.Count > 0 && masterName != null
                ? Task.WhenAll(sentinels.Select(s => ReadSentinelAsync(s, masterName, cancellationToken)))
                : Task.FromResult(Array.Empty<SentinelFacts>());
            await Task.WhenAll(sourceFacts, targetFacts, sentinelFacts).ConfigureAwait(false);

            var facts = new ReadinessFacts
            {
                Source = sourceFacts.Result,
                Target = targetFacts.Result,
                Sentinels = sentinelFacts.Result,
                MasterName = masterName,
            };
            var results = checks.Select(c => new CheckResult(c, c.Evaluate(facts, thresholds))).ToList();
            observer.Log($"Readiness: {results.Count(r => r.Status == CheckStatus.Pass)} passed, {results.Count(r => r.Status == CheckStatus.Warn)} warned, "
                + $"{results.Count(r => r.Status == CheckStatus.Fail)} failed, {results.Count(r => r.Status == CheckStatus.Skipped)} skipped.");
            return results;
        }

        private static async Task<SentinelFacts> ReadSentinelAsync(ReadinessNode sentinel, string masterName, CancellationToken cancellationToken)
        {
            if (sentinel.Client == null) return new SentinelFacts { Endpoint = sentinel.Endpoint, Error = sentinel.ConnectFailure!.Message, UsesTls = sentinel.UsesTls };
            try
            {
                return new SentinelFacts
                {
                    Endpoint = sentinel.Endpoint,
                    State = await SentinelInspector.ReadAsync(sentinel.Client, masterName, cancellationToken).ConfigureAwait(false),
                    UsesTls = sentinel.UsesTls,
                };
            }
            catch (MigrationException ex)
            {
                return new SentinelFacts { Endpoint = sentinel.Endpoint, Error = ex.Message, UsesTls = sentinel.UsesTls };
            }
        }
    }
}

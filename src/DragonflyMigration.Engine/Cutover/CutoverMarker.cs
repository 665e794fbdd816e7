using System;
using System.Globalization;

namespace DragonflyMigration.Engine.Cutover
{
    /// <summary>
    /// The key the Freeze phase writes on the source in the same transaction as the write pause. The
    /// replication stream is ordered, so once the target holds it, the target holds every write the
    /// source acknowledged before the pause: a proof of catch-up that needs no replication offset,
    /// which Dragonfly before v1.39 does not report and which counts commands it dropped
    /// (docs/architecture.md#cutover-phases). It expires on its own and is deleted after the cutover.
    /// </summary>
    public sealed class CutoverMarker
    {
        private CutoverMarker(string key, string token)
        {
            Key = key;
            Token = token;
        }

        public string Key { get; }

        /// <summary>The value written, so a marker left by another run never counts.</summary>
        public string Token { get; }

        public static CutoverMarker Create()
        {
            var token = Guid.NewGuid().ToString("N");
            return new CutoverMarker("dragonfly-migration:cutover-marker:" + token, token);
        }

        /// <summary>The marker's PX in milliseconds: long enough to outlive any pause (they expire within half of down-after-milliseconds).</summary>
        public static string TimeToLive(TimeSpan pauseExpiry) => ((long)Math.Max(60000, 2 * pauseExpiry.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

        public override string ToString() => Key;
    }
}

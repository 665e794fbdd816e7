using System;
using DragonflyMigration.Engine.Sandbox;

namespace DragonflyMigration
{
    /// <summary>What a sandbox's writing client saw, and how many of its acknowledged writes a primary lacks.</summary>
    public sealed class SandboxWriteReport
    {
        internal SandboxWriteReport(MigrationSandbox sandbox, RedisNode primary, SandboxWriter writer, long lost)
        {
            MasterName = sandbox.MasterName;
            Primary = primary.Endpoint;
            Acknowledged = writer.Acknowledged;
            Failed = writer.Failed;
            Lost = lost;
            LongestWriteGapMilliseconds = Math.Round(writer.LongestGap.TotalMilliseconds, 1);
        }

        public string MasterName { get; }

        /// <summary>The node checked for every acknowledged write.</summary>
        public string Primary { get; }

        /// <summary>Writes the client saw acknowledged.</summary>
        public long Acknowledged { get; }

        /// <summary>Writes the client saw fail (loudly, so not lost).</summary>
        public long Failed { get; }

        /// <summary>Acknowledged writes <see cref="Primary"/> does not hold.</summary>
        public long Lost { get; }

        /// <summary>The longest time the client went without a successful write.</summary>
        public double LongestWriteGapMilliseconds { get; }

        public override string ToString() => $"{Acknowledged} acknowledged, {Lost} lost";
    }
}

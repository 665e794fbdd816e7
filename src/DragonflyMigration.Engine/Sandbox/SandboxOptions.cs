namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>The shape of a local rehearsal topology.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>Sentinel's own defaults; rehearsals keep them unless asked otherwise.</summary>
        public const int SentinelDefaultDownAfterMilliseconds = 30000;
        public const int SentinelDefaultFailoverTimeoutMilliseconds = 180000;

        public string MasterName { get; init; } = "mymaster";

        /// <summary>Redis replicas of the source besides the target.</summary>
        public int ReplicaCount { get; init; }

        public int SentinelCount { get; init; } = 1;

        /// <summary>Sentinels that must agree the primary is down; 0 means a majority.</summary>
        public int Quorum { get; init; }

        public int DownAfterMilliseconds { get; init; } = SentinelDefaultDownAfterMilliseconds;

        public int FailoverTimeoutMilliseconds { get; init; } = SentinelDefaultFailoverTimeoutMilliseconds;

        /// <summary>Shorten Sentinel's INFO and PING periods with <c>SENTINEL DEBUG</c> (tests).</summary>
        public bool FastSentinelTimers { get; init; }

        /// <summary>Keys of mixed types written to the source before it is handed over.</summary>
        public int SampleKeyCount { get; init; }

        /// <summary>Writes per second a client sends to the source for the sandbox's lifetime; 0 for none.</summary>
        public int WriteRate { get; init; }

        /// <summary>Start no target (for tests that bring their own).</summary>
        public bool WithoutTarget { get; init; }

        /// <summary>Use redis-server as the target even when a dragonfly binary is available.</summary>
        public bool RedisTarget { get; init; }

        /// <summary>Password required by the source, replicas and target (not the Sentinels' own).</summary>
        public string? Password { get; init; }

        public int EffectiveQuorum => Quorum > 0 ? Quorum : SentinelCount / 2 + 1;
    }
}

using System;
using System.IO;
using System.Linq;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>Finds the server programs a sandbox runs.</summary>
    public static class ServerBinaries
    {
        public const string DragonflyPathVariable = "DRAGONFLY_PATH";

        public static string RedisServer() => Require("redis-server");

        public static string RedisSentinel() => Require("redis-sentinel");

        /// <summary>The Dragonfly binary from <c>DRAGONFLY_PATH</c> or PATH, or null when there is none.</summary>
        public static string? Dragonfly()
        {
            var configured = Environment.GetEnvironmentVariable(DragonflyPathVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                if (File.Exists(configured)) return configured;
                throw new MigrationException(MigrationErrorKind.PrerequisiteMissing,
                    $"{DragonflyPathVariable} names '{configured}', which does not exist.", configured);
            }
            return FindOnPath("dragonfly");
        }

        private static string Require(string name) =>
            FindOnPath(name) ?? throw new MigrationException(MigrationErrorKind.PrerequisiteMissing,
                $"'{name}' was not found on PATH.", name)
            { Remedy = "Install the Debian packages redis-server and redis-sentinel (./build.ps1 does this when run as root)." };

        internal static string? FindOnPath(string name)
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            return path.Split(Path.PathSeparator)
                .Where(d => d.Length > 0)
                .Select(d => Path.Combine(d, name))
                .FirstOrDefault(File.Exists);
        }
    }
}

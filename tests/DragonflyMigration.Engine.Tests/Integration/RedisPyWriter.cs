using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Tests.Integration
{
    /// <summary>
    /// The second client library: tests/Clients/sentinel_writer.py (redis-py, Debian's python3-redis), which
    /// asks Sentinel's SENTINEL MASTERS again only after an error or a socket timeout. Its record of
    /// acknowledged keys and its longest gap without an acknowledged write are read when it stops.
    /// </summary>
    internal sealed class RedisPyWriter : IDisposable
    {
        private readonly Process _process;
        private readonly string _acknowledged;
        private readonly string _stop;
        private string? _summary;

        public RedisPyWriter(NodeEndpoint[] sentinels, string masterName, string directory, double socketTimeoutSeconds = 5, string? password = null)
        {
            var id = Guid.NewGuid().ToString("N").Substring(0, 8);
            _acknowledged = Path.Combine(directory, $"redis-py-{id}.keys");
            _stop = Path.Combine(directory, $"redis-py-{id}.stop");
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { Script(), "--master", masterName, "--prefix", $"py:{id}", "--acknowledged", _acknowledged, "--stop", _stop, "--seconds", "240",
                "--socket-timeout", socketTimeoutSeconds.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
            foreach (var sentinel in sentinels)
            {
                start.ArgumentList.Add("--sentinel");
                start.ArgumentList.Add(sentinel.ToString());
            }
            // The data nodes' password goes in the environment, never on a command line.
            if (password != null) start.Environment["DFMIG_WRITER_PASSWORD"] = password;
            _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }

        /// <summary>Whether Debian's python3 with redis-py is here (the build installs it).</summary>
        public static bool Available => File.Exists("/usr/bin/python3");

        public string[] Acknowledged => File.Exists(_acknowledged) ? File.ReadAllLines(_acknowledged).Where(l => l.Length > 0).ToArray() : Array.Empty<string>();

        /// <summary>The writer's last line: "sent N, failed N, longest gap N ms".</summary>
        public string Summary => _summary ?? "(running)";

        public TimeSpan LongestGap
        {
            get
            {
                var match = Regex.Match(Summary, @"longest gap (\d+) ms");
                return match.Success ? TimeSpan.FromMilliseconds(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) : TimeSpan.MaxValue;
            }
        }

        public void Stop()
        {
            if (_summary != null) return;
            File.WriteAllText(_stop, string.Empty);
            if (!_process.WaitForExit(15000)) _process.Kill();
            _summary = _process.StandardOutput.ReadToEnd().Trim() + _process.StandardError.ReadToEnd().Trim();
        }

        private static string Script()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Clients", "sentinel_writer.py");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("tests/Clients/sentinel_writer.py not found above " + AppContext.BaseDirectory);
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }
    }
}

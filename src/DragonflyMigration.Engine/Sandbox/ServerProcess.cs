using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>One server process of a sandbox, on a loopback port, with its log in its own folder.</summary>
    public sealed class ServerProcess : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
        private readonly IReadOnlyList<string> _arguments;
        private Process _process;

        private ServerProcess(string name, SandboxServerKind kind, NodeEndpoint endpoint, string directory, IReadOnlyList<string> arguments, Process process)
        {
            Name = name;
            Kind = kind;
            Endpoint = endpoint;
            Directory = directory;
            _arguments = arguments;
            _process = process;
        }

        public string Name { get; }

        public SandboxServerKind Kind { get; }

        public NodeEndpoint Endpoint { get; }

        public string Directory { get; }

        public int ProcessId => _process.Id;

        public bool HasExited => _process.HasExited;

        public string LogPath => Path.Combine(Directory, "server.log");

        /// <summary>Starts the server and waits until it answers PING. Retries on a port taken meanwhile.</summary>
        public static async Task<ServerProcess> StartAsync(string name, SandboxServerKind kind, string parentDirectory,
            Func<int, string, IReadOnlyList<string>> arguments, Func<int, string, string?>? configFile, CancellationToken cancellationToken)
        {
            Exception? last = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var port = FreePort.Next();
                var directory = Path.Combine(parentDirectory, $"{name}-{port}");
                System.IO.Directory.CreateDirectory(directory);
                var config = configFile?.Invoke(port, directory);
                var args = new List<string>();
                if (config != null)
                {
                    var configPath = Path.Combine(directory, kind == SandboxServerKind.Sentinel ? "sentinel.conf" : "redis.conf");
                    File.WriteAllText(configPath, config);
                    args.Add(configPath);
                }
                args.AddRange(arguments(port, directory));
                var process = Launch(BinaryFor(kind), args, directory);
                var server = new ServerProcess(name, kind, new NodeEndpoint("127.0.0.1", port), directory, args, process);
                try
                {
                    await server.WaitUntilAnsweringAsync(cancellationToken).ConfigureAwait(false);
                    return server;
                }
                catch (MigrationException ex)
                {
                    last = ex;
                    server.Dispose();
                }
                catch
                {
                    // Cancelled while waiting: the process is not in any sandbox yet, so nothing else would stop it.
                    server.Dispose();
                    throw;
                }
            }
            throw new MigrationException(MigrationErrorKind.SandboxStartFailed, $"The sandbox {name} did not start: {last?.Message}", name, last);
        }

        private static string BinaryFor(SandboxServerKind kind) => kind switch
        {
            SandboxServerKind.Sentinel => ServerBinaries.RedisSentinel(),
            SandboxServerKind.Dragonfly => ServerBinaries.Dragonfly() ?? throw new MigrationException(MigrationErrorKind.PrerequisiteMissing, "No dragonfly binary was found."),
            _ => ServerBinaries.RedisServer(),
        };

        private static Process Launch(string binary, IEnumerable<string> args, string directory)
        {
            var info = new ProcessStartInfo(binary)
            {
                UseShellExecute = false,
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            info.Arguments = string.Join(" ", args.Select(Quote));
            var process = Process.Start(info) ?? throw new MigrationException(MigrationErrorKind.SandboxStartFailed, $"'{binary}' did not start.", binary);
            // Drain the pipes so a chatty server never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        // ProcessStartInfo.ArgumentList is not in netstandard2.0; this follows the same parsing rules.
        private static string Quote(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '"', '\t' }) < 0) return arg;
            return "\"" + arg.Replace("\"", "\\\"") + "\"";
        }

        private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < StartTimeout)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_process.HasExited)
                {
                    throw new MigrationException(MigrationErrorKind.SandboxStartFailed,
                        $"{Name} exited with code {_process.ExitCode}. {LastLogLines()}", Name);
                }
                if (await TcpProbe.SpeaksPlainRedisAsync(Endpoint, TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false) == TcpProbe.Speech.PlainRedis)
                    return;
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            throw new MigrationException(MigrationErrorKind.SandboxStartFailed, $"{Name} did not answer within {StartTimeout.TotalSeconds} s. {LastLogLines()}", Name);
        }

        private string LastLogLines()
        {
            try
            {
                if (!File.Exists(LogPath)) return string.Empty;
                var lines = File.ReadAllLines(LogPath);
                return "Log: " + string.Join(" | ", lines, Math.Max(0, lines.Length - 3), Math.Min(3, lines.Length));
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }

        /// <summary>Kills the server and starts it again on the same port with the same arguments (fault tests).</summary>
        public async Task RestartAsync(CancellationToken cancellationToken)
        {
            Kill();
            _process.Dispose();
            _process = Launch(BinaryFor(Kind), _arguments, Directory);
            Restarted?.Invoke(_process.Id);
            await WaitUntilAnsweringAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Raised with the new process id, so the sandbox can record it for clean-up.</summary>
        internal event Action<int>? Restarted;

        /// <summary>Kills the process at once (the sandbox holds nothing worth a clean shutdown) and waits for it.</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        public override string ToString() => $"{Name} ({Kind}) {Endpoint}";
    }
}

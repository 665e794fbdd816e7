using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Endpoints;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>
    /// A running local topology: a source primary, optional Redis replicas, Sentinels monitoring the
    /// source, and a target. Disposing it stops every process and removes its folder.
    /// </summary>
    public sealed class SandboxTopology : IDisposable
    {
        private readonly List<ServerProcess> _servers = new List<ServerProcess>();
        private int _disposed;

        internal SandboxTopology(string directory, SandboxOptions options)
        {
            Directory = directory;
            Options = options;
        }

        public string Directory { get; }

        public SandboxOptions Options { get; }

        public string MasterName => Options.MasterName;

        public ServerProcess Source => _servers.First(s => s.Name == "source");

        public IReadOnlyList<ServerProcess> Replicas => _servers.Where(s => s.Name.StartsWith("replica", StringComparison.Ordinal)).ToList();

        public IReadOnlyList<ServerProcess> Sentinels => _servers.Where(s => s.Kind == SandboxServerKind.Sentinel).ToList();

        public ServerProcess? Target => _servers.FirstOrDefault(s => s.Name == "target");

        public IReadOnlyList<ServerProcess> Servers => _servers;

        public bool IsDisposed => _disposed != 0;

        /// <summary>The client writing to the source, when the sandbox was started with a write rate.</summary>
        public SandboxWriter? Writer { get; internal set; }

        internal void Add(ServerProcess server)
        {
            _servers.Add(server);
            SandboxJanitor.RecordServer(Directory, server.ProcessId);
            server.Restarted += pid => SandboxJanitor.RecordServer(Directory, pid);
        }

        public IEnumerable<NodeEndpoint> SentinelEndpoints => Sentinels.Select(s => s.Endpoint);

        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Writer?.Dispose();
            foreach (var server in _servers) server.Dispose();
            SandboxJanitor.Unregister(this);
            SandboxJanitor.TryDelete(Directory);
        }
    }
}

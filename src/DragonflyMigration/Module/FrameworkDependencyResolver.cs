using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace DragonflyMigration.Module
{
    /// <summary>
    /// Windows PowerShell 5.1 has one load context. Requests for an assembly we ship are answered
    /// by simple name, whatever version was asked for: the binding redirects an app.config would
    /// give, which PowerShell has no place for. Requests from other modules are left alone.
    /// </summary>
    internal sealed class FrameworkDependencyResolver : IDependencyResolver
    {
        private readonly string _directory;
        private readonly ConcurrentDictionary<string, Assembly> _loaded = new ConcurrentDictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

        public FrameworkDependencyResolver(string directory)
        {
            _directory = directory;
        }

        public void Attach()
        {
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
        }

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name == null) return null;
            var path = Path.Combine(_directory, name + ".dll");
            if (!File.Exists(path) || !IsOurs(args.RequestingAssembly)) return null;
            return _loaded.GetOrAdd(name, _ => Assembly.LoadFrom(path));
        }

        private bool IsOurs(Assembly? requester)
        {
            if (requester == null) return true;
            if (requester == typeof(FrameworkDependencyResolver).Assembly) return true;
            var location = requester.IsDynamic ? null : requester.Location;
            return location != null && location.StartsWith(_directory, StringComparison.OrdinalIgnoreCase);
        }
    }
}

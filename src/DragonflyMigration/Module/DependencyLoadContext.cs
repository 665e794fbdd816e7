using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace DragonflyMigration.Module
{
    /// <summary>
    /// Holds the engine, StackExchange.Redis and the dependencies PowerShell does not already
    /// provide in a version at least as new. Framework assemblies (System.Memory and friends) come from
    /// the default context, so types such as <see cref="Span{T}"/> stay the runtime's own.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;
        private readonly Lazy<Dictionary<string, string>> _platform = new Lazy<Dictionary<string, string>>(ReadTrustedPlatformAssemblies);

        public DependencyLoadContext(string directory)
        {
            _directory = directory;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(_directory, name.Name + ".dll");
            if (!File.Exists(path)) return null;
            if (PlatformProvides(name)) return null;
            return LoadFromAssemblyPath(path);
        }

        private bool PlatformProvides(AssemblyName requested)
        {
            if (requested.Name == null || !_platform.Value.TryGetValue(requested.Name, out var path)) return false;
            try
            {
                var available = AssemblyName.GetAssemblyName(path).Version;
                return requested.Version == null || (available != null && available >= requested.Version);
            }
            catch (Exception ex) when (ex is IOException || ex is BadImageFormatException)
            {
                return false;
            }
        }

        private static Dictionary<string, string> ReadTrustedPlatformAssemblies()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length == 0) continue;
                result[Path.GetFileNameWithoutExtension(path)] = path;
            }
            return result;
        }
    }
}

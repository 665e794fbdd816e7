using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace DragonflyMigration.Module
{
    /// <summary>
    /// PowerShell 7: the engine is loaded into a load context of its own when the default context
    /// cannot find it. Only touched on .NET (Core); Windows PowerShell never JIT-compiles this class.
    /// </summary>
    internal sealed class CoreDependencyResolver : IDependencyResolver
    {
        private const string EngineAssemblyName = "DragonflyMigration.Engine";
        private readonly DependencyLoadContext _context;

        public CoreDependencyResolver(string directory)
        {
            _context = new DependencyLoadContext(directory);
        }

        public void Attach()
        {
            AssemblyLoadContext.Default.Resolving += OnResolving;
        }

        private Assembly? OnResolving(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            // Only the engine is handed out to the default context; its dependencies are resolved
            // inside our context and never leak into the default one.
            return name.Name == EngineAssemblyName ? _context.LoadFromAssemblyName(name) : null;
        }
    }
}

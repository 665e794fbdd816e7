using System;
using System.IO;
using System.Management.Automation;

namespace DragonflyMigration.Module
{
    /// <summary>
    /// Runs when the module is imported: the engine and StackExchange.Redis live in
    /// <c>dependencies/</c>, which PowerShell never probes, and are loaded by our own resolver so that
    /// other modules' copies of the same assemblies neither break this module nor get broken by it.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

        private static IDependencyResolver? _resolver;

        public void OnImport()
        {
            if (_resolver != null) return;
            _resolver = IsCoreClr()
                ? (IDependencyResolver)new CoreDependencyResolver(DependencyDirectory)
                : new FrameworkDependencyResolver(DependencyDirectory);
            _resolver.Attach();
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // The engine stays loaded (assemblies cannot be unloaded from the default context), so
            // the resolver stays too: a later Import-Module in this session must find the same copy.
        }

        private static bool IsCoreClr() =>
            !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
    }
}

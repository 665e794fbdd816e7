using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DragonflyMigration.Engine.Sandbox
{
    /// <summary>
    /// Makes sure sandbox servers never outlive their owner: live sandboxes are stopped when the
    /// process exits, and sandboxes left by a process that was killed are removed the next time
    /// any sandbox starts (their folder records the owner and the servers' process ids).
    /// </summary>
    internal static class SandboxJanitor
    {
        internal const string FolderPrefix = "dfmig-sandbox-";
        private const string OwnerFile = "owner.pid";
        private const string ServersFile = "servers.pid";
        private static readonly object Gate = new object();
        private static readonly HashSet<SandboxTopology> Live = new HashSet<SandboxTopology>();
        private static bool _hooked;

        public static string Root => Path.GetTempPath();

        public static void Register(SandboxTopology sandbox)
        {
            lock (Gate)
            {
                if (!_hooked)
                {
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
                    _hooked = true;
                }
                Live.Add(sandbox);
            }
            File.WriteAllText(Path.Combine(sandbox.Directory, OwnerFile), CurrentProcessId().ToString(CultureInfo.InvariantCulture));
        }

        public static void Unregister(SandboxTopology sandbox)
        {
            lock (Gate) Live.Remove(sandbox);
        }

        public static void RecordServer(string sandboxDirectory, int processId)
        {
            File.AppendAllText(Path.Combine(sandboxDirectory, ServersFile), processId.ToString(CultureInfo.InvariantCulture) + Environment.NewLine);
        }

        private static void StopAll()
        {
            SandboxTopology[] all;
            lock (Gate) all = Live.ToArray();
            foreach (var sandbox in all) sandbox.Dispose();
        }

        /// <summary>Removes sandboxes whose owning process is gone, killing their servers first.</summary>
        public static void SweepOrphans()
        {
            foreach (var directory in SafeDirectories())
            {
                var owner = ReadIds(Path.Combine(directory, OwnerFile)).FirstOrDefault();
                if (owner == 0 || IsAlive(owner)) continue;
                foreach (var pid in ReadIds(Path.Combine(directory, ServersFile))) KillIfServer(pid);
                TryDelete(directory);
            }
        }

        public static void TryDelete(string directory)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    if (Directory.Exists(directory)) Directory.Delete(directory, true);
                    return;
                }
                catch (IOException)
                {
                    System.Threading.Thread.Sleep(100);
                }
                catch (UnauthorizedAccessException)
                {
                    return;
                }
            }
        }

        private static IEnumerable<string> SafeDirectories()
        {
            try { return Directory.GetDirectories(Root, FolderPrefix + "*"); }
            catch (IOException) { return Array.Empty<string>(); }
        }

        private static IEnumerable<int> ReadIds(string path)
        {
            if (!File.Exists(path)) return Array.Empty<int>();
            return File.ReadAllLines(path)
                .Select(l => int.TryParse(l.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
                .Where(id => id > 0)
                .ToArray();
        }

        private static int CurrentProcessId()
        {
            using var self = Process.GetCurrentProcess();
            return self.Id;
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static void KillIfServer(int pid)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                // A recycled process id may belong to something else by now.
                var name = p.ProcessName;
                if (name.StartsWith("redis", StringComparison.OrdinalIgnoreCase) || name.StartsWith("dragonfly", StringComparison.OrdinalIgnoreCase))
                {
                    p.Kill();
                    p.WaitForExit(5000);
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to kill.
            }
        }
    }
}

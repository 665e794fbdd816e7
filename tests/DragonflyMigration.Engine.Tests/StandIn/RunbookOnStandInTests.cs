using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DragonflyMigration.Engine.Sandbox;
using DragonflyMigration.Engine.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>
    /// The Azure Automation runbook of examples/, as shipped, run by PowerShell against the built module, with
    /// the Dragonfly stand-in (v1.40.1) as the target and redis-py writing through Sentinel before, during and
    /// after the cutover. The stand-in lives in this assembly, so this end-to-end test does too. Only
    /// Automation's two asset cmdlets are supplied. Needs the staged module (build.ps1 build, which
    /// build.ps1 test runs first).
    /// </summary>
    public class RunbookOnStandInTests
    {
        /// <summary>The data nodes' password, as a real deployment has one; the job gets it from its credential asset.</summary>
        private const string Password = "runbook-standin-Pw-63";

        private readonly ITestOutputHelper _output;

        public RunbookOnStandInTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task TheRunbookCutsOverOntoDragonflyAndARunAfterItEndsGreenWhileWritesGoOn()
        {
            var root = RepositoryRoot();
            var manifest = Directory.GetFiles(Path.Combine(root, "out", "DragonflyMigration"), "DragonflyMigration.psd1", SearchOption.AllDirectories).FirstOrDefault()
                ?? throw new InvalidOperationException("The staged module is missing under out/DragonflyMigration: run 'dotnet pwsh ./build.ps1 build' first.");
            using var r = await TargetRehearsal.StartAsync(TargetKind.StandIn1_40, new SandboxOptions { SentinelCount = 1, Quorum = 1, SampleKeyCount = 500, FastSentinelTimers = true, Password = Password });
            using var writer = new RedisPyWriter(r.Sandbox.SentinelEndpoints.ToArray(), r.Sandbox.MasterName, r.Sandbox.Directory, password: Password);
            await Task.Delay(1000);

            var job = JobScript(r, manifest, Path.Combine(root, "examples", "AzureAutomation-Runbook.ps1"));
            var first = RunPwsh(root, job);
            _output.WriteLine(first.Output);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("Milestone: verifying while the target replicates.", first.Output);
            Assert.Contains("Milestone: cutting over.", first.Output);
            Assert.Contains("Milestone: done.", first.Output);

            // Writes the old primary never sees, then the job again, as after the three-hour stop.
            await Task.Delay(2000);
            var second = RunPwsh(root, job);
            _output.WriteLine(second.Output);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("an earlier job completed the cutover", second.Output);
            Assert.DoesNotContain("Milestone: cutting over.", second.Output);

            writer.Stop();
            var acknowledged = writer.Acknowledged;
            long missing = 0;
            foreach (var batch in acknowledged.Chunk(1000))
                missing += batch.Length - (await r.Target.ExecuteAsync("EXISTS", batch.Cast<object>().ToArray(), CancellationToken.None)).AsInt64();
            _output.WriteLine($"redis-py: acknowledged {acknowledged.Length}, lost {missing}, longest gap {writer.LongestGap.TotalMilliseconds:0} ms ({writer.Summary})");
            Assert.True(acknowledged.Length > 100, writer.Summary);
            Assert.Equal(0, missing);
        }

        /// <summary>
        /// A job as Automation would run it: the asset cmdlets answer from this rehearsal, the module is found
        /// by name, and the job's output, verbose and warning streams land in its log.
        /// </summary>
        private static string JobScript(TargetRehearsal r, string manifest, string runbook)
        {
            static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
            var modules = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(manifest)))!;
            return string.Join("\n",
                "$ErrorActionPreference = 'Stop'",
                $"$env:PSModulePath = {Quote(modules)} + [IO.Path]::PathSeparator + $env:PSModulePath",
                "$assets = @{",
                $"  'DragonflyMigration-Source' = {Quote(r.Sandbox.Source.Endpoint.ToString())}",
                $"  'DragonflyMigration-Target' = {Quote(r.TargetEndpoint.ToString())}",
                $"  'DragonflyMigration-Sentinels' = {Quote(string.Join(",", r.Sandbox.SentinelEndpoints))}",
                $"  'DragonflyMigration-MasterName' = {Quote(r.Sandbox.MasterName)}",
                "  'DragonflyMigration-ForceTarget' = $false",
                "  'DragonflyMigration-SentinelCredential' = ''",
                $"  'DragonflyMigration-Redis' = [pscredential]::new('default', (ConvertTo-SecureString {Quote(Password)} -AsPlainText -Force))",
                "}",
                "function Get-AutomationVariable([string] $Name) { $assets[$Name] }",
                "function Get-AutomationPSCredential([string] $Name) { $assets[$Name] }",
                $"& {Quote(runbook)} *>&1 | ForEach-Object {{ \"$_\" }}");
        }

        private static (int ExitCode, string Output) RunPwsh(string root, string script)
        {
            var file = Path.Combine(Path.GetTempPath(), $"dfmig-job-{Guid.NewGuid():N}.ps1");
            File.WriteAllText(file, script);
            try
            {
                // The tool manifest's PowerShell, as build.ps1 runs it.
                var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", file }) start.ArgumentList.Add(argument);
                using var process = Process.Start(start) ?? throw new InvalidOperationException("pwsh did not start");
                var stderr = process.StandardError.ReadToEndAsync();
                var stdout = process.StandardOutput.ReadToEnd();
                if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException("The runbook did not end within 5 minutes:\n" + stdout);
                }
                return (process.ExitCode, stdout + stderr.Result);
            }
            finally
            {
                File.Delete(file);
            }
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "examples", "AzureAutomation-Runbook.ps1"))) return dir.FullName;
            throw new DirectoryNotFoundException("examples/AzureAutomation-Runbook.ps1 not found above " + AppContext.BaseDirectory);
        }
    }
}

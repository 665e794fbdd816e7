using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DragonflyMigration.Engine.Cutover;
using DragonflyMigration.Engine.Endpoints;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Cutover
{
    /// <summary>The phases are described once (<see cref="CutoverPhases.Summary"/>); the help, the about topic, the README and -WhatIf keep to it.</summary>
    public class PhaseDescriptionTests
    {
        public static TheoryData<string> Documents => new TheoryData<string>
        {
            Path.Combine("Docs", "Invoke-SentinelFailover.psd1"),
            Path.Combine("Docs", "about_DragonflyMigration_Cutover.help.txt"),
            "README.md",
        };

        /// <summary>Line breaks, indents and Markdown emphasis do not count.</summary>
        private static string Flat(string text) => Regex.Replace(text.Replace("**", string.Empty), @"\s+", " ");

        [Theory]
        [MemberData(nameof(Documents))]
        public void EachDocumentStatesEveryPhaseInOrderAsTheEngineDescribesIt(string document)
        {
            var text = Flat(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, document)));
            var at = Enum.GetValues(typeof(CutoverPhase)).Cast<CutoverPhase>()
                .Select(phase => (phase, index: text.IndexOf($"{phase}: {CutoverPhases.Summary(phase)}", StringComparison.Ordinal)))
                .ToList();
            Assert.All(at, p => Assert.True(p.index >= 0, $"{document} does not say \"{p.phase}: {CutoverPhases.Summary(p.phase)}\""));
            Assert.Equal(at.Select(p => p.index).OrderBy(i => i), at.Select(p => p.index));
        }

        [Fact]
        public void EveryStepOfAPlanNamesItsPhaseInOrder()
        {
            var plan = new CutoverPlan
            {
                MasterName = "mymaster",
                Source = new NodeEndpoint("10.0.0.1", 6379),
                Target = new NodeEndpoint("10.0.0.9", 6380),
            };
            var phases = plan.Steps.Select(s => s.Substring(0, s.IndexOf(':'))).ToList();
            Assert.Equal(new[] { "Arm", "Arm", "Freeze", "Promote", "Fence", "Confirm" }, phases);
        }
    }
}

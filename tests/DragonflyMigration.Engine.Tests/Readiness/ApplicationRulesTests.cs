using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class ApplicationRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        [Theory]
        [InlineData("", CheckStatus.Pass)]
        [InlineData("Ex", CheckStatus.Pass)]
        [InlineData("xE", CheckStatus.Pass)]
        [InlineData("KEA", CheckStatus.Warn)]
        [InlineData("Egx", CheckStatus.Warn)]
        public void KeyspaceNotificationsBeyondExpiredEventsWarn(string events, CheckStatus expected)
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Config("notify-keyspace-events", events)).Build();
            Assert.Equal(expected, ApplicationRules.KeyspaceNotifications(facts, Defaults).Status);
        }

        [Fact]
        public void ClientsUsingTrackingWarn()
        {
            Assert.Equal(CheckStatus.Warn, ApplicationRules.ClientTracking(ReadinessFactsBuilder.Healthy().Source(s => s.Info("tracking_clients", "3")).Build(), Defaults).Status);
            Assert.Equal(CheckStatus.Pass, ApplicationRules.ClientTracking(ReadinessFactsBuilder.Healthy().Source(s => s.Info("tracking_clients", "0")).Build(), Defaults).Status);
        }

        [Fact]
        public void LuaScriptsWarnAndAreCounted()
        {
            var verdict = ApplicationRules.LuaScripts(ReadinessFactsBuilder.Healthy().Source(s => s.Calls("evalsha", 12).Calls("set", 5)).Build(), Defaults);
            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("EVALSHA ×12", verdict.Message);
            Assert.Equal(CheckStatus.Pass, ApplicationRules.LuaScripts(ReadinessFactsBuilder.Healthy().Build(), Defaults).Status);
        }
    }
}

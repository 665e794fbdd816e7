using System;
using System.Collections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Fleet;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Fleet
{
    public class MigrationPlanReaderTests
    {
        private static Hashtable Group(string name, string source, string target) =>
            new Hashtable(StringComparer.OrdinalIgnoreCase) { ["MasterName"] = name, ["Source"] = source, ["Target"] = target };

        private static Hashtable Plan(params Hashtable[] groups) => new Hashtable(StringComparer.OrdinalIgnoreCase)
        {
            ["Defaults"] = new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["Sentinels"] = new object[] { "10.0.0.3:26379", "10.0.0.4:26379" },
                ["Credential"] = new Hashtable { ["Automation"] = "redis-migrator" },
                ["MaxWritePause"] = "00:00:01",
            },
            ["Groups"] = groups,
        };

        private static string Problems(Hashtable plan) => Assert.Throws<MigrationException>(() => MigrationPlanReader.Read(plan)).Message;

        [Fact]
        public void DefaultsApplyToEveryGroupAndAGroupsOwnValueWins()
        {
            var cache = Group("cache", "10.0.1.2:6379", "10.0.2.2:6380");
            cache["MaxWritePause"] = 2;
            cache["Sentinels"] = "10.0.0.9:26379";
            var plan = MigrationPlanReader.Read(Plan(Group("sessions", "10.0.1.1:6379", "10.0.2.1:6380"), cache));

            Assert.Equal(2, plan.Groups.Count);
            var sessions = plan.Groups[0];
            Assert.Equal(TimeSpan.FromSeconds(1), sessions.MaxWritePause);
            Assert.Equal(new[] { "10.0.0.3:26379", "10.0.0.4:26379" }, Array.ConvertAll(System.Linq.Enumerable.ToArray(sessions.Sentinels), s => s.ToString()));
            Assert.Equal(CredentialSource.Automation, sessions.Credential!.Source);
            Assert.Equal("redis-migrator", sessions.Credential.Name);
            Assert.Null(sessions.SentinelCredential);
            Assert.Equal(TimeSpan.FromSeconds(5), sessions.StableFor);
            Assert.Equal(TimeSpan.FromSeconds(2), plan.Groups[1].MaxWritePause);
            Assert.Equal("10.0.0.9:26379", Assert.Single(plan.Groups[1].Sentinels).ToString());
        }

        [Fact]
        public void EveryProblemIsReportedAtOnceNamingItsEntryAndField()
        {
            var bad = Group("cache", "10.0.1.2:6379", "not a host:port");
            bad["MaxWritePause"] = "soon";
            bad["Colour"] = "blue";
            bad["Credential"] = new Hashtable { ["Password"] = "hunter2" };
            var message = Problems(Plan(Group("sessions", "10.0.1.1:6379", "10.0.2.1:6380"), bad, Group("", "10.0.1.3:6379", "10.0.2.3:6380")));

            Assert.Contains("Groups[1] (cache): Target 'not a host:port' is not an endpoint", message);
            Assert.Contains("Groups[1] (cache): MaxWritePause 'soon' is not a duration", message);
            Assert.Contains("Groups[1] (cache): 'Colour' is not a setting", message);
            Assert.Contains("Groups[1] (cache): Credential must name where the credential comes from", message);
            Assert.Contains("Groups[2]: MasterName is missing", message);
            Assert.DoesNotContain("hunter2", message);
        }

        [Fact]
        public void GroupsMayNotShareANameASourceOrATarget()
        {
            var message = Problems(Plan(Group("a", "10.0.1.1:6379", "10.0.2.1:6380"), Group("a", "10.0.1.1:6379", "10.0.2.2:6380"), Group("b", "10.0.2.2:6380", "10.0.2.9:6380")));
            Assert.Contains("MasterName a appears in 2 groups", message);
            Assert.Contains("Source 10.0.1.1:6379 appears in 2 groups", message);
            Assert.Contains("10.0.2.2:6380 is one group's Target and another's Source", message);
        }

        [Fact]
        public void AGroupNeedsSentinelsTwoDifferentNodesAndAWaitLongerThanItsStableWindow()
        {
            var plan = new Hashtable { ["Groups"] = new object[] { Group("a", "10.0.1.1:6379", "10.0.1.1:6379") } };
            ((Hashtable)((object[])plan["Groups"]!)[0])["StableFor"] = 600;
            ((Hashtable)((object[])plan["Groups"]!)[0])["SteadyTimeout"] = 60;
            var message = Problems(plan);
            Assert.Contains("Sentinels is missing", message);
            Assert.Contains("Source and Target are both 10.0.1.1:6379", message);
            Assert.Contains("StableFor (00:10:00) must be shorter than SteadyTimeout (00:01:00)", message);
        }

        [Fact]
        public void NodesBelongToGroupsNotToTheDefaultsAndAPlanHasGroups()
        {
            var plan = new Hashtable { ["Defaults"] = new Hashtable { ["Source"] = "10.0.1.1:6379" }, ["Extra"] = 1 };
            var message = Problems(plan);
            Assert.Contains("Defaults: Source belongs to each group", message);
            Assert.Contains("'Extra' is not a plan entry", message);
            Assert.Contains("Groups must list at least one group", message);
        }
    }
}

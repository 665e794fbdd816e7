using System;
using System.IO;
using System.Linq;
using DragonflyMigration.Engine.Connections;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Connections
{
    public class ToolAccessTests
    {
        [Theory]
        [InlineData("migrator", "migrator")]
        [InlineData("User is migrator", "migrator")]
        public void WhoamiIsReadInRedissAndDragonflysShape(string reply, string user) => Assert.Equal(user, ToolAccess.UserOf(reply));

        [Fact]
        public void TheReadmeQuotesTheAclLineOfTheEnginesCommandList()
        {
            var readme = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "README.md"));

            var quoted = readme.Where(l => l.StartsWith("ACL SETUSER migrator resetkeys", StringComparison.Ordinal)).ToList();

            Assert.Equal(new[] { "ACL SETUSER migrator " + ToolAccess.AclRules }, quoted);
        }

        [Fact]
        public void EachRuleIsGrantedOnceAndNamesTheCommandItsProbeSends()
        {
            Assert.Equal(ToolAccess.Commands.Count, ToolAccess.Commands.Select(c => c.Rule).Distinct().Count());
            Assert.All(ToolAccess.Commands, c =>
            {
                var parts = c.Rule.Split('|');
                Assert.Equal(parts[0], c.Probe[0].ToLowerInvariant());
                if (parts.Length == 2) Assert.Equal(parts[1], c.Probe[1].ToLowerInvariant());
            });
        }

        [Fact]
        public void TheUserReadsAnyKeyAndWritesOnlyTheToolsOwn()
        {
            Assert.StartsWith("resetkeys %R~* ~dragonfly-migration:* resetchannels -@all +", ToolAccess.AclRules);
            Assert.All(ToolAccess.Commands.Where(c => c.Rule == "set" || c.Rule == "del" || c.Rule == "hset"), c => Assert.StartsWith("dragonfly-migration:", c.Probe[1]));
        }
    }
}

using DragonflyMigration.Engine.Info;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Info
{
    public class KeyspaceTests
    {
        [Theory]
        [InlineData("db0", 0)]
        [InlineData("db15", 15)]
        [InlineData("dbnum", null)]
        [InlineData("db", null)]
        [InlineData("db1x", null)]
        [InlineData("used_memory", null)]
        public void DatabaseNumberReadsOnlyKeyspaceLines(string name, int? expected) =>
            Assert.Equal(expected, Keyspace.DatabaseNumber(name));

        [Fact]
        public void NonEmptyDatabasesAreInNumericOrder()
        {
            var info = InfoDocument.Parse("# Keyspace\r\ndb10:keys=3,expires=0,avg_ttl=0\r\ndb2:keys=1,expires=0,avg_ttl=0\r\ndb3:keys=0,expires=0,avg_ttl=0\r\n");
            Assert.Equal(new[] { 2, 10 }, Keyspace.NonEmptyDatabases(info));
        }
    }
}

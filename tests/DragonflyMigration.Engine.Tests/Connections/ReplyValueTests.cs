using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Connections
{
    public class ReplyValueTests
    {
        [Fact]
        public void FieldValueRepliesReadAsAMapIgnoringCase()
        {
            var reply = ReplyValue.FromItems(new[] { ReplyValue.FromText("maxmemory"), ReplyValue.FromText("0"), ReplyValue.FromText("library_name"), ReplyValue.FromText("lib") });
            var fields = reply.AsFields();
            Assert.Equal("0", fields["MAXMEMORY"]);
            Assert.Equal("lib", fields["library_name"]);
        }

        [Fact]
        public void AShapeTheCommandNeverReturnsIsAnUnexpectedReplyNamingServerAndCommand()
        {
            var origin = "10.0.0.1:6379 CONFIG";
            var text = ReplyValue.FromText("OK", origin);
            Assert.Equal(MigrationErrorKind.UnexpectedReply, Assert.Throws<MigrationException>(() => text.AsFields()).Kind);
            Assert.Contains(origin, Assert.Throws<MigrationException>(() => text.AsInt64()).Message);
            Assert.Equal(MigrationErrorKind.UnexpectedReply, Assert.Throws<MigrationException>(() => ReplyValue.FromItems(new[] { text }, origin).AsAddress()).Kind);
            Assert.Equal(MigrationErrorKind.UnexpectedReply, Assert.Throws<MigrationException>(() => ReplyValue.FromItems(new[] { text }, origin).AsScanPage()).Kind);
        }

        [Fact]
        public void TypedReadersReadTheShapesTheyExpect()
        {
            Assert.Equal(42, ReplyValue.FromText("42").AsInt64());
            Assert.Null(ReplyValue.Null.AsAddress());
            Assert.Equal("[::1]:26379", ReplyValue.FromItems(new[] { ReplyValue.FromText("::1"), ReplyValue.FromText("26379") }).AsAddress()!.ToString());
            var page = ReplyValue.FromItems(new[] { ReplyValue.FromText("17"), ReplyValue.FromItems(new[] { ReplyValue.FromText("a"), ReplyValue.FromText("b") }) }).AsScanPage();
            Assert.Equal("17", page.Cursor);
            Assert.Equal(new[] { "a", "b" }, page.Keys);
        }

        [Theory]
        [InlineData("NOAUTH Authentication required.", ServerError.AuthenticationRequired)]
        [InlineData("WRONGPASS invalid username-password pair or user is disabled.", ServerError.WrongCredentials)]
        [InlineData("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?", ServerError.NoPasswordConfigured)]
        [InlineData("NOPERM User migrator has no permissions to run the 'config|set' command", ServerError.NoPermission)]
        [InlineData("LOADING Redis is loading the dataset in memory", ServerError.Loading)]
        [InlineData("READONLY You can't write against a read only replica.", ServerError.ReadOnly)]
        [InlineData("INPROG Failover already in progress", ServerError.FailoverInProgress)]
        [InlineData("NOGOODSLAVE No suitable replica to promote", ServerError.NoGoodReplica)]
        [InlineData("ERR No such master with that name", ServerError.NoSuchMaster)]
        [InlineData("ERR unknown command 'FUNCTION', with args beginning with: 'LIST' ", ServerError.UnknownCommand)]
        [InlineData("ERR unknown subcommand 'DRYRUN'. Try ACL HELP.", ServerError.UnknownCommand)]
        [InlineData("ERR syntax error", ServerError.Other)]
        public void ServerErrorRepliesAreClassifiedOnce(string reply, ServerError expected)
        {
            Assert.Equal(expected, ServerErrors.Classify(reply));
        }
    }
}

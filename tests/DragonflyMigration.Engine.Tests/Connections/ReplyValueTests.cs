using DragonflyMigration.Engine.Connections;
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
            Assert.Empty(ReplyValue.FromText("OK").AsFields());
        }
    }
}

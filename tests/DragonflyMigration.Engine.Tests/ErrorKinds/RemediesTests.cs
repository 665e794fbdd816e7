using System;
using System.Linq;
using DragonflyMigration.Engine.Errors;
using Xunit;

namespace DragonflyMigration.Engine.Tests.ErrorKinds
{
    public class RemediesTests
    {
        private static readonly string Fallback = Remedies.For((MigrationErrorKind)(-1));

        public static TheoryData<MigrationErrorKind> Kinds()
        {
            var data = new TheoryData<MigrationErrorKind>();
            foreach (var kind in Enum.GetValues(typeof(MigrationErrorKind)).Cast<MigrationErrorKind>()) data.Add(kind);
            return data;
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void EveryKindOfErrorHasARemedyOfItsOwn(MigrationErrorKind kind)
        {
            var remedy = Remedies.For(kind);
            Assert.False(string.IsNullOrWhiteSpace(remedy));
            Assert.NotEqual(Fallback, remedy);
        }
    }
}

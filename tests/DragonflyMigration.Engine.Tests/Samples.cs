using System.IO;
using DragonflyMigration.Engine.Info;

namespace DragonflyMigration.Engine.Tests
{
    internal static class Samples
    {
        public static string Text(string name) => File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Samples", name + ".info.txt"));

        public static InfoDocument Info(string name) => InfoDocument.Parse(Text(name));
    }
}

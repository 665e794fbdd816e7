namespace DragonflyMigration.Engine.Info
{
    /// <summary>Which server implementation answered.</summary>
    public enum ServerFlavor
    {
        Unknown,
        Redis,
        Valkey,
        KeyDB,
        Dragonfly,
    }
}

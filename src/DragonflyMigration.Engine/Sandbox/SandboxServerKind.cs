namespace DragonflyMigration.Engine.Sandbox
{
    public enum SandboxServerKind
    {
        Redis,
        Sentinel,
        Dragonfly,
    }
}

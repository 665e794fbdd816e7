namespace DragonflyMigration.Engine.Readiness
{
    /// <summary>The verdict of one readiness check, from best to worst; Skipped when it could not apply.</summary>
    public enum CheckStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
    }
}

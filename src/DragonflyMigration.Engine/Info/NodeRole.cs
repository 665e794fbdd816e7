namespace DragonflyMigration.Engine.Info
{
    /// <summary>The part a node plays, as its INFO reports it.</summary>
    public enum NodeRole
    {
        Unknown,
        Primary,
        Replica,
        Sentinel,
    }
}

namespace DragonflyMigration.Module
{
    internal interface IDependencyResolver
    {
        void Attach();
    }
}

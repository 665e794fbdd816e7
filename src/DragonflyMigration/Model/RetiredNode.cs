using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration
{
    /// <summary>An old node Complete-DragonflyMigration took out of service.</summary>
    public sealed class RetiredNode
    {
        internal RetiredNode(RetiredNodeOutcome outcome, string masterName)
        {
            Endpoint = outcome.Endpoint;
            MasterName = masterName;
            PriorityLowered = outcome.PriorityLowered;
            ShutDown = outcome.ShutDown;
            Note = outcome.Note;
        }

        public string Endpoint { get; }

        public string MasterName { get; }

        /// <summary>It got replica-priority 0, so no Sentinel can promote it again.</summary>
        public bool PriorityLowered { get; }

        /// <summary>It was shut down with SHUTDOWN SAVE; its data stays on disk for a rollback.</summary>
        public bool ShutDown { get; }

        public string? Note { get; }

        public override string ToString() => Endpoint;
    }
}

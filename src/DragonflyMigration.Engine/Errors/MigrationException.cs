using System;

namespace DragonflyMigration.Engine.Errors
{
    /// <summary>
    /// The one exception type the engine lets out. Its message is written for an operator and never
    /// holds a secret; <see cref="Target"/> names what failed (usually an endpoint).
    /// </summary>
    public sealed class MigrationException : Exception
    {
        public MigrationException(MigrationErrorKind kind, string message, string? target = null, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            Target = target;
        }

        public MigrationErrorKind Kind { get; }

        public string? Target { get; }

        /// <summary>What an operator can do about it, when the engine knows.</summary>
        public string? Remedy { get; init; }
    }
}

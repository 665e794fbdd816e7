using System;
using DragonflyMigration.Engine.Connections;

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

        /// <summary>
        /// The server's refusal, classified, when a server answered with an error; null when no answer
        /// came (a lost connection, a timeout) or the failure was not a command's.
        /// </summary>
        public ServerError? ServerError { get; init; }

        /// <summary>A server answered, and the answer was no: trying again on another connection will not help.</summary>
        public bool IsServerRefusal => ServerError.HasValue;

        /// <summary>The server refused with this particular error.</summary>
        public bool Is(ServerError error) => ServerError == error;
    }
}

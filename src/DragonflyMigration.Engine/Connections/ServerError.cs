using System;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// What a server's error reply means, classified once here so that no other code matches error
    /// texts. <see cref="Errors.MigrationException.ServerError"/> carries it; null there means the
    /// command got no reply at all (a lost connection or a timeout), which callers may retry.
    /// </summary>
    public enum ServerError
    {
        /// <summary>A refusal this list does not name; the message says what it was.</summary>
        Other,

        /// <summary><c>NOAUTH</c>: the connection has not authenticated.</summary>
        AuthenticationRequired,

        /// <summary><c>WRONGPASS</c> or an invalid password.</summary>
        WrongCredentials,

        /// <summary>AUTH sent to a server that has no password configured: harmless.</summary>
        NoPasswordConfigured,

        /// <summary><c>NOPERM</c>: the ACL user may not run the command.</summary>
        NoPermission,

        /// <summary>The server does not know the command (or the subcommand).</summary>
        UnknownCommand,

        /// <summary><c>LOADING</c>: the server is loading its dataset and answers nothing else yet.</summary>
        Loading,

        /// <summary><c>READONLY</c>: a write sent to a replica.</summary>
        ReadOnly,

        /// <summary>Sentinel monitors no primary by that name.</summary>
        NoSuchMaster,

        /// <summary><c>INPROG</c>: Sentinel already runs a failover for this primary.</summary>
        FailoverInProgress,

        /// <summary><c>NOGOODSLAVE</c>: Sentinel found no replica it could promote.</summary>
        NoGoodReplica,
    }

    /// <summary>Reads the meaning of a server's error reply from its text.</summary>
    public static class ServerErrors
    {
        public static ServerError Classify(string message)
        {
            var text = message.TrimStart('-', ' ');
            if (Starts(text, "NOAUTH")) return ServerError.AuthenticationRequired;
            if (Starts(text, "WRONGPASS") || Has(text, "invalid password") || Has(text, "invalid username-password")) return ServerError.WrongCredentials;
            if (Has(text, "without any password configured") || Has(text, "no password is set")) return ServerError.NoPasswordConfigured;
            if (Starts(text, "NOPERM")) return ServerError.NoPermission;
            if (Starts(text, "LOADING")) return ServerError.Loading;
            if (Starts(text, "READONLY")) return ServerError.ReadOnly;
            if (Starts(text, "INPROG")) return ServerError.FailoverInProgress;
            if (Starts(text, "NOGOODSLAVE")) return ServerError.NoGoodReplica;
            if (Has(text, "No such master")) return ServerError.NoSuchMaster;
            if (Has(text, "unknown command") || Has(text, "unknown subcommand") || Has(text, "Unknown sentinel subcommand")) return ServerError.UnknownCommand;
            return ServerError.Other;
        }

        private static bool Starts(string text, string prefix) => text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

        private static bool Has(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}

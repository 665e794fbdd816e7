using System;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// How to reach a node. Holds the password only to hand it to the client library; it is never
    /// printed, and <see cref="ToString"/> shows only whether one is set.
    /// </summary>
    public sealed class ConnectionSettings
    {
        /// <summary>ACL user; null or <c>default</c> means password-only authentication.</summary>
        public string? User { get; init; }

        public string? Password { get; init; }

        /// <summary>The node is a Sentinel; only Sentinel's commands are sent.</summary>
        public bool IsSentinel { get; init; }

        public bool UseTls { get; init; }

        /// <summary>Name to check the server certificate against, when it differs from the host.</summary>
        public string? TlsHost { get; init; }

        /// <summary>PEM or DER file of the CA that issued the server certificate.</summary>
        public string? CaCertificatePath { get; init; }

        /// <summary>Accept any server certificate. For rehearsals with self-signed certificates only.</summary>
        public bool SkipCertificateCheck { get; init; }

        /// <summary>The certificate, with its private key, to present when the server asks for one (tls-auth-clients).</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

        /// <summary>The same settings for a Sentinel (its own port and commands).</summary>
        public ConnectionSettings AsSentinel() => new ConnectionSettings
        {
            User = User, Password = Password, UseTls = UseTls, TlsHost = TlsHost, CaCertificatePath = CaCertificatePath,
            SkipCertificateCheck = SkipCertificateCheck, ClientCertificate = ClientCertificate, ConnectTimeout = ConnectTimeout, IsSentinel = true,
        };

        public TimeSpan ConnectTimeout { get; init; } = Options.OptionRanges.ConnectTimeout.Default;

        public bool HasPassword => !string.IsNullOrEmpty(Password);

        /// <summary>The user name to send with AUTH, or null for the password-only form.</summary>
        public string? EffectiveUser =>
            string.IsNullOrEmpty(User) || string.Equals(User, "default", StringComparison.Ordinal) ? null : User;

        public override string ToString() =>
            $"User={EffectiveUser ?? "(default)"}, Password={(HasPassword ? "set" : "none")}, Tls={UseTls}, Sentinel={IsSentinel}, ConnectTimeout={ConnectTimeout}, ClientCertificate={(ClientCertificate == null ? "none" : ClientCertificate.Subject)}";
    }
}

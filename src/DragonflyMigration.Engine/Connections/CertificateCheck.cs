using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Server certificate validation: the machine's trust store, or a given CA file whose certificate
    /// must be the root of the server's chain. The host name must match either way.
    /// </summary>
    internal sealed class CertificateCheck
    {
        private readonly X509Certificate2? _authority;
        private readonly bool _skip;

        public CertificateCheck(string? caCertificatePath, bool skip)
        {
            _skip = skip;
            if (!string.IsNullOrEmpty(caCertificatePath)) _authority = new X509Certificate2(caCertificatePath!);
        }

        /// <summary>What was wrong with the last rejected certificate.</summary>
        public SslPolicyErrors? Rejected { get; private set; }

        public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (_skip) return true;
            var ok = _authority == null ? errors == SslPolicyErrors.None : IssuedByAuthority(certificate, errors);
            if (!ok) Rejected = errors == SslPolicyErrors.None ? SslPolicyErrors.RemoteCertificateChainErrors : errors;
            return ok;
        }

        private bool IssuedByAuthority(X509Certificate? certificate, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.ChainPolicy.ExtraStore.Add(_authority!);
            if (!chain.Build(new X509Certificate2(certificate))) return false;
            var root = chain.ChainElements.Cast<X509ChainElement>().Last().Certificate;
            return root.Thumbprint == _authority!.Thumbprint;
        }
    }
}

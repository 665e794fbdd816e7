using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Engine.Connections
{
    /// <summary>
    /// Loads the certificate a client presents to a server that requires one (Redis's default
    /// tls-auth-clients yes): a PEM certificate with its PEM key, or a PKCS#12 (PFX) file. Messages
    /// name files, never a password or key material.
    /// </summary>
    public static class ClientCertificates
    {
        public static X509Certificate2 Load(string certificatePath, string? keyPath, SecureString? password)
        {
            Require(certificatePath);
            X509Certificate2 certificate;
            try
            {
                certificate = keyPath != null || IsPem(certificatePath)
                    ? FromPem(certificatePath, keyPath ?? certificatePath)
                    : new X509Certificate2(certificatePath, password);
            }
            catch (CryptographicException)
            {
                throw Invalid($"'{Path.GetFileName(certificatePath)}' could not be read as a client certificate{(keyPath != null ? $" with the key '{Path.GetFileName(keyPath)}'" : string.Empty)}.",
                    "Give a PEM certificate with -ClientKeyPath for its PEM private key, or a PFX file with -ClientCertificatePassword if it has one.");
            }
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw Invalid($"'{Path.GetFileName(certificatePath)}' holds no private key, so it cannot prove who the client is.",
                    "Give the key with -ClientKeyPath (PEM) or a PFX file that includes it.");
            }
            return certificate;
        }

        /// <summary>A certificate object (from a certificate store) must come with its private key.</summary>
        public static X509Certificate2 Check(X509Certificate2 certificate) =>
            certificate.HasPrivateKey ? certificate
            : throw Invalid($"The client certificate '{certificate.Subject}' comes without its private key.", "Take it from a store where its private key is available (Get-ChildItem Cert:\\CurrentUser\\My).");

        private static void Require(string path)
        {
            if (!File.Exists(path)) throw Invalid($"The client certificate file '{path}' does not exist.", "Check the path.");
        }

        private static bool IsPem(string path)
        {
            using var reader = new StreamReader(path);
            var buffer = new char[64];
            var read = reader.Read(buffer, 0, buffer.Length);
            return new string(buffer, 0, read).Contains("-----BEGIN");
        }

        /// <summary>
        /// X509Certificate2.CreateFromPemFile exists from .NET 5 (PowerShell 7) but not in netstandard2.0,
        /// so it is found at run time; Windows PowerShell 5.1 has no PEM loader and gets a clear error.
        /// </summary>
        private static X509Certificate2 FromPem(string certificatePath, string keyPath)
        {
            if (!File.Exists(keyPath)) throw Invalid($"The client key file '{keyPath}' does not exist.", "Check the path.");
            var create = typeof(X509Certificate2).GetMethod("CreateFromPemFile", new[] { typeof(string), typeof(string) })
                ?? throw Invalid("PEM client certificates need PowerShell 7.", "On Windows PowerShell 5.1, give a PFX file (-ClientCertificatePath with -ClientCertificatePassword) or a certificate from the store (-ClientCertificate).");
            X509Certificate2 loaded;
            try
            {
                loaded = (X509Certificate2)create.Invoke(null, new object[] { certificatePath, keyPath })!;
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is CryptographicException || ex.InnerException is ArgumentException)
            {
                throw new CryptographicException("unreadable PEM", ex.InnerException);
            }
            // SChannel on Windows cannot use a key that lives only in memory; a PKCS#12 round trip gives it one.
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return loaded;
            using (loaded) return new X509Certificate2(loaded.Export(X509ContentType.Pkcs12));
        }

        private static MigrationException Invalid(string message, string remedy) =>
            new MigrationException(MigrationErrorKind.InvalidParameter, message, "ClientCertificate") { Remedy = remedy };
    }
}

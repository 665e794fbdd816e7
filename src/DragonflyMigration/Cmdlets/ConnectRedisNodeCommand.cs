using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Options;
using DragonflyMigration.Infrastructure;

namespace DragonflyMigration.Cmdlets
{
    /// <summary>Opens connections to Redis-compatible servers or Sentinels and reports what they are.</summary>
    [Cmdlet(VerbsCommunications.Connect, "RedisNode")]
    [OutputType(typeof(RedisNode))]
    public sealed class ConnectRedisNodeCommand : EngineCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Endpoint { get; set; } = Array.Empty<string>();

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public SwitchParameter Sentinel { get; set; }

        [Parameter]
        public SwitchParameter UseTls { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TlsHost { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CaCertificatePath { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>A PEM certificate (with -ClientKeyPath) or a PFX file to present to servers that require client certificates.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientCertificatePath { get; set; }

        /// <summary>The PEM private key of -ClientCertificatePath.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientKeyPath { get; set; }

        /// <summary>The password of a PFX file given with -ClientCertificatePath.</summary>
        [Parameter]
        public SecureString? ClientCertificatePassword { get; set; }

        /// <summary>A certificate with its private key, for example from Get-ChildItem Cert:\CurrentUser\My.</summary>
        [Parameter]
        [ValidateNotNull]
        public X509Certificate2? ClientCertificate { get; set; }

        private X509Certificate2? _clientCertificate;

        [Parameter]
        [DurationTransformation]
        [ValidateDuration(nameof(OptionRanges.ConnectTimeout))]
        public TimeSpan ConnectTimeout { get; set; } = OptionRanges.ConnectTimeout.Default;

        protected override void BeginProcessing()
        {
            if (!UseTls && (TlsHost != null || CaCertificatePath != null || SkipCertificateCheck || ClientCertificatePath != null || ClientCertificate != null))
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    "-TlsHost, -CaCertificatePath, -SkipCertificateCheck and the client certificate parameters apply only with -UseTls.", "UseTls"));
            }
            if (ClientCertificate != null && ClientCertificatePath != null)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    "Give the client certificate either as -ClientCertificate or as -ClientCertificatePath, not both.", nameof(ClientCertificate)));
            }
            if ((ClientKeyPath != null || ClientCertificatePassword != null) && ClientCertificatePath == null)
            {
                ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                    "-ClientKeyPath and -ClientCertificatePassword go with -ClientCertificatePath.", nameof(ClientCertificatePath)));
            }
            try
            {
                _clientCertificate = ClientCertificate != null
                    ? ClientCertificates.Check(ClientCertificate)
                    : ClientCertificatePath != null
                        ? ClientCertificates.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(ClientCertificatePath),
                            ClientKeyPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ClientKeyPath), ClientCertificatePassword)
                        : null;
            }
            catch (MigrationException ex)
            {
                ThrowTerminatingError(ex);
            }
            if (CaCertificatePath != null)
            {
                CaCertificatePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(CaCertificatePath);
                if (!System.IO.File.Exists(CaCertificatePath))
                {
                    ThrowTerminatingError(new MigrationException(MigrationErrorKind.InvalidParameter,
                        $"The CA certificate file '{CaCertificatePath}' does not exist.", CaCertificatePath));
                }
            }
        }

        protected override void ProcessRecord()
        {
            var settings = new ConnectionSettings
            {
                User = Credential?.UserName,
                Password = Credential?.GetNetworkCredential().Password,
                IsSentinel = Sentinel,
                UseTls = UseTls,
                TlsHost = TlsHost,
                CaCertificatePath = CaCertificatePath,
                SkipCertificateCheck = SkipCertificateCheck,
                ClientCertificate = _clientCertificate,
                ConnectTimeout = ConnectTimeout,
            };
            var defaultPort = Sentinel ? NodeEndpoint.DefaultSentinelPort : NodeEndpoint.DefaultRedisPort;

            foreach (var text in Endpoint)
            {
                try
                {
                    var endpoint = NodeEndpoint.Parse(text, defaultPort);
                    WriteVerbose($"Connecting to {endpoint} ({settings}).");
                    var client = Await((token, _) => NodeConnector.ConnectAsync(endpoint, settings, token));
                    WriteVerbose($"{endpoint} is a {client.Identity.Flavor} {client.Identity.VersionText} {client.Identity.Role}.");
                    WriteObject(new RedisNode(client));
                }
                catch (MigrationException ex)
                {
                    WriteError(ex, text);
                }
            }
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Errors;
using DragonflyMigration.Engine.Fleet;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// The credentials a plan refers to, fetched where the reference says: an Azure Automation credential asset
    /// (Get-AutomationPSCredential, in a job), a SecretManagement secret (Get-Secret: a credential, or a password
    /// alone), or a PSCredential passed to the command under a key. Each reference is fetched once; one that
    /// cannot be had is its group's error, named by the reference and never by its value.
    /// </summary>
    internal sealed class PlanCredentials
    {
        private readonly PSCmdlet _cmdlet;
        private readonly Hashtable? _passed;
        private readonly Dictionary<string, (string? User, string Password)> _fetched = new Dictionary<string, (string? User, string Password)>(StringComparer.OrdinalIgnoreCase);

        public PlanCredentials(PSCmdlet cmdlet, Hashtable? passed)
        {
            _cmdlet = cmdlet;
            _passed = passed;
        }

        /// <summary>The group's connection settings, or null with why its credential could not be had.</summary>
        public (ConnectionSettings DataNodes, ConnectionSettings Sentinels)? TryResolve(PlannedGroup group, out MigrationException? failure)
        {
            failure = null;
            try
            {
                return (Settings(group.Credential, false), Settings(group.SentinelCredential, true));
            }
            catch (MigrationException ex)
            {
                failure = new MigrationException(ex.Kind, $"'{group.MasterName}': {ex.Message}", group.MasterName, ex) { Remedy = ex.Remedy };
                return null;
            }
        }

        private ConnectionSettings Settings(CredentialReference? reference, bool sentinel)
        {
            if (reference == null) return new ConnectionSettings { IsSentinel = sentinel };
            var key = reference.ToString();
            if (!_fetched.TryGetValue(key, out var credential)) _fetched[key] = credential = Fetch(reference);
            return new ConnectionSettings { User = credential.User, Password = credential.Password, IsSentinel = sentinel };
        }

        private (string? User, string Password) Fetch(CredentialReference reference)
        {
            switch (reference.Source)
            {
                case CredentialSource.Parameter:
                    var value = _passed?[reference.Name];
                    return From(value is PSObject wrapped ? wrapped.BaseObject : value, reference)
                        ?? throw Unavailable(reference, $"-Credential has no PSCredential under the key '{reference.Name}'");
                case CredentialSource.Automation:
                    return From(Invoke("Get-AutomationPSCredential", reference), reference)
                        ?? throw Unavailable(reference, $"Get-AutomationPSCredential returned no credential named '{reference.Name}'");
                default:
                    return From(Invoke("Get-Secret", reference), reference)
                        ?? throw Unavailable(reference, $"Get-Secret returned no credential or password named '{reference.Name}'");
            }
        }

        private object? Invoke(string command, CredentialReference reference)
        {
            if (_cmdlet.InvokeCommand.GetCommand(command, CommandTypes.All) == null)
            {
                throw Unavailable(reference, command == "Get-Secret"
                    ? "Get-Secret is not available: install and import Microsoft.PowerShell.SecretManagement and register a vault"
                    : "Get-AutomationPSCredential is not available: Automation credentials exist only in an Azure Automation job (pass -Credential elsewhere)");
            }
            try
            {
                return _cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($command, $name) & $command -Name $name"), null, command, reference.Name)
                    .Select(o => o?.BaseObject).FirstOrDefault(o => o != null);
            }
            catch (RuntimeException ex)
            {
                throw Unavailable(reference, $"{command} -Name '{reference.Name}' failed: {ex.Message}");
            }
        }

        private static (string? User, string Password)? From(object? value, CredentialReference reference) => value switch
        {
            PSCredential c => (string.IsNullOrEmpty(c.UserName) ? null : c.UserName, c.GetNetworkCredential().Password),
            SecureString s => (null, new NetworkCredential(string.Empty, s).Password),
            string text when reference.Source == CredentialSource.Secret => (null, text),
            _ => null,
        };

        private static MigrationException Unavailable(CredentialReference reference, string why) =>
            new MigrationException(MigrationErrorKind.CredentialUnavailable, $"the credential {reference} cannot be had: {why}.", reference.ToString());
    }
}

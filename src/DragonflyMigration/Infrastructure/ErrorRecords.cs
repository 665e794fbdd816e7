using System.Management.Automation;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>Turns engine failures into error records with a stable id (the error kind) and a category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(MigrationException ex, object? target)
        {
            var record = new ErrorRecord(ex, ex.Kind.ToString(), CategoryOf(ex.Kind), target ?? ex.Target);
            record.ErrorDetails = new ErrorDetails(ex.Message);
            record.ErrorDetails.RecommendedAction = string.IsNullOrEmpty(ex.Remedy) ? Remedies.For(ex.Kind) : ex.Remedy;
            return record;
        }

        public static ErrorCategory CategoryOf(MigrationErrorKind kind)
        {
            switch (kind)
            {
                case MigrationErrorKind.EndpointInvalid:
                case MigrationErrorKind.MasterNameRequired:
                case MigrationErrorKind.PlanInvalid:
                case MigrationErrorKind.InvalidParameter: return ErrorCategory.InvalidArgument;
                case MigrationErrorKind.ReportWriteFailed: return ErrorCategory.WriteError;
                case MigrationErrorKind.ConfirmationRequired: return ErrorCategory.PermissionDenied;
                case MigrationErrorKind.UnexpectedReply: return ErrorCategory.InvalidResult;
                case MigrationErrorKind.CatchUpTimeout:
                case MigrationErrorKind.ArmTimeout:
                case MigrationErrorKind.PromotionTimeout:
                case MigrationErrorKind.ConfirmTimeout:
                case MigrationErrorKind.PreflightTimeout:
                case MigrationErrorKind.WaitTimeout: return ErrorCategory.OperationTimeout;
                case MigrationErrorKind.HostNotFound: return ErrorCategory.ObjectNotFound;
                case MigrationErrorKind.HostUnreachable:
                case MigrationErrorKind.ConnectionRefused:
                case MigrationErrorKind.ConnectFailed:
                case MigrationErrorKind.NodeDisconnected: return ErrorCategory.ConnectionError;
                case MigrationErrorKind.ConnectTimeout:
                case MigrationErrorKind.FenceFailed: return ErrorCategory.OperationTimeout;
                case MigrationErrorKind.AuthenticationFailed: return ErrorCategory.AuthenticationError;
                case MigrationErrorKind.TlsRequired:
                case MigrationErrorKind.TlsNotSupported:
                case MigrationErrorKind.NotRedisProtocol: return ErrorCategory.ProtocolError;
                case MigrationErrorKind.TlsHandshakeFailed: return ErrorCategory.SecurityError;
                case MigrationErrorKind.NotASentinel:
                case MigrationErrorKind.NodeIsSentinel: return ErrorCategory.InvalidType;
                case MigrationErrorKind.PrerequisiteMissing: return ErrorCategory.NotInstalled;
                case MigrationErrorKind.SandboxStartFailed: return ErrorCategory.ResourceUnavailable;
                case MigrationErrorKind.FailoverInProgress:
                case MigrationErrorKind.CutoverInProgress: return ErrorCategory.ResourceBusy;
                case MigrationErrorKind.NotReady:
                case MigrationErrorKind.GroupBlocked: return ErrorCategory.InvalidOperation;
                case MigrationErrorKind.CredentialUnavailable: return ErrorCategory.ObjectNotFound;
                case MigrationErrorKind.WaveStopped: return ErrorCategory.OperationStopped;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}

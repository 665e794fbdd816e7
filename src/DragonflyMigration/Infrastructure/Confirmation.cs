using System;
using System.Management.Automation;
using DragonflyMigration.Engine.Errors;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// ShouldProcess and ShouldContinue, or, where nobody can answer their prompt (a job, a CI step,
    /// -NonInteractive), an error that says how to run unattended instead of the host's bare refusal.
    /// </summary>
    internal static class Confirmation
    {
        public static bool Confirmed(this PSCmdlet cmdlet, string target, string action) =>
            Answered(cmdlet, () => cmdlet.ShouldProcess(target, action), target, action);

        public static bool ConfirmedAgain(this PSCmdlet cmdlet, string target, string query, string caption) =>
            Answered(cmdlet, () => cmdlet.ShouldContinue(query, caption), target, caption);

        private static bool Answered(PSCmdlet cmdlet, Func<bool> ask, string target, string action)
        {
            try
            {
                return ask();
            }
            catch (PSInvalidOperationException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(new MigrationException(MigrationErrorKind.ConfirmationRequired,
                    $"'{action}' on {target} needs a confirmation, and this session cannot prompt ({ex.Message})", target, ex), target));
                return false;
            }
        }
    }
}

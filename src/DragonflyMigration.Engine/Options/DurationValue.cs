using System;
using System.Globalization;

namespace DragonflyMigration.Engine.Options
{
    /// <summary>
    /// The one rule for a duration given as a bare number, on the command line or in a plan file: seconds.
    /// (PowerShell alone would read -Timeout 5 as five ticks and the string "5" as five days.)
    /// </summary>
    public static class DurationValue
    {
        public static bool TrySeconds(object? value, out TimeSpan duration)
        {
            switch (value)
            {
                case int or long or double or decimal or float:
                    duration = TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    return true;
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                    duration = TimeSpan.FromSeconds(seconds);
                    return true;
                default:
                    duration = default;
                    return false;
            }
        }
    }
}

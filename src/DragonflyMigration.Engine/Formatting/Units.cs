using System;
using System.Globalization;

namespace DragonflyMigration.Engine.Formatting
{
    /// <summary>Sizes and durations as an operator reads them in a message.</summary>
    public static class Units
    {
        private static readonly string[] Suffixes = { "bytes", "KB", "MB", "GB", "TB" };

        public static string Bytes(double bytes)
        {
            var i = 0;
            while (Math.Abs(bytes) >= 1024 && i < Suffixes.Length - 1)
            {
                bytes /= 1024;
                i++;
            }
            return i == 0 ? string.Format(CultureInfo.InvariantCulture, "{0:0} bytes", bytes) : string.Format(CultureInfo.InvariantCulture, "{0:0.#} {1}", bytes, Suffixes[i]);
        }

        public static string Duration(TimeSpan span) =>
            span.TotalSeconds < 1 ? string.Format(CultureInfo.InvariantCulture, "{0:0.#} ms", span.TotalMilliseconds)
            : span.TotalMinutes < 2 ? string.Format(CultureInfo.InvariantCulture, "{0:0.#} s", span.TotalSeconds)
            : span.TotalHours < 2 ? string.Format(CultureInfo.InvariantCulture, "{0:0} min", span.TotalMinutes)
            : string.Format(CultureInfo.InvariantCulture, "{0:0.#} h", span.TotalHours);
    }
}

using System;
using System.Collections.Generic;

namespace DragonflyMigration.Engine.Reporting
{
    /// <summary>
    /// Maps a range of values onto a range of pixels, its upper end rounded up to a tick step of 1, 2 or
    /// 5 times a power of ten so the axis labels are round numbers.
    /// </summary>
    public sealed class ChartScale
    {
        public ChartScale(double maxValue, double pixelStart, double pixelEnd, int maxTicks = 5)
        {
            if (double.IsNaN(maxValue) || double.IsInfinity(maxValue) || maxValue <= 0) maxValue = 1;
            Step = NiceStep(maxValue / maxTicks);
            Max = Math.Ceiling(maxValue / Step - 1e-9) * Step;
            PixelStart = pixelStart;
            PixelEnd = pixelEnd;
        }

        public double Max { get; }

        public double Step { get; }

        public double PixelStart { get; }

        public double PixelEnd { get; }

        /// <summary>The pixel of a value; values outside 0..Max are clamped to the axis.</summary>
        public double Pixel(double value)
        {
            var clamped = Math.Max(0, Math.Min(Max, value));
            return PixelStart + (PixelEnd - PixelStart) * clamped / Max;
        }

        public IReadOnlyList<double> Ticks()
        {
            var ticks = new List<double>();
            for (var i = 0; i * Step <= Max + Step * 1e-9; i++) ticks.Add(i * Step);
            return ticks;
        }

        public static double NiceStep(double rough)
        {
            if (rough <= 0) return 1;
            var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            var fraction = rough / power;
            var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
            // Steps below 1 would label whole bytes, seconds or milliseconds with fractions.
            return Math.Max(1, nice * power);
        }
    }
}

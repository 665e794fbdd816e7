using System;
using System.Globalization;
using System.Management.Automation;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// A bare number given for a duration is seconds: PowerShell would read -Timeout 5 as five ticks and the
    /// string "5" (what pwsh -File passes) as five days. TimeSpans and other strings ("00:30:00") bind as usual.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case int _:
                case long _:
                case double _:
                case decimal _:
                case float _:
                    return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                    return TimeSpan.FromSeconds(seconds);
                default:
                    return inputData;
            }
        }
    }
}

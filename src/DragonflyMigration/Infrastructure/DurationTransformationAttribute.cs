using System;
using System.Management.Automation;
using DragonflyMigration.Engine.Options;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// A bare number given for a duration is seconds: PowerShell would read -Timeout 5 as five ticks and the
    /// string "5" (what pwsh -File passes) as five days. TimeSpans and other strings ("00:30:00") bind as usual.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
            DurationValue.TrySeconds(inputData is PSObject wrapped ? wrapped.BaseObject : inputData, out var seconds) ? seconds : inputData;
    }
}

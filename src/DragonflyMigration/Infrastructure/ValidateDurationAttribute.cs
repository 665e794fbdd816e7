using System;
using System.Globalization;
using System.Management.Automation;
using DragonflyMigration.Engine.Options;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Bounds a TimeSpan parameter by the range the engine declares for it (<see cref="OptionRanges"/>),
    /// so that a negative or absurd duration is a binding error naming the accepted range rather than
    /// a timer's exception later on, and each range is written once.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateDurationAttribute : ValidateArgumentsAttribute
    {
        private readonly DurationOption _option;

        /// <param name="option">The option's name in <see cref="OptionRanges"/>, as nameof(OptionRanges.MaxWritePause).</param>
        public ValidateDurationAttribute(string option)
        {
            _option = OptionRanges.Duration(option);
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is TimeSpan duration && !_option.Accepts(duration))
            {
                throw new ValidationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "The duration {0} is outside the accepted range {1} to {2} ({3}).", duration, _option.Minimum, _option.Maximum, _option.DescribeRange()));
            }
        }
    }
}

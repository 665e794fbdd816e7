using System;
using System.Globalization;
using System.Management.Automation;

namespace DragonflyMigration.Infrastructure
{
    /// <summary>
    /// Bounds a TimeSpan parameter, so that a negative or absurd duration is a binding error that names
    /// the accepted range rather than a timer's exception later on.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateDurationAttribute : ValidateArgumentsAttribute
    {
        private readonly TimeSpan _minimum;
        private readonly TimeSpan _maximum;

        /// <param name="minimum">The shortest duration accepted, as a TimeSpan text such as "00:00:00.001".</param>
        /// <param name="maximum">The longest duration accepted, as a TimeSpan text such as "1.00:00:00".</param>
        public ValidateDurationAttribute(string minimum, string maximum)
        {
            _minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
            _maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is TimeSpan duration && (duration < _minimum || duration > _maximum))
            {
                throw new ValidationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "The duration {0} is outside the accepted range {1} to {2}.", duration, _minimum, _maximum));
            }
        }
    }
}

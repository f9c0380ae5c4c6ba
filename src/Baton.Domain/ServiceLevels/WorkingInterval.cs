using System.Globalization;

namespace Baton.Domain.ServiceLevels;

/// <summary>
/// Open time on one day of the week, in minutes from local midnight in the calendar's zone: 0..1440, where
/// 1440 is 24:00, the end of the day. An interval belongs to the day it is listed under, so a holiday on that
/// date closes it, even the part after a daylight-saving change.
/// </summary>
public readonly record struct WorkingInterval(DayOfWeek Day, int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>"Monday 08:00–12:00", the way people write opening hours.</summary>
    public override string ToString() => $"{Day} {Times}";

    /// <summary>"08:00–12:00", without the day.</summary>
    public string Times => $"{Clock(StartMinute)}–{Clock(EndMinute)}";

    private static string Clock(int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:D2}:{minute % 60:D2}");
}

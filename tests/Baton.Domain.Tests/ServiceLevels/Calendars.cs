using System.Globalization;
using Baton.Domain.ServiceLevels;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>The calendars the hand-worked tables refer to by name, and the little parsers those tables use.</summary>
internal static class Calendars
{
    private const int H = 60;

    /// <summary>Mon–Fri 08:00–12:00 and 13:00–17:30 (8.5 h a day) in Europe/London, Easter 2026 and the usual winter holidays.</summary>
    public static BusinessCalendar LondonOffice { get; } = BusinessCalendar.Create(
        "London office",
        "Europe/London",
        Weekdays((8 * H, 12 * H), (13 * H, (17 * H) + 30)),
        [
            new Holiday(new DateOnly(2026, 4, 3), false, "Good Friday"),
            new Holiday(new DateOnly(2026, 4, 6), false, "Easter Monday"),
            new Holiday(new DateOnly(2026, 12, 25), true, "Christmas Day"),
            new Holiday(new DateOnly(2026, 12, 26), true, "Boxing Day"),
            new Holiday(new DateOnly(2027, 1, 1), true, "New Year's Day"),
        ]);

    /// <summary>Mon–Fri 09:00–17:00 in America/New_York; leap day and 4 July recur.</summary>
    public static BusinessCalendar NewYorkOffice { get; } = BusinessCalendar.Create(
        "New York office",
        "America/New_York",
        Weekdays((9 * H, 17 * H)),
        [
            new Holiday(new DateOnly(2028, 2, 29), true, "Leap day"),
            new Holiday(new DateOnly(2026, 7, 4), true, "Independence Day"),
        ]);

    public static IReadOnlyDictionary<string, BusinessCalendar> ByName { get; } = new Dictionary<string, BusinessCalendar>
    {
        ["London office"] = LondonOffice,
        ["New York office"] = NewYorkOffice,
        ["24×7"] = BusinessCalendar.AlwaysOpen,
        // Mon–Sat 09:30–18:30 at UTC+05:30.
        ["Kolkata office"] = BusinessCalendar.Create(
            "Kolkata office", "Asia/Kolkata", Days([.. MondayToFriday, DayOfWeek.Saturday], ((9 * H) + 30, (18 * H) + 30)), []),
        // Mon–Fri 09:00–17:00; AEDT (+11) until 5 April 2026 03:00, AEST (+10) after.
        ["Sydney office"] = BusinessCalendar.Create("Sydney office", "Australia/Sydney", Weekdays((9 * H, 17 * H)), []),
        // Every night 22:00–06:00 UTC, written as two intervals a day.
        ["UTC night shift"] = BusinessCalendar.Create("UTC night shift", "UTC", Days(Every, (0, 6 * H), (22 * H, 24 * H)), []),
        ["London 24×7"] = BusinessCalendar.Create("London 24×7", "Europe/London", Days(Every, (0, 24 * H)), []),
        ["New York 24×7"] = BusinessCalendar.Create("New York 24×7", "America/New_York", Days(Every, (0, 24 * H)), []),
        // Round the clock on Sundays only: unlike 24×7 it has closed time, so it goes through the yearly tables.
        ["London Sundays"] = BusinessCalendar.Create("London Sundays", "Europe/London", Days([DayOfWeek.Sunday], (0, 24 * H)), []),
        ["London small hours"] = BusinessCalendar.Create("London small hours", "Europe/London", Days(Every, (0, 4 * H)), []),
        ["New York small hours"] = BusinessCalendar.Create("New York small hours", "America/New_York", Days(Every, (0, 4 * H)), []),
        // Sunday 00:00–01:30 and 01:30–04:00: they touch at a time that is skipped in spring and repeated in autumn.
        ["London split at half past one"] = BusinessCalendar.Create(
            "London split at half past one", "Europe/London", Days([DayOfWeek.Sunday], (0, (1 * H) + 30), ((1 * H) + 30, 4 * H)), []),
        // Sunday 01:30–01:45 only: both ends inside the hour that is skipped in spring and repeated in autumn.
        ["London quarter past one"] = BusinessCalendar.Create(
            "London quarter past one", "Europe/London", Days([DayOfWeek.Sunday], ((1 * H) + 30, (1 * H) + 45)), []),
    };

    public static DayOfWeek[] Every => Enum.GetValues<DayOfWeek>();

    public static DayOfWeek[] MondayToFriday =>
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static WorkingInterval[] Weekdays(params (int Start, int End)[] times) => Days(MondayToFriday, times);

    public static WorkingInterval[] Days(DayOfWeek[] days, params (int Start, int End)[] times) =>
        [.. days.SelectMany(day => times.Select(t => new WorkingInterval(day, t.Start, t.End)))];

    /// <summary>"2026-03-30 08:30 +01:00": a local time with its offset, as the tables write instants.</summary>
    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>"42:30": hours and minutes of business time (hours may exceed 24).</summary>
    public static TimeSpan Hours(string text)
    {
        var parts = text.Split(':');
        return TimeSpan.FromHours(int.Parse(parts[0], CultureInfo.InvariantCulture))
            + TimeSpan.FromMinutes(int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>"start/end; start/" — pauses; an empty end means still paused.</summary>
    public static Pause[] Pauses(string text) =>
        [.. text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var ends = p.Split('/', StringSplitOptions.TrimEntries);
            return new Pause(At(ends[0]), ends[1].Length == 0 ? null : At(ends[1]));
        })];
}

using Baton.Domain.ServiceLevels;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>Random but valid calendars for the property tests, the same ones on every run.</summary>
internal static class GeneratedCalendars
{
    // With and without daylight saving, in both hemispheres, with half- and quarter-hour offsets
    // (St John's −03:30/−02:30, Kolkata +05:30, Kathmandu +05:45, Chatham +12:45/+13:45, changing at 02:45).
    private static readonly string[] Zones =
    [
        "UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "America/St_Johns",
        "Asia/Kathmandu", "Pacific/Chatham", "Europe/Berlin",
    ];

    public static BusinessCalendar Generate(int index)
    {
        var random = new Random(1_000 + index);
        var hours = new List<WorkingInterval>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            // 0–3 intervals on a quarter-hour grid, so that boundaries fall on and inside the daylight-saving hours;
            // distinct sorted points paired up never overlap, and every so often two intervals touch.
            var points = Enumerable.Range(0, 97).OrderBy(_ => random.Next()).Take(2 * random.Next(0, 4)).Order().ToList();
            for (var i = 0; i + 1 < points.Count; i += 2)
            {
                var start = i > 0 && random.Next(4) == 0 ? points[i - 1] : points[i];
                hours.Add(new WorkingInterval(day, start * 15, points[i + 1] * 15));
            }
        }

        if (hours.Count == 0)
        {
            hours.Add(new WorkingInterval(DayOfWeek.Monday, 9 * 60, 17 * 60));
        }

        var holidays = new List<Holiday>();
        if (random.Next(3) == 0)
        {
            holidays.Add(new Holiday(new DateOnly(2028, 2, 29), true, "Leap day"));
        }

        for (var i = random.Next(0, 8); i > 0; i--)
        {
            var candidate = new Holiday(
                new DateOnly(2026, 1, 1).AddDays(random.Next(0, 3 * 365)), random.Next(2) == 0, $"Holiday {i}");
            if (!holidays.Any(h => h.FallsOn(candidate.Date) || candidate.FallsOn(h.Date)))
            {
                holidays.Add(candidate);
            }
        }

        return BusinessCalendar.Create($"generated #{index}", Zones[random.Next(Zones.Length)], hours, holidays);
    }

    /// <summary>Everything needed to rebuild the calendar by hand from a failure message.</summary>
    public static string Describe(BusinessCalendar calendar) =>
        $"{calendar.Name} in {calendar.TimeZoneId}; hours {string.Join(", ", calendar.Hours)}; holidays "
        + string.Join(", ", calendar.Holidays.Select(h => $"{h.Date:yyyy-MM-dd}{(h.RecursYearly ? " every year" : "")}"));
}

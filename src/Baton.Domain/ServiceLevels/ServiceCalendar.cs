using System.Globalization;

namespace Baton.Domain.ServiceLevels;

/// <summary>
/// The stored form of a <see cref="BusinessCalendar"/>: what an administrator edits. <see cref="ToBusinessCalendar"/>
/// gives the immutable engine the clocks use; every change goes through <see cref="BusinessCalendar.Create"/>, so a
/// stored calendar is always a valid one.
/// </summary>
public sealed class ServiceCalendar
{
    private ServiceCalendar()
    {
        Name = NameKey = "";
        TimeZoneId = "";
        HoursText = "";
        HolidaysText = "";
    }

    public ServiceCalendar(string name, string timeZoneId, IEnumerable<WorkingInterval> hours, IEnumerable<Holiday> holidays)
        : this()
    {
        Update(name, timeZoneId, hours, holidays);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    /// <summary>The name as compared for uniqueness (<see cref="Text.NameKey"/>); set with the name.</summary>
    public string NameKey { get; private set; }
    public string TimeZoneId { get; private set; }

    /// <summary>The built-in 24×7 calendar: it cannot be edited, so the default policy always has one.</summary>
    public bool IsBuiltIn { get; private set; }

    /// <summary>Working intervals as text, e.g. <c>Mon 08:00-12:00, Mon 13:00-17:30</c>.</summary>
    public string HoursText { get; private set; }

    /// <summary>Holidays, one per line: <c>2026-12-25 Christmas Day</c>, or <c>every 12-25 Christmas Day</c>.</summary>
    public string HolidaysText { get; private set; }

    /// <summary>Bumped on every edit, so cached engines and stored due instants know they are stale.</summary>
    public int Version { get; private set; }

    public static ServiceCalendar TwentyFourSeven()
    {
        var always = BusinessCalendar.AlwaysOpen;
        var calendar = new ServiceCalendar(always.Name, always.TimeZoneId, always.Hours, always.Holidays) { IsBuiltIn = true };
        return calendar;
    }

    public void Update(string name, string timeZoneId, IEnumerable<WorkingInterval> hours, IEnumerable<Holiday> holidays)
    {
        if (IsBuiltIn)
        {
            throw new DomainRuleException("The built-in 24×7 calendar cannot be changed; create a calendar of your own.", "name");
        }

        var engine = BusinessCalendar.Create(name, timeZoneId, hours, holidays);
        Name = engine.Name;
        NameKey = Text.NameKey(Name);
        TimeZoneId = engine.TimeZoneId;
        HoursText = FormatHours(engine.Hours);
        HolidaysText = FormatHolidays(engine.Holidays);
        Version++;
    }

    public BusinessCalendar ToBusinessCalendar() =>
        IsBuiltIn ? BusinessCalendar.AlwaysOpen : BusinessCalendar.Create(Name, TimeZoneId, ParseHours(HoursText), ParseHolidays(HolidaysText));

    // ---- Text forms (pages and storage) ----------------------------------------------------------------------

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public static string FormatHours(IEnumerable<WorkingInterval> hours) =>
        string.Join(", ", hours.OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.StartMinute).Select(h => $"{DayNames[(int)h.Day]} {Clock(h.StartMinute)}-{Clock(h.EndMinute)}"));

    public static string FormatHolidays(IEnumerable<Holiday> holidays) =>
        string.Join('\n', holidays.OrderBy(h => h.RecursYearly ? 0 : 1).ThenBy(h => h.Date).Select(h => h.RecursYearly
            ? $"every {h.Date.ToString("MM-dd", CultureInfo.InvariantCulture)} {h.Name}".TrimEnd()
            : $"{h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {h.Name}".TrimEnd()));

    /// <summary>
    /// Reads <c>Mon 08:00-12:00, Mon 13:00-17:30</c>; also <c>Mon-Fri 08:00-17:00</c> and <c>Sat 09:00-12:00</c>,
    /// separated by commas, semicolons or new lines. 24:00 ends a day.
    /// </summary>
    public static IReadOnlyList<WorkingInterval> ParseHours(string? text)
    {
        var result = new List<WorkingInterval>();
        foreach (var raw in (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var times = parts.Length == 2 ? parts[1].Split('-', '–') : [];
            if (times.Length != 2 || ParseDays(parts[0]) is not { } days || ParseClock(times[0]) is not { } start || ParseClock(times[1]) is not { } end)
            {
                throw new DomainRuleException($"'{raw}' is not a working interval; write e.g. 'Mon 08:00-12:00' or 'Mon-Fri 08:00-17:30'.", "hours");
            }

            result.AddRange(days.Select(day => new WorkingInterval(day, start, end)));
        }

        return result;
    }

    /// <summary>Reads one holiday per line: <c>2026-12-25 Christmas Day</c> or <c>every 12-25 Christmas Day</c>.</summary>
    public static IReadOnlyList<Holiday> ParseHolidays(string? text)
    {
        var result = new List<Holiday>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var recurs = line.StartsWith("every ", StringComparison.OrdinalIgnoreCase);
            var rest = recurs ? line[6..].TrimStart() : line;
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            var datePart = space < 0 ? rest : rest[..space];
            var name = space < 0 ? "" : rest[(space + 1)..].Trim();
            var parsed = recurs
                ? DateOnly.TryParseExact($"2000-{datePart}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var yearly) ? yearly : (DateOnly?)null
                : DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var once) ? once : null;
            if (parsed is not { } date)
            {
                throw new DomainRuleException($"'{line}' is not a holiday; write e.g. '2026-12-25 Christmas Day' or 'every 12-25 Christmas Day'.", "holidays");
            }

            result.Add(new Holiday(date, recurs, name));
        }

        return result;
    }

    /// <summary>"08:00" for minute 480; "24:00" for the end of the day.</summary>
    public static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    /// <summary>Minutes from midnight for "08:00" or "8:00"; 1440 for "24:00"; null for anything else.</summary>
    public static int? ParseClock(string text) =>
        TimeSpan.TryParseExact(text, [@"hh\:mm", @"h\:mm"], CultureInfo.InvariantCulture, out var time) ? (int)time.TotalMinutes
        : text is "24:00" ? WorkingInterval.MinutesPerDay
        : null;

    private static DayOfWeek[]? ParseDays(string text)
    {
        var range = text.Split('-');
        var from = Array.FindIndex(DayNames, d => d.Equals(range[0], StringComparison.OrdinalIgnoreCase));
        if (range.Length == 1)
        {
            return from < 0 ? null : [(DayOfWeek)from];
        }

        var to = Array.FindIndex(DayNames, d => d.Equals(range[1], StringComparison.OrdinalIgnoreCase));
        if (range.Length != 2 || from < 0 || to < 0)
        {
            return null;
        }

        // Monday-first order, so Mon-Fri and Sat-Sun both read naturally.
        var start = (from + 6) % 7;
        var end = (to + 6) % 7;
        return end < start ? null : [.. Enumerable.Range(start, end - start + 1).Select(i => (DayOfWeek)((i + 1) % 7))];
    }
}

using System.Collections.Concurrent;
using System.Globalization;

namespace Baton.Domain.ServiceLevels;

/// <summary>
/// When an SLA clock runs: working hours on each day of the week in one time zone, minus holidays. Answers how much
/// business time lies between two instants (<see cref="Elapsed(DateTimeOffset, DateTimeOffset)"/>) and when a
/// target is due (<see cref="Due(DateTimeOffset, TimeSpan)"/>), optionally with pauses during which the clock stops.
/// </summary>
/// <remarks>
/// <para>
/// Instants may carry any offset; every instant returned is UTC (offset zero). Working hours are wall-clock times in
/// <see cref="TimeZoneId"/>. An instant on a holiday or outside every interval is closed.
/// </para>
/// <para>
/// <b>Due.</b> <c>Due(start, d)</c> is the earliest instant t with <c>Elapsed(start, t) == d</c>. So
/// <c>Due(start, 0)</c> is <c>start</c>; from a start in closed time the clock begins at the next opening; and a
/// target that is used up exactly at a close is due at that close, not at the next opening.
/// </para>
/// <para>
/// <b>Daylight saving.</b> An interval opens at the first instant the wall clock shows its start time and closes
/// at the last instant it shows its end time. Hence a local time that does not exist (spring forward) maps to the
/// instant the clock jumps; a time that occurs twice (fall back) is taken at its first, daylight occurrence for a
/// start and its second, standard occurrence for an end. An interval's real length is therefore the true elapsed
/// time: 08:00–17:00 on a spring-forward day whose gap is 01:00–02:00 is still 9 h, 00:00–04:00 across the gap is
/// 3 h, and 00:00–04:00 across a repeated hour is 5 h. Where that makes intervals touch or overlap they merge, so
/// no instant counts twice.
/// </para>
/// <para>
/// <b>Cost.</b> Per calendar and UTC year, the open intervals are computed once, on first use, as sorted UTC ticks
/// with running totals; <see cref="Elapsed(DateTimeOffset, DateTimeOffset)"/> and
/// <see cref="Due(DateTimeOffset, TimeSpan)"/> are then binary searches, plus one step per year boundary crossed.
/// The cache is internal; a calendar is immutable and safe to share across threads.
/// </para>
/// </remarks>
public sealed class BusinessCalendar
{
    public const int NameMaxLength = 100;

    // Each cached year costs a few kilobytes; past this many, further years are computed and not kept, so that an
    // absurd target (centuries of business time) cannot fill memory.
    private const int MaxCachedYears = 64;

    private const long MaxTicks = OpenTimeOfYear.MaxTicks;
    private const long OpenEnded = long.MaxValue;

    private readonly TimeZoneInfo _zone;
    private readonly WorkingInterval[][] _hoursByDay;
    private readonly HashSet<DateOnly> _holidayDates;
    private readonly HashSet<(int Month, int Day)> _recurringHolidays;
    private readonly ConcurrentDictionary<int, OpenTimeOfYear> _years = new();
    private OpenTimeOfYear? _lastYearUsed;

    private BusinessCalendar(string name, string timeZoneId, TimeZoneInfo zone, WorkingInterval[] hours, Holiday[] holidays)
    {
        Name = name;
        TimeZoneId = timeZoneId;
        _zone = zone;
        Hours = Array.AsReadOnly(hours);
        Holidays = Array.AsReadOnly(holidays);
        _hoursByDay = [.. Enumerable.Range(0, 7).Select(day => hours.Where(h => (int)h.Day == day).ToArray())];
        _holidayDates = [.. holidays.Where(h => !h.RecursYearly).Select(h => h.Date)];
        _recurringHolidays = [.. holidays.Where(h => h.RecursYearly).Select(h => (h.Date.Month, h.Date.Day))];
        IsAlwaysOpen = holidays.Length == 0
            && _hoursByDay.All(day => day.Sum(h => h.EndMinute - h.StartMinute) == WorkingInterval.MinutesPerDay);
    }

    /// <summary>"24×7": every instant counts, no holidays, zone UTC.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(
        "24×7",
        "UTC",
        TimeZoneInfo.Utc,
        [.. Enum.GetValues<DayOfWeek>().Select(day => new WorkingInterval(day, 0, WorkingInterval.MinutesPerDay))],
        []);

    public string Name { get; }

    /// <summary>The IANA id the calendar was created with, e.g. Europe/London.</summary>
    public string TimeZoneId { get; }

    /// <summary>True when every instant counts: all day every day, no holidays (in any zone).</summary>
    public bool IsAlwaysOpen { get; }

    /// <summary>Sorted by day (Sunday first, as <see cref="DayOfWeek"/> counts) and start.</summary>
    public IReadOnlyList<WorkingInterval> Hours { get; }

    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>
    /// Checks and builds a calendar. Several intervals per day are fine (08:00–12:00 and 13:00–17:30) and may touch;
    /// they may not overlap. Time zones are IANA ids.
    /// </summary>
    /// <exception cref="DomainRuleException">An input is unusable; <see cref="DomainRuleException.Field"/> names it.</exception>
    public static BusinessCalendar Create(string name, string timeZoneId, IEnumerable<WorkingInterval> hours, IEnumerable<Holiday> holidays)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(holidays);
        var validName = Text.Required(name, "name", NameMaxLength, "a calendar needs a name, e.g. UK office hours");
        var (id, zone) = ValidZone(timeZoneId);
        return new BusinessCalendar(validName, id, zone, ValidHours(hours), ValidHolidays(holidays));
    }

    public bool IsOpen(DateTimeOffset instant) => IsAlwaysOpen || YearOf(instant.UtcTicks).IsOpenAt(instant.UtcTicks);

    /// <summary>Business time between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to) => new(ElapsedTicks(from.UtcTicks, to.UtcTicks));

    /// <summary>
    /// The earliest instant at which <paramref name="businessTime"/> of open time has passed since
    /// <paramref name="start"/>; <see cref="DateTimeOffset.MaxValue"/> if that lies beyond the year 9999.
    /// </summary>
    public DateTimeOffset Due(DateTimeOffset start, TimeSpan businessTime) =>
        Utc(DueTicks(start.UtcTicks, ValidBusinessTime(businessTime)));

    /// <summary>Business time between two instants that falls outside every pause.</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<Pause> pauses)
    {
        var (start, end) = (from.UtcTicks, to.UtcTicks);
        var elapsed = ElapsedTicks(start, end);
        foreach (var (pauseStart, pauseEnd) in NormalisedPauses(pauses))
        {
            elapsed -= ElapsedTicks(Math.Max(start, pauseStart), Math.Min(end, pauseEnd));
        }

        return new TimeSpan(elapsed);
    }

    /// <summary>
    /// The earliest instant at which <paramref name="businessTime"/> of unpaused open time has passed since
    /// <paramref name="start"/>. While a pause with no end is reached first, the target is never due:
    /// <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Due(DateTimeOffset start, TimeSpan businessTime, IReadOnlyList<Pause> pauses)
    {
        var remaining = ValidBusinessTime(businessTime);
        var cursor = start.UtcTicks;
        if (remaining == 0)
        {
            return Utc(cursor);
        }

        foreach (var (pauseStart, pauseEnd) in NormalisedPauses(pauses))
        {
            if (pauseEnd <= cursor)
            {
                continue;
            }

            if (pauseStart > cursor)
            {
                var due = DueTicks(cursor, remaining);
                if (due <= pauseStart)
                {
                    return Utc(due);
                }

                remaining -= ElapsedTicks(cursor, pauseStart);
            }

            if (pauseEnd == OpenEnded)
            {
                return DateTimeOffset.MaxValue;
            }

            cursor = pauseEnd;
        }

        return Utc(DueTicks(cursor, remaining));
    }

    public override string ToString() => $"{Name} ({TimeZoneId})";

    private long ElapsedTicks(long from, long to)
    {
        if (to <= from)
        {
            return 0;
        }

        if (IsAlwaysOpen)
        {
            return to - from;
        }

        var year = YearOf(from);
        var elapsed = -year.OpenBefore(from);
        while (to >= year.End)
        {
            elapsed += year.Total;
            year = YearOf(year.End);
        }

        return elapsed + year.OpenBefore(to);
    }

    private long DueTicks(long start, long businessTicks)
    {
        if (businessTicks == 0)
        {
            return start;
        }

        if (IsAlwaysOpen || businessTicks > MaxTicks)
        {
            return businessTicks > MaxTicks - start ? MaxTicks : start + businessTicks;
        }

        var year = YearOf(start);
        var target = year.OpenBefore(start) + businessTicks;
        while (target > year.Total)
        {
            if (year.IsLast)
            {
                return MaxTicks;
            }

            target -= year.Total;
            year = YearOf(year.End);
        }

        return year.InstantAfterOpen(target);
    }

    private OpenTimeOfYear YearOf(long instant)
    {
        // Most calls in a row fall in the same year; a stale read of this field only costs a dictionary lookup.
        var last = Volatile.Read(ref _lastYearUsed);
        if (last is not null && instant >= last.Start && instant < last.End)
        {
            return last;
        }

        var year = new DateTime(instant, DateTimeKind.Utc).Year;
        if (!_years.TryGetValue(year, out var table))
        {
            table = OpenTimeOfYear.Build(year, _zone, _hoursByDay, IsHoliday);
            if (_years.Count < MaxCachedYears)
            {
                table = _years.GetOrAdd(year, table);
            }
        }

        Volatile.Write(ref _lastYearUsed, table);
        return table;
    }

    private bool IsHoliday(DateOnly date) =>
        _holidayDates.Contains(date) || _recurringHolidays.Contains((date.Month, date.Day));

    private static DateTimeOffset Utc(long ticks) => ticks >= MaxTicks ? DateTimeOffset.MaxValue : new DateTimeOffset(ticks, TimeSpan.Zero);

    private static long ValidBusinessTime(TimeSpan businessTime) =>
        businessTime >= TimeSpan.Zero
            ? businessTime.Ticks
            : throw new DomainRuleException($"A target cannot be negative ({businessTime}); use zero or more business time.", "businessTime");

    /// <summary>Sorted by start, overlaps merged; an open-ended pause ends at <see cref="OpenEnded"/>.</summary>
    private static ReadOnlySpan<(long Start, long End)> NormalisedPauses(IReadOnlyList<Pause> pauses)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        var sorted = new (long Start, long End)[pauses.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var pause = pauses[i];
            var end = pause.End?.UtcTicks ?? OpenEnded;
            if (end < pause.Start.UtcTicks)
            {
                throw new DomainRuleException(
                    $"A pause cannot end ({pause.End:O}) before it starts ({pause.Start:O}).", "pauses");
            }

            sorted[i] = (pause.Start.UtcTicks, end);
        }

        Array.Sort(sorted);
        var merged = 0;
        foreach (var pause in sorted)
        {
            if (merged > 0 && pause.Start <= sorted[merged - 1].End)
            {
                sorted[merged - 1].End = Math.Max(sorted[merged - 1].End, pause.End);
            }
            else
            {
                sorted[merged++] = pause;
            }
        }

        return sorted.AsSpan(0, merged);
    }

    private static (string Id, TimeZoneInfo Zone) ValidZone(string? timeZoneId)
    {
        var id = timeZoneId?.Trim() ?? "";
        if (id.Length == 0)
        {
            throw new DomainRuleException("Choose the calendar's time zone: an IANA id such as Europe/London.", "timeZoneId");
        }

        try
        {
            return (id, TimeZoneInfo.FindSystemTimeZoneById(id));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new DomainRuleException($"Unknown time zone '{id}'; use an IANA id such as Europe/London.", "timeZoneId");
        }
    }

    private static WorkingInterval[] ValidHours(IEnumerable<WorkingInterval> hours)
    {
        var sorted = hours.OrderBy(h => h.Day).ThenBy(h => h.StartMinute).ToArray();
        foreach (var interval in sorted)
        {
            if (!Enum.IsDefined(interval.Day))
            {
                throw new DomainRuleException($"'{interval.Day}' is not a day of the week; use Sunday to Saturday.", "hours");
            }

            if (interval.StartMinute is < 0 or > WorkingInterval.MinutesPerDay
                || interval.EndMinute is < 0 or > WorkingInterval.MinutesPerDay)
            {
                throw new DomainRuleException(
                    $"{interval.Day} from minute {interval.StartMinute} to {interval.EndMinute} is outside the day; "
                    + "minutes run from 0 (00:00) to 1440 (24:00).",
                    "hours");
            }

            if (interval.EndMinute == interval.StartMinute)
            {
                throw new DomainRuleException($"{interval} is empty; give it an end after its start, or remove it.", "hours");
            }

            if (interval.EndMinute < interval.StartMinute)
            {
                var nextDay = (DayOfWeek)(((int)interval.Day + 1) % 7);
                throw new DomainRuleException(
                    $"{interval} ends before it starts; split time that runs past midnight into two intervals: "
                    + $"{interval with { EndMinute = WorkingInterval.MinutesPerDay }} and {new WorkingInterval(nextDay, 0, interval.EndMinute)}.",
                    "hours");
            }
        }

        for (var i = 1; i < sorted.Length; i++)
        {
            var (earlier, later) = (sorted[i - 1], sorted[i]);
            if (earlier.Day == later.Day && later.StartMinute < earlier.EndMinute)
            {
                throw new DomainRuleException(
                    $"{earlier} overlaps {later.Times}; intervals on the same day may touch but not overlap.", "hours");
            }
        }

        if (sorted.Length == 0)
        {
            throw new DomainRuleException(
                "The calendar has no working time in the week; add at least one interval, e.g. Monday 09:00–17:00.", "hours");
        }

        return sorted;
    }

    private static Holiday[] ValidHolidays(IEnumerable<Holiday> holidays)
    {
        var list = holidays.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            var holiday = list[i] ?? throw new DomainRuleException("A holiday is missing; remove the empty entry.", "holidays");
            if (string.IsNullOrWhiteSpace(holiday.Name))
            {
                throw new DomainRuleException($"The holiday {Describe(holiday)} needs a name, e.g. Christmas Day.", "holidays");
            }

            // A recurring holiday covers its month and day in every year, so a fixed one on that day repeats it.
            var clash = list.Take(i).FirstOrDefault(other => holiday.FallsOn(other.Date) || other.FallsOn(holiday.Date));
            if (clash is not null)
            {
                throw new DomainRuleException(
                    $"'{holiday.Name}' ({Describe(holiday)}) duplicates '{clash.Name}' ({Describe(clash)}); remove one of them.",
                    "holidays");
            }
        }

        return list;
    }

    private static string Describe(Holiday holiday) => holiday.RecursYearly
        ? string.Create(CultureInfo.InvariantCulture, $"every {holiday.Date:d MMMM}")
        : string.Create(CultureInfo.InvariantCulture, $"on {holiday.Date:yyyy-MM-dd}");
}

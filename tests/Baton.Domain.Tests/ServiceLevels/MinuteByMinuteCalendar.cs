using Baton.Domain.ServiceLevels;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// The slow, obviously correct reference: over a window of UTC minutes, read the wall clock of every minute and decide
/// whether that minute is open; Elapsed counts open minutes and Due steps minute by minute. Slow on purpose.
/// </summary>
/// <remarks>
/// The daylight-saving rule, stated per minute: a minute belongs to an interval of local date D once the wall clock has
/// shown D + start at or before it (the largest local time so far has reached the start), and while the wall clock
/// will still show a time before D + end at or after it (the smallest local time from here on is before the end).
/// </remarks>
internal sealed class MinuteByMinuteCalendar
{
    private const int MarginMinutes = 2 * 24 * 60;

    private readonly DateTime _windowStart;
    private readonly bool[] _open;

    public MinuteByMinuteCalendar(BusinessCalendar calendar, DateTime windowStartUtc, int windowMinutes)
    {
        _windowStart = windowStartUtc;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId);
        var count = windowMinutes + (2 * MarginMinutes);
        DateTime Utc(int i) => windowStartUtc.AddMinutes(i - MarginMinutes);

        // Reading the zone costs half a microsecond: read it every quarter hour, and every minute of a quarter hour
        // whose two ends disagree, so that an offset change at any minute is seen.
        var quarterOffsets = Enumerable.Range(0, (count / 15) + 2).Select(q => zone.GetUtcOffset(Utc(q * 15))).ToArray();
        var wallClock = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            var q = i / 15;
            wallClock[i] = Utc(i) + (quarterOffsets[q] == quarterOffsets[q + 1] ? quarterOffsets[q] : zone.GetUtcOffset(Utc(i)));
        }

        var latestSoFar = new DateTime[count];
        var earliestFromHere = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            latestSoFar[i] = i == 0 || wallClock[i] > latestSoFar[i - 1] ? wallClock[i] : latestSoFar[i - 1];
        }

        for (var i = count - 1; i >= 0; i--)
        {
            earliestFromHere[i] = i == count - 1 || wallClock[i] < earliestFromHere[i + 1] ? wallClock[i] : earliestFromHere[i + 1];
        }

        var firstDate = DateOnly.FromDateTime(windowStartUtc).AddDays(-3);
        var lastDate = DateOnly.FromDateTime(windowStartUtc.AddMinutes(windowMinutes)).AddDays(3);
        var holidays = new HashSet<DateOnly>();
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            if (calendar.Holidays.Any(h => h.FallsOn(date)))
            {
                holidays.Add(date);
            }
        }

        var hoursOn = Enum.GetValues<DayOfWeek>().Select(day => calendar.Hours.Where(h => h.Day == day).ToArray()).ToArray();
        _open = new bool[windowMinutes];
        for (var m = 0; m < windowMinutes; m++)
        {
            var i = m + MarginMinutes;
            var today = DateOnly.FromDateTime(wallClock[i]);
            for (var date = today.AddDays(-1); date <= today.AddDays(1) && !_open[m]; date = date.AddDays(1))
            {
                if (holidays.Contains(date))
                {
                    continue;
                }

                var midnight = date.ToDateTime(TimeOnly.MinValue);
                foreach (var hours in hoursOn[(int)date.DayOfWeek])
                {
                    _open[m] |= latestSoFar[i] >= midnight.AddMinutes(hours.StartMinute)
                        && earliestFromHere[i] < midnight.AddMinutes(hours.EndMinute);
                }
            }
        }
    }

    public int WindowMinutes => _open.Length;

    public DateTimeOffset Instant(int minute) => new(_windowStart.AddMinutes(minute), TimeSpan.Zero);

    public bool IsOpen(int minute) => _open[minute];

    public int Elapsed(int fromMinute, int toMinute)
    {
        var open = 0;
        for (var m = fromMinute; m < toMinute; m++)
        {
            open += _open[m] ? 1 : 0;
        }

        return open;
    }

    /// <summary>The minute (from the window start) at which <paramref name="target"/> open minutes have passed; null past the window.</summary>
    public int? Due(int startMinute, int target)
    {
        var open = 0;
        for (var m = startMinute; open < target; m++)
        {
            if (m >= _open.Length)
            {
                return null;
            }

            open += _open[m] ? 1 : 0;
            if (open == target)
            {
                return m + 1;
            }
        }

        return startMinute;
    }
}

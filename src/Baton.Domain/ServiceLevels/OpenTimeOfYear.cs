namespace Baton.Domain.ServiceLevels;

/// <summary>
/// A calendar's open time within one UTC year, precomputed: the sorted, disjoint open intervals in UTC ticks and a
/// running total of open ticks before each, so that "how much open time lies before t" and its inverse are binary
/// searches. Immutable once built.
/// </summary>
internal sealed class OpenTimeOfYear
{
    /// <summary><see cref="DateTime.MaxValue"/>'s ticks, as a constant: the last representable instant.</summary>
    public const long MaxTicks = 3_155_378_975_999_999_999;

    private readonly long[] _opens;
    private readonly long[] _closes;
    private readonly long[] _openBefore; // _openBefore[i]: open ticks in this year before _opens[i]; one extra entry = Total

    private OpenTimeOfYear(int year, long start, long end, long[] opens, long[] closes, long[] openBefore)
    {
        Year = year;
        Start = start;
        End = end;
        _opens = opens;
        _closes = closes;
        _openBefore = openBefore;
    }

    public int Year { get; }

    /// <summary>First tick of the year (UTC).</summary>
    public long Start { get; }

    /// <summary>First tick after the year; past <see cref="DateTime.MaxValue"/> for the year 9999.</summary>
    public long End { get; }

    /// <summary>Open ticks in the whole year.</summary>
    public long Total => _openBefore[^1];

    public bool IsLast => Year == DateTime.MaxValue.Year;

    public static OpenTimeOfYear Build(int year, TimeZoneInfo zone, WorkingInterval[][] hoursByDay, Func<DateOnly, bool> isHoliday)
    {
        var start = new DateTime(year, 1, 1).Ticks;
        var end = year == DateTime.MaxValue.Year ? MaxTicks + 1 : new DateTime(year + 1, 1, 1).Ticks;

        // Offsets stay within ±14 h and an interval ends at most one day after its date's midnight, so local dates
        // from two days before the year to its last day's next day cover every interval that reaches into it.
        var timeline = OffsetTimeline.Of(
            zone, Math.Max(0, start - (3 * TimeSpan.TicksPerDay)), Math.Min(MaxTicks, end + (2 * TimeSpan.TicksPerDay)));
        var firstDay = Math.Max(0, (int)(start / TimeSpan.TicksPerDay) - 2);
        var lastDay = Math.Min(DateOnly.MaxValue.DayNumber, (int)(end / TimeSpan.TicksPerDay));

        var intervals = new List<(long Open, long Close)>();
        for (var day = firstDay; day <= lastDay; day++)
        {
            var date = DateOnly.FromDayNumber(day);
            if (isHoliday(date))
            {
                continue;
            }

            var midnight = day * TimeSpan.TicksPerDay;
            foreach (var interval in hoursByDay[(int)date.DayOfWeek])
            {
                var open = Math.Clamp(timeline.FirstInstantShowing(midnight + (interval.StartMinute * TimeSpan.TicksPerMinute)), start, end);
                var close = Math.Clamp(timeline.LastInstantShowing(midnight + (interval.EndMinute * TimeSpan.TicksPerMinute)), start, end);
                if (close > open)
                {
                    intervals.Add((open, close));
                }
            }
        }

        return FromIntervals(year, start, end, intervals);
    }

    /// <summary>Open ticks in this year before <paramref name="instant"/> (which must lie in the year).</summary>
    public long OpenBefore(long instant)
    {
        var i = LastOpeningAtOrBefore(instant);
        return i < 0 ? 0 : _openBefore[i] + Math.Min(instant, _closes[i]) - _opens[i];
    }

    /// <summary>
    /// The earliest instant by which <paramref name="openTicks"/> (1..<see cref="Total"/>) of this year's open time has
    /// passed. Landing exactly on a close gives the close, not the next opening.
    /// </summary>
    public long InstantAfterOpen(long openTicks)
    {
        // The last interval with less open time before it than the target is the one in which the target runs out.
        var i = CountAtOrBelow(_openBefore, openTicks - 1) - 1;
        return _opens[i] + (openTicks - _openBefore[i]);
    }

    public bool IsOpenAt(long instant)
    {
        var i = LastOpeningAtOrBefore(instant);
        return i >= 0 && instant < _closes[i];
    }

    private int LastOpeningAtOrBefore(long instant) => CountAtOrBelow(_opens, instant) - 1;

    /// <summary>How many elements of the ascending <paramref name="sorted"/> are at most <paramref name="value"/>.</summary>
    private static int CountAtOrBelow(long[] sorted, long value)
    {
        // A plain binary search on the hot path; Array.BinarySearch's generic comparer costs several times more here.
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static OpenTimeOfYear FromIntervals(int year, long start, long end, List<(long Open, long Close)> intervals)
    {
        // Touching intervals merge (Monday 20:00–24:00 and Tuesday 00:00–04:00 are one stretch), and so do the ones
        // a repeated hour makes overlap, so that no instant counts twice.
        intervals.Sort();
        var opens = new List<long>(intervals.Count);
        var closes = new List<long>(intervals.Count);
        foreach (var (open, close) in intervals)
        {
            if (closes.Count > 0 && open <= closes[^1])
            {
                closes[^1] = Math.Max(closes[^1], close);
            }
            else
            {
                opens.Add(open);
                closes.Add(close);
            }
        }

        var openBefore = new long[opens.Count + 1];
        for (var i = 0; i < opens.Count; i++)
        {
            openBefore[i + 1] = openBefore[i] + closes[i] - opens[i];
        }

        return new OpenTimeOfYear(year, start, end, [.. opens], [.. closes], openBefore);
    }
}

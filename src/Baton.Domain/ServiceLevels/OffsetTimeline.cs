namespace Baton.Domain.ServiceLevels;

/// <summary>
/// A time zone's UTC offsets over a stretch of time (a year and a few days), as segments of constant offset, so
/// that a wall-clock time converts to an instant by arithmetic and daylight-saving gaps and repeats are explicit.
/// All values are ticks; the first segment reaches back and the last forward without limit.
/// </summary>
internal sealed class OffsetTimeline
{
    // Zones change offset a few times a year at most, months apart and never twice within six hours, so samples
    // six hours apart see every change; a binary search then pins each change to the tick. (Each sample costs
    // about half a microsecond on Linux; this keeps building a year's table near a millisecond.)
    private const long SampleStep = 6 * TimeSpan.TicksPerHour;

    private readonly long[] _changes; // _changes[k] is the first instant of segment k + 1
    private readonly long[] _offsets; // _offsets[k] is the offset of segment k

    private OffsetTimeline(long[] changes, long[] offsets)
    {
        _changes = changes;
        _offsets = offsets;
    }

    public static OffsetTimeline Of(TimeZoneInfo zone, long fromUtc, long toUtc)
    {
        var changes = new List<long>();
        var offsets = new List<long> { OffsetAt(zone, fromUtc) };
        for (var sampled = fromUtc; sampled < toUtc;)
        {
            var next = Math.Min(sampled + SampleStep, toUtc);
            var offset = OffsetAt(zone, next);
            if (offset != offsets[^1])
            {
                var (before, after) = (sampled, next);
                while (after - before > 1)
                {
                    var middle = before + ((after - before) / 2);
                    (before, after) = OffsetAt(zone, middle) == offsets[^1] ? (middle, after) : (before, middle);
                }

                changes.Add(after);
                offsets.Add(offset);
            }

            sampled = next;
        }

        return new OffsetTimeline([.. changes], [.. offsets]);
    }

    /// <summary>
    /// The first instant at which the wall clock shows <paramref name="local"/> or later: the only one for an
    /// ordinary time, the first (daylight) occurrence of a repeated time, the moment of the jump for a skipped time.
    /// </summary>
    public long FirstInstantShowing(long local)
    {
        for (var k = 0; k < _changes.Length; k++)
        {
            // Segment k shows local times up to (not including) _changes[k] + _offsets[k].
            if (local < _changes[k] + _offsets[k])
            {
                return k == 0 ? local - _offsets[0] : Math.Max(_changes[k - 1], local - _offsets[k]);
            }
        }

        return _changes.Length == 0 ? local - _offsets[0] : Math.Max(_changes[^1], local - _offsets[^1]);
    }

    /// <summary>
    /// The last instant at which the wall clock shows <paramref name="local"/> or earlier: the only one for an
    /// ordinary time, the second (standard) occurrence of a repeated time, the moment of the jump for a skipped time.
    /// </summary>
    public long LastInstantShowing(long local)
    {
        for (var k = _changes.Length; k > 0; k--)
        {
            // Segment k starts showing local times at _changes[k - 1] + _offsets[k].
            if (local >= _changes[k - 1] + _offsets[k])
            {
                return k == _changes.Length ? local - _offsets[k] : Math.Min(_changes[k], local - _offsets[k]);
            }
        }

        return _changes.Length == 0 ? local - _offsets[0] : Math.Min(_changes[0], local - _offsets[0]);
    }

    private static long OffsetAt(TimeZoneInfo zone, long utc) =>
        zone.GetUtcOffset(new DateTime(utc, DateTimeKind.Utc)).Ticks;
}

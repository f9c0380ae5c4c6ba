using static Baton.Domain.Tests.ServiceLevels.Calendars;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// The daylight-saving weekends of 2026, worked by hand. Europe/London: Sunday 29 March 01:00 GMT → 02:00 BST
/// (01:00 UTC; local 01:00–02:00 does not exist) and Sunday 25 October 02:00 BST → 01:00 GMT (01:00 UTC; local
/// 01:00–02:00 happens twice). America/New_York: Sunday 8 March 02:00 EST → 03:00 EDT (07:00 UTC) and Sunday
/// 1 November 02:00 EDT → 01:00 EST (06:00 UTC).
/// </summary>
public sealed class DaylightSavingTests
{
    [Theory]
    // 00:00–04:00 local on the spring Sunday is 00:00 GMT to 04:00 BST = 00:00–03:00 UTC: 3 h.
    [InlineData("London small hours", "2026-03-29 00:00 +00:00", "2026-03-29 12:00 +00:00", "3:00")]
    // 00:00–04:00 local on the autumn Sunday is 00:00 BST to 04:00 GMT = Saturday 23:00 – Sunday 04:00 UTC: 5 h.
    [InlineData("London small hours", "2026-10-24 12:00 +00:00", "2026-10-25 12:00 +00:00", "5:00")]
    // A 24×7 London calendar: the spring Sunday, midnight to midnight, lasts 23 h.
    [InlineData("London 24×7", "2026-03-29 00:00 +00:00", "2026-03-30 00:00 +01:00", "23:00")]
    // And the autumn Sunday 25 h.
    [InlineData("London 24×7", "2026-10-25 00:00 +01:00", "2026-10-26 00:00 +00:00", "25:00")]
    // Round the clock on Sundays only (so through the yearly tables): the spring Sunday is 23 h of the week …
    [InlineData("London Sundays", "2026-03-28 00:00 +00:00", "2026-03-31 00:00 +01:00", "23:00")]
    // … and the autumn Sunday 25 h.
    [InlineData("London Sundays", "2026-10-24 00:00 +01:00", "2026-10-27 00:00 +00:00", "25:00")]
    // 08:00–17:00 BST on the spring Sunday: the skipped hour lies before it, so it is the usual 9 h.
    [InlineData("London Sundays", "2026-03-29 08:00 +01:00", "2026-03-29 17:00 +01:00", "9:00")]
    // Sunday 01:30–01:45 in spring: both ends fall in the skipped hour and map to the jump: nothing is open.
    [InlineData("London quarter past one", "2026-03-29 00:00 +00:00", "2026-03-29 06:00 +00:00", "0:00")]
    // In autumn: opens at the first 01:30 (BST, 00:30 UTC), closes at the second 01:45 (GMT, 01:45 UTC): 1:15.
    [InlineData("London quarter past one", "2026-10-25 00:00 +00:00", "2026-10-25 06:00 +00:00", "1:15")]
    // 00:00–01:30 ends at the second 01:30 (01:30 UTC), 01:30–04:00 starts at the first (00:30 UTC): they overlap
    // by an hour, and that hour counts once: 00:00 BST to 04:00 GMT is 5 h, as for one 00:00–04:00 interval.
    [InlineData("London split at half past one", "2026-10-24 12:00 +00:00", "2026-10-25 12:00 +00:00", "5:00")]
    // In spring both halves meet at the jump: 00:00 GMT to 04:00 BST, 3 h.
    [InlineData("London split at half past one", "2026-03-29 00:00 +00:00", "2026-03-29 12:00 +00:00", "3:00")]
    // Friday 12:00 GMT to Monday 12:00 UTC (13:00 BST): Friday 13:00–17:30 is 4:30, Monday 08:00–12:00 BST is 4:00.
    [InlineData("London office", "2026-03-27 12:00 +00:00", "2026-03-30 12:00 +00:00", "8:30")]
    // 00:00 EST (05:00 UTC) to 04:00 EDT (08:00 UTC) on 8 March: 3 h.
    [InlineData("New York small hours", "2026-03-08 05:00 +00:00", "2026-03-08 12:00 +00:00", "3:00")]
    // 00:00 EDT (04:00 UTC) to 04:00 EST (09:00 UTC) on 1 November: 5 h.
    [InlineData("New York small hours", "2026-11-01 04:00 +00:00", "2026-11-01 12:00 +00:00", "5:00")]
    // A 24×7 New York calendar: Sunday 8 March lasts 23 h …
    [InlineData("New York 24×7", "2026-03-08 00:00 -05:00", "2026-03-09 00:00 -04:00", "23:00")]
    // … and Sunday 1 November 25 h.
    [InlineData("New York 24×7", "2026-11-01 00:00 -04:00", "2026-11-02 00:00 -05:00", "25:00")]
    public void Elapsed_counts_real_time_so_a_skipped_hour_is_missing_and_a_repeated_hour_counts_twice(
        string calendar, string from, string to, string expected) =>
        Assert.Equal(Hours(expected), ByName[calendar].Elapsed(At(from), At(to)));

    [Theory]
    // 00:30 GMT + 1 h of the 00:00–04:00 interval: 30 min to the jump, which skips nothing in real time: 02:30 BST.
    [InlineData("London small hours", "2026-03-29 00:30 +00:00", "1:00", "2026-03-29 02:30 +01:00")]
    // 03:00 BST: 1 h until 04:00 BST closes, the next hour from Monday 00:00 BST.
    [InlineData("London small hours", "2026-03-29 03:00 +01:00", "2:00", "2026-03-30 01:00 +01:00")]
    // From Sunday 00:00 BST, 4:30 of the 5 h autumn interval: 00:00–02:00 BST is 2 h, then 01:00 GMT + 2:30.
    [InlineData("London small hours", "2026-10-25 00:00 +01:00", "4:30", "2026-10-25 03:30 +00:00")]
    // 24×7 in London: 24 h from Saturday 23:00 GMT is Monday 00:00 BST, because Sunday has 23 h.
    [InlineData("London 24×7", "2026-03-28 23:00 +00:00", "24:00", "2026-03-30 00:00 +01:00")]
    // 24 h from Saturday 23:00 BST is Sunday 22:00 GMT, because Sunday has 25 h.
    [InlineData("London 24×7", "2026-10-24 23:00 +01:00", "24:00", "2026-10-25 22:00 +00:00")]
    // Sundays only: the spring Sunday's 23 h end exactly at its close, Monday 00:00 BST.
    [InlineData("London Sundays", "2026-03-29 00:00 +00:00", "23:00", "2026-03-30 00:00 +01:00")]
    // One minute more is the first minute of the next Sunday, 5 April 00:01 BST.
    [InlineData("London Sundays", "2026-03-29 00:00 +00:00", "23:01", "2026-04-05 00:01 +01:00")]
    // The autumn Sunday holds 25 h: they end at Monday 00:00 GMT.
    [InlineData("London Sundays", "2026-10-25 00:00 +01:00", "25:00", "2026-10-26 00:00 +00:00")]
    // Autumn, 01:30–01:45 (first 01:30 to second 01:45): 1:15 from opening ends at the close, 01:45 GMT.
    [InlineData("London quarter past one", "2026-10-25 00:00 +00:00", "1:15", "2026-10-25 01:45 +00:00")]
    // Spring, the same interval is empty: the first minute counted starts at the next Sunday's 01:30 BST.
    [InlineData("London quarter past one", "2026-03-29 00:00 +00:00", "0:01", "2026-04-05 01:31 +01:00")]
    // The two overlapping halves run as one 5 h stretch from 00:00 BST: 4 h later is 03:00 GMT.
    [InlineData("London split at half past one", "2026-10-25 00:00 +01:00", "4:00", "2026-10-25 03:00 +00:00")]
    // Friday 17:00 GMT, 30 min that day, Monday opens at 08:00 BST (07:00 UTC): 08:30 BST.
    [InlineData("London office", "2026-03-27 17:00 +00:00", "1:00", "2026-03-30 08:30 +01:00")]
    // Friday 17:00 BST, 30 min, Monday opens at 08:00 GMT: 08:30 GMT.
    [InlineData("London office", "2026-10-23 17:00 +01:00", "1:00", "2026-10-26 08:30 +00:00")]
    // 01:30 EST + 1 h: 30 min to the jump at 02:00 EST = 03:00 EDT, 30 min more: 03:30 EDT.
    [InlineData("New York small hours", "2026-03-08 01:30 -05:00", "1:00", "2026-03-08 03:30 -04:00")]
    // From the first 01:30 (EDT) 2 h of real time: 02:00 EDT becomes 01:00 EST, so 02:30 EST.
    [InlineData("New York small hours", "2026-11-01 01:30 -04:00", "2:00", "2026-11-01 02:30 -05:00")]
    // Friday 16:00 EST, 1 h, Monday 9 March 09:00 EDT + 1 h.
    [InlineData("New York office", "2026-03-06 16:00 -05:00", "2:00", "2026-03-09 10:00 -04:00")]
    // Friday 16:00 EDT, 1 h, Monday 2 November 09:00 EST + 1 h.
    [InlineData("New York office", "2026-10-30 16:00 -04:00", "2:00", "2026-11-02 10:00 -05:00")]
    public void Due_counts_real_time_across_daylight_saving_changes(string calendar, string start, string target, string expected) =>
        Assert.Equal(At(expected), ByName[calendar].Due(At(start), Hours(target)));

    [Theory]
    // The first (daylight) 01:30 is open, 00:30 UTC.
    [InlineData("2026-10-25 01:30 +01:00", true)]
    // Between the first 01:45 and the second 01:30 the interval stays open: it runs from the first start to the last end.
    [InlineData("2026-10-25 01:50 +01:00", true)]
    [InlineData("2026-10-25 01:10 +00:00", true)]
    // The second 01:45 (GMT) closes it.
    [InlineData("2026-10-25 01:45 +00:00", false)]
    // In spring the interval does not exist.
    [InlineData("2026-03-29 01:00 +00:00", false)]
    public void IsOpen_takes_the_first_occurrence_of_a_repeated_start_and_the_last_of_a_repeated_end(string instant, bool expected) =>
        Assert.Equal(expected, ByName["London quarter past one"].IsOpen(At(instant)));
}

using Baton.Domain.ServiceLevels;
using static Baton.Domain.Tests.ServiceLevels.Calendars;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// Hand-worked answers, to the minute. Instants are written in the calendar's local time with its offset
/// (GMT +00:00 / BST +01:00, EST -05:00 / EDT -04:00, IST +05:30, AEDT +11:00 / AEST +10:00); the engine answers
/// in UTC, and the comparison is of instants. January 2026: Mon 12, Fri 16, Mon 19.
/// </summary>
public sealed class DueAndElapsedTests
{
    [Theory]
    // Inside the morning interval: plain addition.
    [InlineData("London office", "2026-01-12 09:00 +00:00", "1:00", "2026-01-12 10:00 +00:00")]
    // 30 min before lunch, lunch 12:00–13:00 does not count, 30 min after.
    [InlineData("London office", "2026-01-12 11:30 +00:00", "1:00", "2026-01-12 13:30 +00:00")]
    // Runs out exactly as lunch starts: due at the close (12:00), not at the reopening (13:00).
    [InlineData("London office", "2026-01-12 11:00 +00:00", "1:00", "2026-01-12 12:00 +00:00")]
    // Runs out exactly at the end of the day: due at 17:30, not Tuesday 08:00.
    [InlineData("London office", "2026-01-12 16:30 +00:00", "1:00", "2026-01-12 17:30 +00:00")]
    // Across midnight: 30 min on Monday, the night is closed, 30 min from Tuesday 08:00.
    [InlineData("London office", "2026-01-12 17:00 +00:00", "1:00", "2026-01-13 08:30 +00:00")]
    // Started during lunch: the clock starts at 13:00.
    [InlineData("London office", "2026-01-12 12:15 +00:00", "0:30", "2026-01-12 13:30 +00:00")]
    // Started before opening: a whole day's 8.5 h ends at Monday's close.
    [InlineData("London office", "2026-01-12 07:00 +00:00", "8:30", "2026-01-12 17:30 +00:00")]
    // A zero target is due at the start itself, even in closed time.
    [InlineData("London office", "2026-01-12 06:00 +00:00", "0:00", "2026-01-12 06:00 +00:00")]
    // Five working days of 8.5 h from Monday's opening end at Friday's close.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "42:30", "2026-01-16 17:30 +00:00")]
    // One minute more than that week spills over the weekend to the next Monday 08:01.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "42:31", "2026-01-19 08:01 +00:00")]
    // Two weeks (85 h) then 4.5 h: Monday 26th's morning (4 h), lunch, 30 min → 13:30.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "89:30", "2026-01-26 13:30 +00:00")]
    // In summer the office opens at 08:00 BST = 07:00 UTC; 1 h later is 09:00 BST.
    [InlineData("London office", "2026-06-15 08:00 +01:00", "1:00", "2026-06-15 09:00 +01:00")]
    // The input's own offset does not matter: 03:00 -04:00 is 08:00 BST; two hours later is 10:00 BST.
    [InlineData("London office", "2026-06-15 03:00 -04:00", "2:00", "2026-06-15 10:00 +01:00")]
    // 22:00–24:00 and 00:00–06:00 touch at midnight and run as one night: 23:00 + 2 h = 01:00.
    [InlineData("UTC night shift", "2026-01-12 23:00 +00:00", "2:00", "2026-01-13 01:00 +00:00")]
    // Started at noon: nothing counts until 22:00; 2 h to midnight, 1 h more.
    [InlineData("UTC night shift", "2026-01-12 12:00 +00:00", "3:00", "2026-01-13 01:00 +00:00")]
    // Runs out as the night shift ends: due at 06:00.
    [InlineData("UTC night shift", "2026-01-13 05:00 +00:00", "1:00", "2026-01-13 06:00 +00:00")]
    // 24×7 is plain arithmetic: 100 h from Monday 10:00 is Friday 14:00.
    [InlineData("24×7", "2026-01-12 10:00 +00:00", "100:00", "2026-01-16 14:00 +00:00")]
    public void Due_counts_only_open_time_and_a_target_that_runs_out_at_a_close_is_due_at_that_close(
        string calendar, string start, string target, string expected) =>
        Assert.Equal(At(expected), ByName[calendar].Due(At(start), Hours(target)));

    [Theory]
    // Friday 17:00: 30 min on Friday, Saturday and Sunday closed, 30 min from Monday 08:00.
    [InlineData("London office", "2026-01-16 17:00 +00:00", "1:00", "2026-01-19 08:30 +00:00")]
    // Started on Saturday: the clock starts at Monday's opening.
    [InlineData("London office", "2026-01-17 10:00 +00:00", "0:30", "2026-01-19 08:30 +00:00")]
    // Thursday 2 April 17:00 BST: 30 min, then Good Friday, the weekend and Easter Monday are closed; Tuesday 08:30.
    [InlineData("London office", "2026-04-02 17:00 +01:00", "1:00", "2026-04-07 08:30 +01:00")]
    // Thursday 24 December 15:00: 2:30 that day, Christmas (Friday) closed, Boxing Day falls on Saturday and changes
    // nothing; Monday 28th gives the remaining 6 h: 08:00–12:00 and 13:00–15:00.
    [InlineData("London office", "2026-12-24 15:00 +00:00", "8:30", "2026-12-28 15:00 +00:00")]
    // Across New Year: 4:30 on 31 December afternoon, 1 January (recurring, Friday) closed, weekend; Monday 4
    // January gives 5:30: the morning's 4 h and 13:00–14:30.
    [InlineData("London office", "2026-12-31 12:00 +00:00", "10:00", "2027-01-04 14:30 +00:00")]
    // Ten working days (85 h) from Monday 21 December: 21–24, 28–31 December (8 days), 1 January closed, 4 and 5
    // January; due at Tuesday 5 January's close.
    [InlineData("London office", "2026-12-21 08:00 +00:00", "85:00", "2027-01-05 17:30 +00:00")]
    // 4 July 2026 is a Saturday: a holiday on a closed day changes nothing. Friday 16:00 EDT, 1 h, Monday 10:00 EDT.
    [InlineData("New York office", "2026-07-03 16:00 -04:00", "2:00", "2026-07-06 10:00 -04:00")]
    // The recurring leap-day holiday closes Tuesday 29 February 2028: Monday 1 h, Wednesday 1 March 1 h.
    [InlineData("New York office", "2028-02-28 16:00 -05:00", "2:00", "2028-03-01 10:00 -05:00")]
    // 2027 has no 29 February, so the rule closes nothing: Friday 26 February 1 h, Monday 1 March from 09:00.
    [InlineData("New York office", "2027-02-26 16:00 -05:00", "2:00", "2027-03-01 10:00 -05:00")]
    public void Due_skips_weekends_and_holidays_and_resumes_at_the_next_opening(
        string calendar, string start, string target, string expected) =>
        Assert.Equal(At(expected), ByName[calendar].Due(At(start), Hours(target)));

    [Theory]
    // A start written at +05:30 is 09:00 EST in New York: a full 8 h day ends at 17:00 EST.
    [InlineData("New York office", "2026-01-12 19:30 +05:30", "8:00", "2026-01-12 17:00 -05:00")]
    // Kolkata is +05:30: 00:00 UTC is 05:30 IST, before the 09:30 opening; 1 h later is 10:30 IST (05:00 UTC).
    [InlineData("Kolkata office", "2026-01-12 00:00 +00:00", "1:00", "2026-01-12 10:30 +05:30")]
    // Saturday is a working day in Kolkata, Sunday is not: 30 min on Saturday, 30 min from Monday 09:30.
    [InlineData("Kolkata office", "2026-01-17 18:00 +05:30", "1:00", "2026-01-19 10:00 +05:30")]
    // Sydney's Monday 09:00 AEST is Sunday 23:00 UTC; an hour later is Monday 00:00 UTC.
    [InlineData("Sydney office", "2026-06-15 09:00 +10:00", "1:00", "2026-06-15 10:00 +10:00")]
    // Sydney left daylight saving on Sunday 5 April 2026 (03:00 AEDT → 02:00 AEST): Friday 1 h at +11, Monday
    // opens at 09:00 AEST, one hour later in UTC than the Friday did.
    [InlineData("Sydney office", "2026-04-03 16:00 +11:00", "2:00", "2026-04-06 10:00 +10:00")]
    public void Due_reads_working_hours_as_wall_clock_time_in_the_calendars_zone(
        string calendar, string start, string target, string expected) =>
        Assert.Equal(At(expected), ByName[calendar].Due(At(start), Hours(target)));

    [Theory]
    // A whole Monday, counted from before opening to after closing: 4 h + 4.5 h.
    [InlineData("London office", "2026-01-12 07:00 +00:00", "2026-01-12 19:00 +00:00", "8:30")]
    // Friday 16:00–17:30 (1:30) plus Monday 08:00–09:00 (1:00); the weekend counts nothing.
    [InlineData("London office", "2026-01-16 16:00 +00:00", "2026-01-19 09:00 +00:00", "2:30")]
    // Thursday 2 April 09:00 BST to Tuesday 7 April 09:00 BST: Thursday 3 h + 4:30, Easter closed, Tuesday 1 h.
    [InlineData("London office", "2026-04-02 09:00 +01:00", "2026-04-07 09:00 +01:00", "8:30")]
    // The reverse of the New Year target above: 4:30 on 31 December, 5:30 on 4 January.
    [InlineData("London office", "2026-12-31 12:00 +00:00", "2027-01-04 14:30 +00:00", "10:00")]
    // An end before the start is no time at all.
    [InlineData("London office", "2026-01-12 12:00 +00:00", "2026-01-12 09:00 +00:00", "0:00")]
    // From and to inside the same lunch break: nothing.
    [InlineData("London office", "2026-01-12 12:10 +00:00", "2026-01-12 12:50 +00:00", "0:00")]
    // A UTC day of the night shift: 00:00–06:00 and 22:00–24:00.
    [InlineData("UTC night shift", "2026-01-12 00:00 +00:00", "2026-01-13 00:00 +00:00", "8:00")]
    // A UTC day is 05:30–05:30 IST: the whole 09:30–18:30 Monday falls inside.
    [InlineData("Kolkata office", "2026-01-12 00:00 +00:00", "2026-01-13 00:00 +00:00", "9:00")]
    // Sydney's working week, Sunday 22:00 UTC to Saturday 00:00 UTC: 5 × 8 h.
    [InlineData("Sydney office", "2026-06-14 22:00 +00:00", "2026-06-20 00:00 +00:00", "40:00")]
    public void Elapsed_counts_only_open_time_between_two_instants(string calendar, string from, string to, string expected) =>
        Assert.Equal(Hours(expected), ByName[calendar].Elapsed(At(from), At(to)));

    [Theory]
    [InlineData("London office", "2026-01-12 11:59 +00:00", true)]
    // Closes at 12:00 sharp: intervals include their start and exclude their end.
    [InlineData("London office", "2026-01-12 12:00 +00:00", false)]
    [InlineData("London office", "2026-01-12 13:00 +00:00", true)]
    // 08:30 BST on a summer Monday, written in UTC.
    [InlineData("London office", "2026-06-15 07:30 +00:00", true)]
    // Good Friday.
    [InlineData("London office", "2026-04-03 10:00 +01:00", false)]
    [InlineData("UTC night shift", "2026-01-13 00:00 +00:00", true)]
    [InlineData("24×7", "2026-12-25 03:00 +00:00", true)]
    public void IsOpen_is_true_inside_an_interval_on_a_working_day(string calendar, string instant, bool expected) =>
        Assert.Equal(expected, ByName[calendar].IsOpen(At(instant)));

    [Fact]
    public void Due_answers_in_utc_whatever_the_offset_of_the_start()
    {
        var due = LondonOffice.Due(At("2026-06-15 10:00 +05:30"), TimeSpan.FromHours(30));

        Assert.Equal(TimeSpan.Zero, due.Offset);
        Assert.Equal(TimeSpan.FromHours(30), LondonOffice.Elapsed(At("2026-06-15 10:00 +05:30"), due));
    }

    [Fact]
    public void Due_counts_sub_minute_targets_to_the_tick()
    {
        var start = At("2026-01-12 11:59 +00:00");

        var due = LondonOffice.Due(start, TimeSpan.FromSeconds(90));

        // 60 s before lunch, 30 s after it.
        Assert.Equal(At("2026-01-12 13:00 +00:00").AddSeconds(30), due);
    }

    [Fact]
    public void Due_of_a_target_longer_than_a_year_crosses_several_year_ends()
    {
        var start = At("2026-01-12 08:00 +00:00");
        var target = TimeSpan.FromHours(8.5 * 600);

        var due = LondonOffice.Due(start, target);

        Assert.Equal(target, LondonOffice.Elapsed(start, due));
        Assert.InRange(due, At("2028-04-01 00:00 +00:00"), At("2028-06-30 00:00 +00:00"));
    }

    [Fact]
    public void Due_beyond_the_year_9999_is_the_largest_instant()
    {
        Assert.Equal(DateTimeOffset.MaxValue, LondonOffice.Due(At("2026-01-12 08:00 +00:00"), TimeSpan.MaxValue));
        Assert.Equal(DateTimeOffset.MaxValue, BusinessCalendar.AlwaysOpen.Due(At("9999-12-31 23:00 +00:00"), TimeSpan.FromHours(2)));
        Assert.Equal(DateTimeOffset.MaxValue, LondonOffice.Due(At("9999-12-30 08:00 +00:00"), TimeSpan.FromHours(20)));
    }

    [Fact]
    public void AlwaysOpen_is_24x7_in_utc_without_holidays()
    {
        var calendar = BusinessCalendar.AlwaysOpen;

        Assert.True(calendar.IsAlwaysOpen);
        Assert.Equal("UTC", calendar.TimeZoneId);
        Assert.Empty(calendar.Holidays);
        Assert.Equal(7, calendar.Hours.Count);
        Assert.All(calendar.Hours, h => Assert.Equal((0, 1440), (h.StartMinute, h.EndMinute)));
    }

    [Fact]
    public void IsAlwaysOpen_holds_only_for_every_minute_of_every_day_without_holidays()
    {
        Assert.True(ByName["London 24×7"].IsAlwaysOpen);
        Assert.False(ByName["London Sundays"].IsAlwaysOpen);
        Assert.False(LondonOffice.IsAlwaysOpen);
        var withHoliday = BusinessCalendar.Create(
            "24×7 but Christmas", "UTC", Days(Every, (0, 1440)), [new Holiday(new DateOnly(2026, 12, 25), true, "Christmas Day")]);
        Assert.False(withHoliday.IsAlwaysOpen);
        Assert.False(withHoliday.IsOpen(At("2027-12-25 12:00 +00:00")));
    }

    [Fact]
    public void Results_do_not_depend_on_the_order_in_which_years_are_first_used()
    {
        // Each calendar computes a year's table on first use; a fresh calendar visited in another order must agree.
        var fresh = BusinessCalendar.Create("London office", "Europe/London", [.. LondonOffice.Hours], [.. LondonOffice.Holidays]);
        var start = At("2026-12-21 08:00 +00:00");

        Assert.Equal(LondonOffice.Elapsed(start, At("2027-01-05 17:30 +00:00")), fresh.Elapsed(start, At("2027-01-05 17:30 +00:00")));
        Assert.Equal(LondonOffice.Due(start, Hours("85:00")), fresh.Due(start, Hours("85:00")));
    }

    [Fact]
    public void Calendars_can_be_shared_across_threads()
    {
        var shared = BusinessCalendar.Create("London office", "Europe/London", [.. LondonOffice.Hours], [.. LondonOffice.Holidays]);
        var starts = Enumerable.Range(0, 4000).Select(i => At("2025-11-01 00:00 +00:00").AddMinutes(i * 397)).ToArray();
        var expected = starts.Select(s => LondonOffice.Due(s, Hours("30:00"))).ToArray();

        var actual = new DateTimeOffset[starts.Length];
        Parallel.For(0, starts.Length, i => actual[i] = shared.Due(starts[i], Hours("30:00")));

        Assert.Equal(expected, actual);
    }
}

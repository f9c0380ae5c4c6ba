using Baton.Domain.ServiceLevels;
using static Baton.Domain.Tests.ServiceLevels.Calendars;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// Pauses (on hold, awaiting the customer) stop the clock. Pauses are written "start/end; start/end", an empty end
/// meaning still paused. London office: Mon–Fri 08:00–12:00 and 13:00–17:30, GMT in January (Mon 12, Fri 16).
/// </summary>
public sealed class PauseTests
{
    [Theory]
    // 30 min, paused an hour, 1:30 from 10:30: due as lunch starts, 12:00.
    [InlineData("London office", "2026-01-12 09:00 +00:00", "2:00", "2026-01-12 09:30 +00:00/2026-01-12 10:30 +00:00", "2026-01-12 12:00 +00:00")]
    // A pause inside the lunch break pauses nothing that counts: 3 h in the morning, 1 h after lunch.
    [InlineData("London office", "2026-01-12 09:00 +00:00", "4:00", "2026-01-12 12:10 +00:00/2026-01-12 12:50 +00:00", "2026-01-12 14:00 +00:00")]
    // On hold from Friday 17:00 until Monday 10:00: 1 h on Friday, the other 2 h from Monday 10:00.
    [InlineData("London office", "2026-01-16 16:00 +00:00", "3:00", "2026-01-16 17:00 +00:00/2026-01-19 10:00 +00:00", "2026-01-19 12:00 +00:00")]
    // Overlapping pauses given out of order merge into 09:00–10:30: 1 h before, 1 h from 10:30.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "2:00", "2026-01-12 09:30 +00:00/2026-01-12 10:30 +00:00; 2026-01-12 09:00 +00:00/2026-01-12 10:00 +00:00", "2026-01-12 11:30 +00:00")]
    // Still paused from 09:00 with an hour to go: never due while the pause lasts.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "2:00", "2026-01-12 09:00 +00:00/", "9999-12-31 23:59:59.9999999 +00:00")]
    // Still paused from 10:00, but the target was reached at 09:00: the later pause does not matter.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "1:00", "2026-01-12 10:00 +00:00/", "2026-01-12 09:00 +00:00")]
    // Reached exactly as a pause begins: due at that instant.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "1:00", "2026-01-12 09:00 +00:00/2026-01-12 10:00 +00:00", "2026-01-12 09:00 +00:00")]
    // Started while paused (07:00–09:00): the clock starts at 09:00.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "1:00", "2026-01-12 07:00 +00:00/2026-01-12 09:00 +00:00", "2026-01-12 10:00 +00:00")]
    // Started while paused with no end: never due.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "1:00", "2026-01-12 07:00 +00:00/", "9999-12-31 23:59:59.9999999 +00:00")]
    // A pause that ended before the start changes nothing.
    [InlineData("London office", "2026-01-12 10:00 +00:00", "1:00", "2026-01-12 08:00 +00:00/2026-01-12 09:00 +00:00", "2026-01-12 11:00 +00:00")]
    // Pauses written at +05:30 are 09:00–11:00 UTC: 1 h before, 1 h after, due as lunch starts.
    [InlineData("London office", "2026-01-12 08:00 +00:00", "2:00", "2026-01-12 14:30 +05:30/2026-01-12 16:30 +05:30", "2026-01-12 12:00 +00:00")]
    // Two pauses on two days: Monday 17:00–17:10 and 17:20–17:30 count (20 min), Tuesday paused until 09:00, 1:40 more.
    [InlineData("London office", "2026-01-12 17:00 +00:00", "2:00", "2026-01-12 17:10 +00:00/2026-01-12 17:20 +00:00; 2026-01-13 08:00 +00:00/2026-01-13 09:00 +00:00", "2026-01-13 10:40 +00:00")]
    // 24×7: a 45-minute pause moves the target by exactly 45 minutes.
    [InlineData("24×7", "2026-01-12 10:00 +00:00", "4:00", "2026-01-12 11:00 +00:00/2026-01-12 11:45 +00:00", "2026-01-12 14:45 +00:00")]
    // London's 00:00–04:00 on the autumn Sunday (23:00–04:00 UTC): 1:30 until a pause from the first 01:30 (BST)
    // to the second 01:30 (GMT), then 30 min: 02:00 GMT.
    [InlineData("London small hours", "2026-10-25 00:00 +01:00", "2:00", "2026-10-25 01:30 +01:00/2026-10-25 01:30 +00:00", "2026-10-25 02:00 +00:00")]
    public void Due_stops_the_clock_during_pauses(string calendar, string start, string target, string pauses, string expected) =>
        Assert.Equal(At(expected), ByName[calendar].Due(At(start), Hours(target), Pauses(pauses)));

    [Theory]
    // A whole Monday is 8:30; paused 10:00–14:00 removes 10:00–12:00 and 13:00–14:00.
    [InlineData("2026-01-12 08:00 +00:00", "2026-01-12 17:30 +00:00", "2026-01-12 10:00 +00:00/2026-01-12 14:00 +00:00", "5:30")]
    // Still paused since 16:00: the last 1:30 of the day does not count.
    [InlineData("2026-01-12 08:00 +00:00", "2026-01-12 17:30 +00:00", "2026-01-12 16:00 +00:00/", "7:00")]
    // Overlapping pauses 10:00–11:00 and 10:30–11:30 stop the clock for 1:30, not 2:00.
    [InlineData("2026-01-12 08:00 +00:00", "2026-01-12 17:30 +00:00", "2026-01-12 10:00 +00:00/2026-01-12 11:00 +00:00; 2026-01-12 10:30 +00:00/2026-01-12 11:30 +00:00", "7:00")]
    // A pause on the Sunday before changes nothing.
    [InlineData("2026-01-12 08:00 +00:00", "2026-01-12 17:30 +00:00", "2026-01-11 10:00 +00:00/2026-01-11 16:00 +00:00", "8:30")]
    // A pause that covers the whole range leaves nothing.
    [InlineData("2026-01-12 08:00 +00:00", "2026-01-12 17:30 +00:00", "2026-01-12 07:00 +00:00/2026-01-13 07:00 +00:00", "0:00")]
    // No pauses at all: the plain Elapsed.
    [InlineData("2026-01-12 08:00 +00:00", "2026-01-12 17:30 +00:00", "", "8:30")]
    public void Elapsed_leaves_out_business_time_inside_pauses(string from, string to, string pauses, string expected) =>
        Assert.Equal(Hours(expected), LondonOffice.Elapsed(At(from), At(to), Pauses(pauses)));

    [Fact]
    public void Due_with_zero_target_is_the_start_even_inside_a_pause()
    {
        var start = At("2026-01-12 10:00 +00:00");

        Assert.Equal(start, LondonOffice.Due(start, TimeSpan.Zero, Pauses("2026-01-12 09:00 +00:00/")));
    }
}

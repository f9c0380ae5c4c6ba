using Baton.Domain;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

/// <summary>Engagement times are the client's wall clock; the UTC instants follow the zone's rules, daylight saving included.</summary>
public sealed class EngagementSchedulingRulesTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static EngagementSlot Slot(string date, string start, string end, EngagementKind kind = EngagementKind.OnSite) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), kind, ["tech"], "Core switch", null);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-28", "09:00", "12:00", 3, 28, 9, 3, 28, 12)] // GMT
    [InlineData("2026-03-29", "00:30", "03:00", 3, 29, 0, 3, 29, 2)]  // across the jump: 00:30 GMT to 03:00 BST
    [InlineData("2026-03-29", "09:00", "12:00", 3, 29, 8, 3, 29, 11)] // BST from the first morning
    [InlineData("2026-10-25", "09:00", "12:00", 10, 25, 9, 10, 25, 12)] // GMT again
    [InlineData("2026-10-24", "22:00", "02:00", 10, 24, 21, 10, 25, 2)] // overnight across the clocks going back: five hours
    public void LondonWallClockTimes_MapToTheRightUtcInstants(string date, string start, string end, int sm, int sd, int sh, int em, int ed, int eh)
    {
        var e = new Engagement(1, Slot(date, start, end), London, Someone.Staff, Now);

        Assert.Equal(Utc(sm, sd, sh, start.EndsWith(":30", StringComparison.Ordinal) ? 30 : 0), e.StartsAt);
        Assert.Equal(Utc(em, ed, eh), e.EndsAt);
        Assert.Equal("Europe/London", e.TimeZoneId);
    }

    [Fact]
    public void ATimeTheClocksSkip_IsRefusedOnItsField()
    {
        var error = Assert.Throws<DomainRuleException>(() => new Engagement(1, Slot("2026-03-29", "01:30", "04:00"), London, Someone.Staff, Now));

        Assert.Equal("start", error.Field);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RescheduleAndCancel_RaiseTheSequence_AndACancelledEngagementStaysCancelled()
    {
        var e = new Engagement(1, Slot("2026-05-04", "09:00", "10:00"), London, Someone.Staff, Now);
        Assert.Equal(0, e.Sequence); // RFC 5545: a new event is at sequence 0

        e.Reschedule(Slot("2026-05-05", "09:00", "10:00", EngagementKind.Remote), London, Someone.Staff, Now.AddDays(1));
        Assert.Equal(1, e.Sequence);
        e.Cancel(Someone.Staff, Now.AddDays(2));
        Assert.Equal(2, e.Sequence);
        Assert.True(e.IsCancelled);

        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => e.Cancel(Someone.Staff, Now.AddDays(3))).Field);
        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => e.Reschedule(Slot("2026-05-06", "09:00", "10:00"), London, Someone.Staff, Now.AddDays(3))).Field);
        Assert.Equal(2, e.Sequence);
        Assert.Equal(new DateOnly(2026, 5, 5), e.Date);
    }

    [Fact]
    public void ACancelledEngagement_DoesNotCountAsWorkOnTheDay()
    {
        var e = new Engagement(1, Slot("2026-05-04", "09:00", "10:00"), London, Someone.Staff, Now);
        var day = (Utc(5, 3, 23), Utc(5, 4, 23));
        Assert.True(e.Overlaps(day.Item1, day.Item2));

        e.Cancel(Someone.Staff, Now);

        Assert.False(e.Overlaps(day.Item1, day.Item2));
    }

    [Theory]
    [InlineData("09:00", "09:00", "end")]
    [InlineData("09:00", "08:30", "end")] // 24.5 hours: the clocks go back that night
    public void ABlockWithoutLengthOrLongerThanADay_IsRefused(string start, string end, string field) =>
        Assert.Equal(field, Assert.Throws<DomainRuleException>(() => new Engagement(1, Slot("2026-10-24", start, end), London, Someone.Staff, Now)).Field);
}

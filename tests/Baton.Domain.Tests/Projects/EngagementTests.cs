using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

public sealed class EngagementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static EngagementSlot Slot(DateOnly date, int startHour, int endHour, EngagementKind kind = EngagementKind.OnSite) =>
        new(date, new TimeOnly(startHour, 0), new TimeOnly(endHour, 0), kind, ["u1", "u1", " "], "Core switch", null);

    [Fact]
    public void LocalTimes_BecomeUtcInstants_InTheClientsZone_AcrossTheSpringChange()
    {
        var before = new Engagement(1, Slot(new DateOnly(2026, 3, 28), 9, 17), London, Someone.Staff, Now);
        var after = new Engagement(1, Slot(new DateOnly(2026, 3, 29), 9, 17), London, Someone.Staff, Now);

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 9, 0, 0, TimeSpan.Zero), before.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), after.StartsAt);
        Assert.Equal("Europe/London", after.TimeZoneId);
        Assert.Equal(["u1"], after.TechnicianIds);
    }

    [Fact]
    public void AnEndBeforeTheStart_RunsPastMidnight_LikeAMaintenanceWindow()
    {
        var window = new Engagement(1, Slot(new DateOnly(2026, 12, 5), 22, 2, EngagementKind.MaintenanceWindow), NewYork, Someone.Staff, Now);

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), window.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero), window.EndsAt);
    }

    [Fact]
    public void ATimeTheClocksSkip_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            new Engagement(1, new EngagementSlot(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), new TimeOnly(4, 0), EngagementKind.CutOver, [], null, null), London, Someone.Staff, Now));
        Assert.Equal("start", e.Field);
    }

    [Fact]
    public void AZeroLengthEngagement_IsRefused() =>
        Assert.Equal("end", Assert.Throws<DomainRuleException>(() => new Engagement(1, Slot(new DateOnly(2026, 12, 5), 9, 9), London, Someone.Staff, Now)).Field);

    [Fact]
    public void Reschedule_AndCancel_BumpTheCalendarSequence()
    {
        var e = new Engagement(1, Slot(new DateOnly(2026, 12, 5), 9, 12), London, Someone.Staff, Now);
        Assert.Equal(0, e.Sequence);
        e.Reschedule(Slot(new DateOnly(2026, 12, 6), 9, 12), London, Someone.Staff, Now);
        Assert.Equal(1, e.Sequence);
        e.Cancel(Someone.Staff, Now);
        Assert.Equal(2, e.Sequence);
        Assert.False(e.Overlaps(e.StartsAt, e.EndsAt));
    }
}

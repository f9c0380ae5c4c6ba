using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tests.Projects;

namespace Baton.Domain.Tests.Insight;

/// <summary>
/// "Today" and "yesterday" are the client's days, not UTC's: a client in Pacific/Auckland (UTC+13 in March) starts its
/// day eleven hours before UTC's.
/// </summary>
public sealed class InsightClientDayTests
{
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    // 2027-03-01 23:30 in Auckland; UTC is still on 03-01 10:30.
    private static readonly DateTimeOffset BeforeAucklandMidnight = new(2027, 3, 1, 10, 30, 0, TimeSpan.Zero);

    // 2027-03-02 00:30 in Auckland; UTC is on 03-01 11:30.
    private static readonly DateTimeOffset AfterAucklandMidnight = new(2027, 3, 1, 11, 30, 0, TimeSpan.Zero);

    [Fact]
    public void At_Auckland_GivesItsLocalDaysAsUtcInstants()
    {
        var day = ClientDay.At(BeforeAucklandMidnight, Auckland);

        Assert.Equal(new DateOnly(2027, 3, 1), day.Today);
        Assert.Equal(new DateOnly(2027, 2, 28), day.Yesterday);
        Assert.Equal(new DateTimeOffset(2027, 2, 27, 11, 0, 0, TimeSpan.Zero), day.YesterdayStarts);
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 11, 0, 0, TimeSpan.Zero), day.TodayStarts);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 11, 0, 0, TimeSpan.Zero), day.TomorrowStarts);
    }

    [Fact]
    public void Rank_BeforeTheClientsMidnight_UsesTheClientsToday()
    {
        var (morning, yesterday, nextMorning) = AucklandEngagements(out var project);

        var entry = Assert.Single(Rank(project, [morning, yesterday, nextMorning], BeforeAucklandMidnight, Auckland));

        // 03-01 09:00 Auckland is 02-28 20:00 UTC, "yesterday" to a UTC reader; 03-02 08:00 Auckland is today to UTC, tomorrow here.
        Assert.Equal([(new DateOnly(2027, 2, 28), false, true), (new DateOnly(2027, 3, 1), true, false)],
            entry.Engagements.Select(e => (e.Engagement.Date, e.Today, e.Yesterday)));
        Assert.Equal([InsightReason.EngagementToday, InsightReason.EngagementYesterday, InsightReason.Active], entry.Reasons);
    }

    [Fact]
    public void Rank_AfterTheClientsMidnight_TodayBecomesYesterday_AndTheNextMorningIsToday()
    {
        var (morning, yesterday, nextMorning) = AucklandEngagements(out var project);

        var entry = Assert.Single(Rank(project, [morning, yesterday, nextMorning], AfterAucklandMidnight, Auckland));

        Assert.Equal([(new DateOnly(2027, 3, 1), false, true), (new DateOnly(2027, 3, 2), true, false)],
            entry.Engagements.Select(e => (e.Engagement.Date, e.Today, e.Yesterday)));
    }

    [Fact]
    public void Rank_TheSameEngagementsReadInUtc_WouldGiveOtherDays()
    {
        var (morning, yesterday, nextMorning) = AucklandEngagements(out var project);

        var entry = Assert.Single(Rank(project, [morning, yesterday, nextMorning], BeforeAucklandMidnight, TimeZoneInfo.Utc));

        // In UTC on 03-01: the 02-28 and 03-01 Auckland blocks both fell on 02-28 (yesterday); 03-02 08:00 Auckland is today.
        Assert.Equal([(false, true), (false, true), (true, false)], entry.Engagements.Select(e => (e.Today, e.Yesterday)));
    }

    [Fact]
    public void EngagementSearchWindow_CoversTodayAndYesterdayInEveryZone()
    {
        var now = BeforeAucklandMidnight;
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            var day = ClientDay.At(now, zone);
            // The earliest start that can still overlap yesterday, and the latest that can overlap today.
            Assert.True(ProjectInsight.EngagementSearchFrom(now) <= day.YesterdayStarts - TimeSpan.FromHours(24), zone.Id);
            Assert.True(ProjectInsight.EngagementSearchTo(now) >= day.TomorrowStarts, zone.Id);
        }
    }

    [Fact]
    public void StartOf_ADayWhoseMidnightDoesNotExist_StartsAtItsFirstLocalTime()
    {
        // Havana springs forward at 00:00 on 2027-03-14: the day begins at 01:00 CDT (UTC−4).
        var havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");

        Assert.Equal(new DateTimeOffset(2027, 3, 14, 5, 0, 0, TimeSpan.Zero), ClientDay.StartOf(new DateOnly(2027, 3, 14), havana));
        Assert.Equal(new DateTimeOffset(2027, 3, 13, 5, 0, 0, TimeSpan.Zero), ClientDay.StartOf(new DateOnly(2027, 3, 13), havana));
    }

    private static (Engagement Morning, Engagement Yesterday, Engagement NextMorning) AucklandEngagements(out Project project)
    {
        project = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000100", BeforeAucklandMidnight.AddDays(-20));
        return (
            ProjectWorld.Engagement(project, new DateOnly(2027, 3, 1), new TimeOnly(9, 0), new TimeOnly(12, 0), Auckland),
            ProjectWorld.Engagement(project, new DateOnly(2027, 2, 28), new TimeOnly(14, 0), new TimeOnly(15, 0), Auckland),
            ProjectWorld.Engagement(project, new DateOnly(2027, 3, 2), new TimeOnly(8, 0), new TimeOnly(9, 0), Auckland));
    }

    private static IReadOnlyList<InsightEntry<int>> Rank(Project project, IReadOnlyList<Engagement> engagements, DateTimeOffset now, TimeZoneInfo zone) =>
        ProjectInsight.Rank([new InsightCandidate<int>(project, engagements, null, 0)], null, null, ClientDay.At(now, zone), now, TimeSpan.FromDays(30));
}

using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tests.Projects;

namespace Baton.Domain.Tests.Insight;

/// <summary>Which projects the insight panel lists for a ticket, with which reasons, in which order.</summary>
public sealed class InsightRankingTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly ClientDay UtcDay = ClientDay.At(Now, TimeZoneInfo.Utc);
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);
    private const int TicketSite = 5;
    private const int TicketItem = 9;

    [Fact]
    public void Rank_EachStatus_ListsActiveHypercareAndRecentlyClosed_NotPlannedCancelledOrLongClosed()
    {
        var entries = Rank(
            Candidate(ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000001", Now.AddDays(-60))),
            Candidate(ProjectWorld.InStatus(ProjectStatus.Hypercare, "PRJ-000002", Now.AddDays(-3))),
            Candidate(ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000003", Now.AddDays(-29))),
            Candidate(ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000004", Now.AddDays(-31))),
            Candidate(ProjectWorld.InStatus(ProjectStatus.Planned, "PRJ-000005", Now.AddDays(-1))),
            Candidate(ProjectWorld.InStatus(ProjectStatus.Cancelled, "PRJ-000006", Now.AddDays(-1))));

        Assert.Equal(
            [("PRJ-000002", InsightReason.Hypercare), ("PRJ-000001", InsightReason.Active), ("PRJ-000003", InsightReason.RecentlyClosed)],
            entries.Select(e => (e.Project.Number, Assert.Single(e.Reasons))));
    }

    [Fact]
    public void Rank_ProjectWithSeveralReasons_IsListedOnceWithAllOfThem()
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000007", Now.AddDays(-10));
        var overnight = ProjectWorld.Engagement(project, new DateOnly(2027, 3, 9), new TimeOnly(22, 0), new TimeOnly(2, 0), TimeZoneInfo.Utc);

        var entry = Assert.Single(Rank(Candidate(project, [overnight])));

        Assert.Equal([InsightReason.EngagementToday, InsightReason.EngagementYesterday, InsightReason.Active], entry.Reasons);
        var e = Assert.Single(entry.Engagements);
        Assert.True(e.Today && e.Yesterday && !e.InProgress);
    }

    [Fact]
    public void Rank_TouchingTheTicketsItemOrSite_IsFlaggedAndListedFirst_ItemBeforeSite()
    {
        var plain = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000020", Now.AddDays(-1));
        var site = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000011", Now.AddDays(-20), siteIds: [TicketSite]);
        var item = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000010", Now.AddDays(-25), itemIds: [TicketItem]);
        var otherItem = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000021", Now.AddDays(-1), siteIds: [TicketSite + 1], itemIds: [TicketItem + 1]);

        var entries = Rank(Candidate(plain), Candidate(site), Candidate(otherItem), Candidate(item));

        Assert.Equal(["PRJ-000010", "PRJ-000011", "PRJ-000021", "PRJ-000020"], entries.Select(e => e.Project.Number));
        Assert.Equal([(false, true), (true, false), (false, false), (false, false)], entries.Select(e => (e.TouchesSite, e.TouchesConfigurationItem)));
        Assert.Equal([true, true, false, false], entries.Select(e => e.TouchesTicket));
    }

    [Fact]
    public void Rank_WithinAGroup_CausedByVerdictFirst_ThenTheMostImportantReason_ThenNewest()
    {
        var active = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000030", Now.AddDays(-1));
        var newerActive = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000031", Now.AddDays(-1));
        var hypercare = ProjectWorld.InStatus(ProjectStatus.Hypercare, "PRJ-000032", Now.AddDays(-1));
        var today = ProjectWorld.InStatus(ProjectStatus.Planned, "PRJ-000033", Now.AddDays(-1));
        var closedAndBlamed = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000034", Now.AddDays(-2));
        var engagement = ProjectWorld.Engagement(today, new DateOnly(2027, 3, 10), new TimeOnly(8, 0), new TimeOnly(9, 0), TimeZoneInfo.Utc);

        var entries = Rank(
            Candidate(active), Candidate(hypercare), Candidate(newerActive), Candidate(today, [engagement]),
            Candidate(closedAndBlamed, verdict: AttributionVerdict.CausedBy));

        Assert.Equal(["PRJ-000034", "PRJ-000033", "PRJ-000032", "PRJ-000031", "PRJ-000030"], entries.Select(e => e.Project.Number));
        Assert.Equal(InsightReason.EngagementToday, Assert.Single(entries[1].Reasons));
    }

    [Fact]
    public void Rank_AVerdictOnAProjectOutOfTheWindow_KeepsItListed_AsAttributed()
    {
        var longClosed = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000040", Now.AddDays(-90));
        var cancelled = ProjectWorld.InStatus(ProjectStatus.Cancelled, "PRJ-000041", Now.AddDays(-90));
        var engagement = ProjectWorld.Engagement(cancelled, new DateOnly(2027, 3, 10), new TimeOnly(8, 0), new TimeOnly(9, 0), TimeZoneInfo.Utc);

        var entries = Rank(Candidate(longClosed, verdict: AttributionVerdict.NotRelated), Candidate(cancelled, [engagement], AttributionVerdict.CausedBy));

        Assert.Equal([("PRJ-000041", InsightReason.Attributed), ("PRJ-000040", InsightReason.Attributed)], entries.Select(e => (e.Project.Number, Assert.Single(e.Reasons))));
        Assert.Empty(entries[0].Engagements); // a cancelled project's work is off
        Assert.Equal(AttributionVerdict.CausedBy, entries[0].Verdict);
    }

    [Theory]
    [InlineData(30, 30)]        // entered just now: 30 days
    [InlineData(-0.5, 0)]       // ran out half a day ago, not closed yet: 0 ("ends today")
    [InlineData(2.25, 3)]       // 2 days 6 hours: 3 days, rounded up
    [InlineData(1, 1)]
    public void Rank_Hypercare_CountsTheWholeDaysLeft_RoundedUp(double daysLeft, int expected)
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Hypercare, "PRJ-000050", Now.AddDays(daysLeft - Project.DefaultHypercareDays));

        var entry = Assert.Single(Rank(Candidate(project)));

        Assert.Equal(expected, entry.HypercareDaysLeft);
        Assert.Equal(InsightReason.Hypercare, Assert.Single(entry.Reasons));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(29.9, true)]
    [InlineData(30, true)]       // exactly at the window's edge: still in
    [InlineData(30.01, false)]
    public void Rank_RecentlyClosed_UsesTheWindow(double closedDaysAgo, bool listed)
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000060", Now.AddDays(-closedDaysAgo));

        Assert.Equal(listed, Rank(Candidate(project)).Count == 1);
    }

    [Fact]
    public void Rank_AShorterWindow_DropsWhatALongerOneKeeps()
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000061", Now.AddDays(-10));

        Assert.Single(ProjectInsight.Rank([Candidate(project)], null, null, UtcDay, Now, TimeSpan.FromDays(14)));
        Assert.Empty(ProjectInsight.Rank([Candidate(project)], null, null, UtcDay, Now, TimeSpan.FromDays(7)));
    }

    [Fact]
    public void Rank_ClosedDaysAgo_CountsTheClientsCalendarDays()
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Closed, "PRJ-000062", new DateTimeOffset(2027, 3, 7, 23, 0, 0, TimeSpan.Zero));

        var entry = Assert.Single(Rank(Candidate(project)));

        Assert.Equal(3, entry.ClosedDaysAgo); // 03-07 → 03-10
    }

    [Fact]
    public void Rank_CancelledAndOtherEngagements_OnlyLiveOnesOverlappingTodayOrYesterdayCount()
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Planned, "PRJ-000070", Now.AddDays(-10));
        var cancelled = ProjectWorld.Engagement(project, new DateOnly(2027, 3, 10), new TimeOnly(9, 0), new TimeOnly(10, 0), TimeZoneInfo.Utc);
        cancelled.Cancel(Someone.Staff, Now);
        var twoDaysAgo = ProjectWorld.Engagement(project, new DateOnly(2027, 3, 8), new TimeOnly(9, 0), new TimeOnly(17, 0), TimeZoneInfo.Utc);
        var tomorrow = ProjectWorld.Engagement(project, new DateOnly(2027, 3, 11), new TimeOnly(0, 0), new TimeOnly(1, 0), TimeZoneInfo.Utc);

        Assert.Empty(Rank(Candidate(project, [cancelled, twoDaysAgo, tomorrow])));
    }

    [Fact]
    public void Rank_AnEngagementRunningNow_SaysSo()
    {
        var project = ProjectWorld.InStatus(ProjectStatus.Active, "PRJ-000080", Now.AddDays(-10));
        var running = ProjectWorld.Engagement(project, new DateOnly(2027, 3, 10), new TimeOnly(11, 0), new TimeOnly(12, 30), TimeZoneInfo.Utc);
        var done = ProjectWorld.Engagement(project, new DateOnly(2027, 3, 10), new TimeOnly(8, 0), new TimeOnly(12, 0), TimeZoneInfo.Utc);

        var entry = Assert.Single(Rank(Candidate(project, [running, done])));

        Assert.Equal([(new TimeOnly(8, 0), false), (new TimeOnly(11, 0), true)], entry.Engagements.Select(e => (e.Engagement.StartTime, e.InProgress)));
    }

    private static IReadOnlyList<InsightEntry<string>> Rank(params InsightCandidate<string>[] candidates) =>
        ProjectInsight.Rank(candidates, TicketSite, TicketItem, UtcDay, Now, Window);

    private static InsightCandidate<string> Candidate(Project project, IReadOnlyList<Engagement>? engagements = null, AttributionVerdict? verdict = null) =>
        new(project, engagements ?? [], verdict, project.Number);
}

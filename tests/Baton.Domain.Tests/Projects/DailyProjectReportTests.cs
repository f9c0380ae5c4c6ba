using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

public sealed class DailyProjectReportTests
{
    private static readonly DateOnly Day = new(2026, 12, 1);
    private static readonly DateTimeOffset AsOf = new(2026, 12, 1, 7, 30, 0, TimeSpan.Zero);

    private static DailyReportProject P(int id, ProjectStatus status, string client = "Northwind", DateTimeOffset? hypercareEnds = null, DateTimeOffset? closedAt = null) =>
        new(id, $"PRJ-{id:D6}", $"Project {id}", client, "Network refresh", status, "Dana Ops", null, null, hypercareEnds, closedAt);

    private static DailyReportEngagement E(int projectId, DateOnly date, int hour, bool cancelled = false) =>
        new(projectId, date, new TimeOnly(hour, 0), new TimeOnly(hour + 2, 0), "Europe/London", new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero),
            EngagementKind.OnSite, ["Dana Ops"], "Core switch", cancelled);

    private static DailyProjectReport Compose(IEnumerable<DailyReportProject> projects, IEnumerable<DailyReportEngagement>? engagements = null,
        IEnumerable<DailyReportAttribution>? attributions = null, Dictionary<int, int>? open = null) =>
        DailyProjectReport.Compose(Day, AsOf, 30, projects, engagements ?? [], attributions ?? [], open ?? []);

    [Fact]
    public void ActiveProjects_AreListedByClientThenNumber_AndOnlyActiveOnes()
    {
        var report = Compose([P(3, ProjectStatus.Active, "Zeta"), P(1, ProjectStatus.Active, "Acme"), P(2, ProjectStatus.Planned), P(4, ProjectStatus.Cancelled)]);
        Assert.Equal([1, 3], report.Active.Select(p => p.Id));
    }

    [Fact]
    public void Engagements_OnTheDay_AreListedInTimeOrder_WhateverTheProjectStatus_ButNotCancelledOrOtherDays()
    {
        var report = Compose(
            [P(1, ProjectStatus.Active), P(2, ProjectStatus.Planned)],
            [E(1, Day, 14), E(2, Day, 9), E(1, Day.AddDays(1), 9), E(1, Day.AddDays(-1), 9), E(2, Day, 16, cancelled: true)]);

        Assert.Equal([(2, 9), (1, 14)], report.Engagements.Select(l => (l.Project.Id, l.Engagement.Start.Hour)));
    }

    [Fact]
    public void Hypercare_ShowsDaysLeft_CountingAStartedDay_AndTheOpenTickets()
    {
        var report = Compose(
            [P(1, ProjectStatus.Hypercare, hypercareEnds: AsOf.AddDays(3).AddHours(1)), P(2, ProjectStatus.Hypercare, hypercareEnds: AsOf.AddHours(-1))],
            open: new() { [1] = 4 });

        Assert.Equal([(2, 0, 0), (1, 4, 4)], report.Hypercare.Select(h => (h.Project.Id, h.DaysLeft, h.OpenTickets)));
    }

    [Fact]
    public void RecentlyClosed_CoversTheWindowBackFromTheReportMoment_NewestFirst()
    {
        var report = Compose([
            P(1, ProjectStatus.Closed, closedAt: AsOf.AddDays(-30)),
            P(2, ProjectStatus.Closed, closedAt: AsOf.AddDays(-30).AddSeconds(-1)),
            P(3, ProjectStatus.Closed, closedAt: AsOf.AddDays(-1)),
            P(4, ProjectStatus.Closed, closedAt: AsOf.AddMinutes(1)),
        ]);

        Assert.Equal([3, 1], report.RecentlyClosed.Select(p => p.Id));
    }

    [Fact]
    public void AttributedIncidents_AreThoseOfTheLast24Hours()
    {
        var report = Compose(
            [P(1, ProjectStatus.Active)],
            attributions: [
                new(1, "INC-000001", "Phones down", "Dana Ops", AsOf.AddHours(-23), ""),
                new(1, "INC-000002", "Old one", "Dana Ops", AsOf.AddHours(-24), ""),
                new(1, "INC-000003", "Later", "Dana Ops", AsOf.AddMinutes(5), ""),
            ]);

        Assert.Equal(["INC-000001"], report.Attributed.Select(a => a.Attribution.TicketNumber));
    }

    [Fact]
    public void AnEmptyDesk_GivesAnEmptyReport() => Assert.True(Compose([P(1, ProjectStatus.Planned)]).IsEmpty);
}

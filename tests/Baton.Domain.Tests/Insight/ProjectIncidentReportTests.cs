using Baton.Domain.Insight;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Insight;

/// <summary>
/// The counting rule of the project-caused incidents report, on a hand-worked March 2027 (UTC):
/// <code>
/// P1 type A, client 1: engagements 03-05 09:00–12:00 and 03-20 22:00–03-21 02:00
/// P2 type A, client 1: hypercare 03-10 00:00 → 03-25 00:00
/// P3 type B, client 2: engagement 03-05 09:00–12:00
/// P4 type B, client 1: no work in March (a verdict only)
/// P5 type B, client 1: an engagement in February only, no verdict in March: not listed
/// P6 type A, client 1: an engagement 03-30, no incident during it: listed with zeros
///
/// I1 c1 03-05 10:00  exposed P1 (engagement)   CausedBy P1
/// I2 c1 03-05 12:00  the engagement's end: not exposed, no verdict: not counted
/// I3 c1 03-05 09:00  exposed P1 (its start)    NotRelated P1
/// I4 c1 03-12 08:00  exposed P2 (hypercare)    no verdict
/// I5 c1 03-21 01:00  exposed P1 (overnight) and P2 (hypercare)   CausedBy P2
/// I6 c2 03-05 10:30  exposed P3                CausedBy P3
/// I7 c1 03-26 08:00  after P2's hypercare      CausedBy P4
/// I8 c1 02-28 23:00  before the period         CausedBy P1: not counted
/// I9 c1 03-05 10:00  exposed P1                CausedBy P4
/// </code>
/// </summary>
public sealed class ProjectIncidentReportTests
{
    private static readonly DateTimeOffset Start = At("2027-03-01 00:00");
    private static readonly DateTimeOffset End = At("2027-04-01 00:00");

    private static readonly ReportProject P1 = Project(1, 1, "A", null, null, Slot("2027-03-05 09:00", "2027-03-05 12:00"), Slot("2027-03-20 22:00", "2027-03-21 02:00"));
    private static readonly ReportProject P2 = Project(2, 1, "A", At("2027-03-10 00:00"), At("2027-03-25 00:00"));
    private static readonly ReportProject P3 = Project(3, 2, "B", null, null, Slot("2027-03-05 09:00", "2027-03-05 12:00"));
    private static readonly ReportProject P4 = Project(4, 1, "B", null, null);
    private static readonly ReportProject P5 = Project(5, 1, "B", null, null, Slot("2027-02-10 09:00", "2027-02-10 12:00"));
    private static readonly ReportProject P6 = Project(6, 1, "A", null, null, Slot("2027-03-30 09:00", "2027-03-30 10:00"));

    private static readonly ReportIncident[] Incidents =
    [
        Incident(1, 1, "2027-03-05 10:00"), Incident(2, 1, "2027-03-05 12:00"), Incident(3, 1, "2027-03-05 09:00"),
        Incident(4, 1, "2027-03-12 08:00"), Incident(5, 1, "2027-03-21 01:00"), Incident(6, 2, "2027-03-05 10:30"),
        Incident(7, 1, "2027-03-26 08:00"), Incident(8, 1, "2027-02-28 23:00"), Incident(9, 1, "2027-03-05 10:00"),
    ];

    private static readonly ReportAttribution[] Verdicts =
    [
        new(1, 1, AttributionVerdict.CausedBy), new(3, 1, AttributionVerdict.NotRelated), new(5, 2, AttributionVerdict.CausedBy),
        new(6, 3, AttributionVerdict.CausedBy), new(7, 4, AttributionVerdict.CausedBy), new(8, 1, AttributionVerdict.CausedBy),
        new(9, 4, AttributionVerdict.CausedBy),
    ];

    private static readonly ProjectIncidentReport Report =
        ProjectIncidentReport.Compute([P1, P2, P3, P4, P5, P6], Incidents, Verdicts, Start, End);

    [Fact]
    public void Compute_PerProject_CountsCausedExposedAndAttributed()
    {
        // Most caused first, then most exposed: P4 (2), P1 (1, 4 exposed), P2 (1, 2), P3 (1, 1), P6 (0).
        Assert.Equal(["PRJ-000004", "PRJ-000001", "PRJ-000002", "PRJ-000003", "PRJ-000006"], Report.Projects.Select(r => r.Project.Number));
        Assert.Equal(
            [
                new IncidentFigures(2, 0, 0, 0, 0),  // P4: I7, I9 caused, neither during its (absent) work
                new IncidentFigures(1, 4, 1, 1, 2),  // P1: exposed I1 (attributed), I3 (not related), I5 and I9 (no verdict on P1)
                new IncidentFigures(1, 2, 1, 0, 1),  // P2: exposed I4 (no verdict), I5 (attributed)
                new IncidentFigures(1, 1, 1, 0, 0),  // P3: I6
                new IncidentFigures(0, 0, 0, 0, 0),  // P6: worked, nothing happened
            ],
            Report.Projects.Select(r => r.Figures));
        Assert.Equal([null, 25.0m, 50.0m, 100.0m, null], Report.Projects.Select(r => r.Figures.SharePercent));
    }

    [Fact]
    public void Compute_PerProject_ListsEveryCountedIncidentWithItsVerdictAndExposure()
    {
        var p1 = Report.Projects.Single(r => r.Project.Id == 1);

        Assert.Equal(
            [
                ("I3", AttributionVerdict.NotRelated, Exposure.Engagement),
                ("I1", AttributionVerdict.CausedBy, Exposure.Engagement),
                ("I9", (AttributionVerdict?)null, Exposure.Engagement),
                ("I5", null, Exposure.Engagement),
            ],
            p1.Incidents.Select(c => (c.Incident.Number, c.Verdict, c.Exposure)));
        var p4 = Report.Projects.Single(r => r.Project.Id == 4);
        Assert.Equal([("I9", true, false), ("I7", true, false)], p4.Incidents.Select(c => (c.Incident.Number, c.Caused, c.Attributed)));
    }

    [Fact]
    public void Compute_PerType_CountsEachIncidentOnce()
    {
        Assert.Equal(["B", "A"], Report.Types.Select(t => t.TypeName));
        var b = Report.Types[0];
        var a = Report.Types[1];
        // B (P3, P4): caused I6, I7, I9; exposed I6 only, attributed.
        Assert.Equal((2, new IncidentFigures(3, 1, 1, 0, 0)), (b.Projects, b.Figures));
        // A (P1, P2, P6): caused I1, I5; exposed I1, I3, I4, I5, I9 (I5 once though exposed to both); attributed I1, I5.
        Assert.Equal((3, new IncidentFigures(2, 5, 2, 1, 2)), (a.Projects, a.Figures));
        Assert.Equal(40.0m, a.Figures.SharePercent);
    }

    [Fact]
    public void Compute_Total_CountsEachIncidentOnce()
    {
        // Caused I1, I5, I6, I7, I9; exposed I1, I3, I4, I5, I6, I9; attributed I1, I5, I6: 3 / 6.
        Assert.Equal(new IncidentFigures(5, 6, 3, 1, 2), Report.Total);
        Assert.Equal(50.0m, Report.Total.SharePercent);
    }

    [Fact]
    public void Compute_OutsideThePeriod_NothingCounts()
    {
        var report = ProjectIncidentReport.Compute([P1, P2, P3, P4, P5, P6], Incidents, Verdicts, At("2027-05-01 00:00"), At("2027-06-01 00:00"));

        Assert.Empty(report.Projects);
        Assert.Equal(new IncidentFigures(0, 0, 0, 0, 0), report.Total);
        Assert.Null(report.Total.SharePercent);
    }

    [Fact]
    public void Compute_APeriodEndingMidEngagement_CountsOnlyIncidentsCreatedInIt()
    {
        // 03-05 only up to 10:00 exclusive: I3 (09:00) is in; I1 and I9 (10:00) are not.
        var report = ProjectIncidentReport.Compute([P1], Incidents, Verdicts, At("2027-03-05 00:00"), At("2027-03-05 10:00"));

        var row = Assert.Single(report.Projects);
        Assert.Equal(["I3"], row.Incidents.Select(c => c.Incident.Number));
        Assert.Equal(new IncidentFigures(0, 1, 0, 1, 0), row.Figures);
    }

    [Theory]
    [InlineData("2027-03-05 08:59", null)]
    [InlineData("2027-03-05 09:00", Exposure.Engagement)]
    [InlineData("2027-03-05 11:59", Exposure.Engagement)]
    [InlineData("2027-03-05 12:00", null)]
    [InlineData("2027-03-21 01:59", Exposure.Engagement)]
    public void ExposureOf_AnEngagement_IncludesItsStartAndExcludesItsEnd(string createdAt, Exposure? expected) =>
        Assert.Equal(expected, ProjectIncidentReport.ExposureOf(P1, At(createdAt)));

    [Theory]
    [InlineData("2027-03-09 23:59", null)]
    [InlineData("2027-03-10 00:00", Exposure.Hypercare)]
    [InlineData("2027-03-24 23:59", Exposure.Hypercare)]
    [InlineData("2027-03-25 00:00", null)]
    public void ExposureOf_Hypercare_IncludesItsStartAndExcludesItsEnd(string createdAt, Exposure? expected) =>
        Assert.Equal(expected, ProjectIncidentReport.ExposureOf(P2, At(createdAt)));

    [Fact]
    public void ExposureOf_AnEngagementDuringHypercare_CountsAsTheEngagement()
    {
        var both = Project(7, 1, "A", At("2027-03-01 00:00"), At("2027-03-31 00:00"), Slot("2027-03-05 09:00", "2027-03-05 12:00"));

        Assert.Equal(Exposure.Engagement, ProjectIncidentReport.ExposureOf(both, At("2027-03-05 10:00")));
        Assert.Equal(Exposure.Hypercare, ProjectIncidentReport.ExposureOf(both, At("2027-03-05 13:00")));
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.ParseExact(utc, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    private static ReportEngagement Slot(string from, string to) => new(At(from), At(to), EngagementKind.OnSite);

    private static ReportProject Project(int id, int clientId, string type, DateTimeOffset? hypercareFrom, DateTimeOffset? hypercareTo, params ReportEngagement[] engagements) =>
        new(id, $"PRJ-{id:D6}", "Project " + id, clientId, "Client " + clientId, type == "A" ? 1 : 2, type, hypercareFrom, hypercareTo, engagements);

    private static ReportIncident Incident(long id, int clientId, string createdAt) => new(id, "I" + id, "Incident " + id, clientId, At(createdAt));
}

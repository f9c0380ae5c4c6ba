using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Insight;

/// <summary>
/// March 2027 of two clients (both in UTC), built through the API on a manual clock, for the project-caused incidents
/// report. The same world as the domain's <c>ProjectIncidentReportTests</c>, plus a service request and a cancelled
/// engagement, which must not count.
/// <code>
/// P1 Network refresh, Northwind: engagements 03-05 09:00–12:00, 03-20 22:00–03-21 02:00; 03-27 09:00–10:00 cancelled
/// P2 Network refresh, Northwind: hypercare from 03-10 00:00, closed early 03-25 00:00
/// P3 UCaaS migration, Contoso:   engagement 03-05 09:00–12:00
/// P4 UCaaS migration, Northwind: no work in March
/// P5 UCaaS migration, Northwind: an engagement in February only: not listed
/// P6 Network refresh, Northwind: engagement 03-30 09:00–10:00, no incident: listed with zeros
///
/// I1 NW 03-05 10:00  CausedBy P1        I6 CO 03-05 10:30  CausedBy P3
/// I2 NW 03-05 12:00  (P1's end: out)    I7 NW 03-26 08:00  CausedBy P4
/// I3 NW 03-05 09:00  NotRelated P1      I8 NW 02-28 23:00  CausedBy P1 (before March)
/// I4 NW 03-12 08:00  —                  I9 NW 03-05 10:00  CausedBy P4
/// I5 NW 03-21 01:00  CausedBy P2        I10 NW 03-27 09:30 during the cancelled engagement: out
/// S1 NW 03-05 10:15  a service request, CausedBy P1: out
/// </code>
/// The report is read at 2027-04-01 09:00 UTC, so its default period is March.
/// </summary>
public sealed class ProjectIncidentsWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset ReadAt = At("2027-04-01 09:00");

    private readonly Dictionary<string, string> _numbers = [];
    private readonly Dictionary<string, BatonAppFactory.ProjectSetup> _projects = [];

    public ProjectIncidentsWorld() => App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));

    public BatonAppFactory App { get; } = new();

    public SettableClock Clock { get; } = new(At("2027-02-01 08:00"));

    public BatonAppFactory.ClientSetup Northwind { get; private set; } = default!;
    public BatonAppFactory.ClientSetup Contoso { get; private set; } = default!;
    public BatonAppFactory.TestUser Agent { get; private set; } = default!;
    public HttpClient Api { get; private set; } = default!;

    /// <summary>"I3" → its ticket number.</summary>
    public string Number(string name) => _numbers[name];

    /// <summary>"P2" → its project number.</summary>
    public string Project(string name) => _projects[name].Number;

    public async Task InitializeAsync()
    {
        Northwind = await App.CreateClientAsync("Northwind Traders");
        Contoso = await App.CreateClientAsync("Contoso");
        Agent = await App.CreateAgentAsync("Rita Report");
        Api = await App.ApiAsAsync(Agent);
        var lead = await App.CreateAgentAsync("Lee Lead");
        var start = Clock.Now;

        var p1 = await ProjectAsync("P1", Northwind, lead, ProjectStatus.Active, "Network refresh", start);
        await EngageAsync(p1, "2027-03-05 09:00", "12:00");
        await EngageAsync(p1, "2027-03-20 22:00", "02:00");
        await EngageAsync(p1, "2027-03-27 09:00", "10:00", cancelled: true);
        var p2 = await ProjectAsync("P2", Northwind, lead, ProjectStatus.Hypercare, "Network refresh", At("2027-03-10 00:00"));
        await App.CloseProjectAsync(p2, At("2027-03-25 00:00"));
        var p3 = await ProjectAsync("P3", Contoso, lead, ProjectStatus.Active, "UCaaS migration", start);
        await EngageAsync(p3, "2027-03-05 09:00", "12:00");
        await ProjectAsync("P4", Northwind, lead, ProjectStatus.Active, "UCaaS migration", start);
        var p5 = await ProjectAsync("P5", Northwind, lead, ProjectStatus.Active, "UCaaS migration", start);
        await EngageAsync(p5, "2027-02-10 09:00", "12:00");
        var p6 = await ProjectAsync("P6", Northwind, lead, ProjectStatus.Active, "Network refresh", start);
        await EngageAsync(p6, "2027-03-30 09:00", "10:00");

        await OpenAsync("I8", Northwind, "2027-02-28 23:00");
        await OpenAsync("I3", Northwind, "2027-03-05 09:00");
        await OpenAsync("I1", Northwind, "2027-03-05 10:00");
        await OpenAsync("I9", Northwind, "2027-03-05 10:00");
        await OpenAsync("S1", Northwind, "2027-03-05 10:15", serviceRequest: true);
        await OpenAsync("I6", Contoso, "2027-03-05 10:30");
        await OpenAsync("I2", Northwind, "2027-03-05 12:00");
        await OpenAsync("I4", Northwind, "2027-03-12 08:00");
        await OpenAsync("I5", Northwind, "2027-03-21 01:00");
        await OpenAsync("I7", Northwind, "2027-03-26 08:00");
        await OpenAsync("I10", Northwind, "2027-03-27 09:30");

        Clock.Set(ReadAt);
        foreach (var (ticket, project, verdict) in new[]
        {
            ("I1", "P1", "CausedBy"), ("I3", "P1", "NotRelated"), ("I5", "P2", "CausedBy"), ("I6", "P3", "CausedBy"),
            ("I7", "P4", "CausedBy"), ("I8", "P1", "CausedBy"), ("I9", "P4", "CausedBy"), ("S1", "P1", "CausedBy"),
        })
        {
            var response = await InsightDesk.AttributeAsync(Api, Number(ticket), Project(project), verdict);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }

    public static DateTimeOffset At(string utc) =>
        DateTimeOffset.ParseExact(utc, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private async Task<BatonAppFactory.ProjectSetup> ProjectAsync(
        string name, BatonAppFactory.ClientSetup client, BatonAppFactory.TestUser lead, ProjectStatus status, string type, DateTimeOffset at)
    {
        var project = await App.CreateProjectAsync(client, lead, status, $"{name} {type}", now: at);
        await App.SetProjectTypeAsync(project, type);
        _projects[name] = project;
        return project;
    }

    private Task EngageAsync(BatonAppFactory.ProjectSetup project, string starts, string ends, bool cancelled = false)
    {
        var from = At(starts);
        return App.ScheduleEngagementAsync(project, DateOnly.FromDateTime(from.UtcDateTime), TimeOnly.FromDateTime(from.UtcDateTime),
            TimeOnly.ParseExact(ends, "HH:mm", CultureInfo.InvariantCulture), cancelled: cancelled);
    }

    private async Task OpenAsync(string name, BatonAppFactory.ClientSetup client, string at, bool serviceRequest = false)
    {
        Clock.Set(At(at));
        var ticket = await BatonAppFactory.OpenIncidentAsync(Api, client, name, serviceRequest ? new { Kind = "ServiceRequest" } : null);
        _numbers[name] = ticket.Number;
    }
}

using Baton.Domain;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Features.Hypercare;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Reports;

/// <summary>
/// One client with a project in each state the daily report lists, built relative to <paramref name="now"/>: an active
/// project with an engagement that day, one in hypercare with an open ticket, one closed five days ago, one closed
/// long ago, a cancelled one, and an incident (tagged to the hypercare project, which touches nothing in particular,
/// so every ticket of the client is one of its) attributed to the active project two hours ago.
/// </summary>
public sealed record DailyReportWorld(
    ClientSetup Client, TestUser Lead, TestUser Technician, ProjectSetup Active, ProjectSetup Hypercare, ProjectSetup RecentlyClosed,
    ProjectSetup LongClosed, ProjectSetup Cancelled, string AttributedTicket)
{
    public static async Task<DailyReportWorld> BuildAsync(BatonAppFactory app, DateOnly day, DateTimeOffset now)
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Lead " + client.Code);
        var technician = await app.CreateAgentAsync("Tech " + client.Code);
        var active = await app.CreateProjectAsync(client, lead, ProjectStatus.Active, "Phones " + client.Code, now: now.AddDays(-20));
        var hypercare = await app.CreateProjectAsync(client, lead, ProjectStatus.Hypercare, "Tenant " + client.Code, now: now.AddDays(-10));
        var recent = await app.CreateProjectAsync(client, lead, ProjectStatus.Closed, "Wi-Fi " + client.Code, now: now.AddDays(-5));
        var old = await app.CreateProjectAsync(client, lead, ProjectStatus.Closed, "Firewall " + client.Code, now: now.AddDays(-45));
        var cancelled = await app.CreateProjectAsync(client, lead, ProjectStatus.Cancelled, "Printers " + client.Code, now: now.AddDays(-3));

        var api = await app.ApiAsAsync(technician);
        var incident = await OpenIncidentAsync(api, client, "Handsets reboot after the cut-over");
        await app.WithDbAsync(async db =>
        {
            var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
            db.Engagements.Add(new Engagement(active.Id, new EngagementSlot(day, new TimeOnly(9, 0), new TimeOnly(11, 30), EngagementKind.CutOver, [technician.Id], "Call routing, SIP trunk", null), london, Someone.Staff, now));
            db.Engagements.Add(new Engagement(active.Id, new EngagementSlot(day.AddDays(1), new TimeOnly(13, 0), new TimeOnly(14, 0), EngagementKind.Remote, [], "Next day's work " + client.Code, null), london, Someone.Staff, now));
            db.ProjectAttributions.Add(new ProjectAttribution(incident.Id, active.Id, AttributionVerdict.CausedBy, "Dial plan pushed at 09:10", new Actor(technician.Id, technician.DisplayName), now.AddHours(-2)));
            await db.SaveChangesAsync();
        });
        return new DailyReportWorld(client, lead, technician, active, hypercare, recent, old, cancelled, incident.Number);
    }

    public static Task<int> RunsOnAsync(BatonAppFactory app, DateOnly day) => app.WithDbAsync(db => db.DailyReportRuns.CountAsync(r => r.ReportDate == day));
}

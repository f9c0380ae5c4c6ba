using System.Net.Http.Json;
using Baton.Browser.Tests.Infrastructure;
using Baton.Domain;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Projects;

/// <summary>axe-core over the project, hand-off, hypercare and report pages, filled with data; serious and critical findings fail.</summary>
public sealed class ProjectPagesAccessibilityTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task ProjectPages_HaveNoSeriousAccessibilityViolations() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var manager = await App.CreateUserAsync(Roles.Manager);
        var lead = await App.CreateAgentAsync();
        var active = await App.CreateProjectAsync(client, lead, ProjectStatus.Active, "Phones " + client.Code, touchesSiteAndItem: true);
        var hypercare = await App.CreateProjectAsync(client, lead, ProjectStatus.Hypercare, "Tenant " + client.Code);
        var closed = await App.CreateProjectAsync(client, lead, ProjectStatus.Closed, "Wi-Fi " + client.Code);
        var now = TimeProvider.System.GetUtcNow();
        await App.WithDbAsync(async db =>
        {
            db.Engagements.Add(new Engagement(active.Id, new EngagementSlot(DateOnly.FromDateTime(now.UtcDateTime), new TimeOnly(9, 0), new TimeOnly(11, 0), EngagementKind.CutOver, [lead.Id], "SIP trunk", null), TimeZoneInfo.Utc, Baton.Web.Tests.Someone.Staff, now));
            db.Deliverables.Add(new Deliverable(active.Id, "Numbers ported", null, inScope: true, Baton.Web.Tests.Someone.Staff, now));
            db.Deliverables.Add(new Deliverable(active.Id, "Fax line", "Stays with the old carrier", inScope: false, Baton.Web.Tests.Someone.Staff, now));
            await db.SaveChangesAsync();
        });
        using var api = await ApiAsAsync(lead);
        var ticket = await OpenIncidentAsync(api, client, "Handsets reboot", new { client.SiteId, client.ConfigurationItemId });
        (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/attributions", new { projectNumber = active.Number, verdict = "CausedBy", note = "Firmware push" })).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/v1/projects/{active.Number}/closeout", null)).EnsureSuccessStatusCode();

        await SignInAsync(page, manager.Email);
        var blocking = new List<string>();
        foreach (var (url, heading) in new[]
        {
            ("/Projects", "Projects"),
            ($"/Projects/{active.Number}", active.Number),
            ($"/Projects/{active.Number}/Engagements", "Engagements"),
            ($"/Projects/{active.Number}/Deliverables", "Deliverables"),
            ($"/Projects/{active.Number}/Closeout", "Close-out"),
            ($"/Projects/{active.Number}/Handoff", "Hand-off"),
            ($"/Projects/{closed.Number}/Handbook", "handbook"),
            ($"/Projects/{hypercare.Number}/Hypercare", "Hypercare"),
            ("/Admin/CloseoutTemplate", "Close-out"),
            ($"/Tickets/{ticket.Number}", "Handsets reboot"),
            ("/Reports/Daily", "Daily project report"),
            ("/Reports/ProjectIncidents", "incidents"),
        })
        {
            await page.GotoAsync(url);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading, new() { IgnoreCase = true });
            blocking.AddRange(await SeriousAccessibilityViolationsAsync(page, url));
        }

        Assert.True(blocking.Count == 0, $"{blocking.Count} serious or critical accessibility violation(s):\n" + string.Join("\n", blocking));
    });
}

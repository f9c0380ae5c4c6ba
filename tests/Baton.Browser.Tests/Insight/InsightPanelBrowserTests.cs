using Baton.Browser.Tests.Infrastructure;
using Baton.Domain.Projects;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Insight;

/// <summary>A technician reads the insight panel on an incident, finds whom to call, and marks the incident caused by the project.</summary>
public sealed class InsightPanelBrowserTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task Panel_ShowsWhomToCall_AndAttributingRecordsItOnTheTimeline() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync("Tara Tech");
        var lead = await App.CreateAgentAsync("Lee Lead");
        var project = await App.CreateProjectAsync(client, lead, ProjectStatus.Active, "Core switch refresh", touchesSiteAndItem: true);
        await App.SetEscalationContactsAsync(project,
            new EscalationContact("Pat Engineer", "Network engineer", "+64 9 555 0100", "pat@msp.example", EscalationKind.ConferWith));
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await App.ScheduleEngagementAsync(project, today, new TimeOnly(0, 0), new TimeOnly(23, 0), EngagementKind.CutOver, "Core switch");
        using var api = await ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Floor 2 has no network", new { client.SiteId, client.ConfigurationItemId });

        await SignInAsync(page, agent.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        var panel = Region(page, "Projects at this client");
        await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = $"{project.Number} Core switch refresh" })).ToBeVisibleAsync();
        await Expect(panel.GetByText("Touches this CI:")).ToBeVisibleAsync();
        await Expect(panel.GetByRole(AriaRole.List, new() { Name = $"Confer with ({project.Number})" }).GetByRole(AriaRole.Link, new() { Name = "+64 9 555 0100" }))
            .ToHaveAttributeAsync("href", "tel:+6495550100");
        var results = await page.RunAxe();
        var blocking = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} {string.Join(" ", v.Nodes.Select(n => n.Target))}").ToList();
        Assert.True(blocking.Count == 0, string.Join("\n", blocking));

        await panel.GetByLabel($"Note on {project.Number} (optional)").FillAsync("Cut-over at 09:00 took the VLAN down");
        await panel.GetByRole(AriaRole.Button, new() { Name = $"Caused by {project.Number}" }).ClickAsync();

        await Expect(Flash(page)).ToHaveTextAsync($"{project.Number}: marked as the cause.");
        await Expect(page.GetByText($"marked it Caused by {project.Number} (Cut-over at 09:00 took the VLAN down)")).ToBeVisibleAsync();
        await Expect(Region(page, "Projects at this client").GetByText("Caused by this project")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "insight-panel.png"), FullPage = true });
    });
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Data;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Projects;

/// <summary>
/// The hand-off from a project to support, end to end in the browser: plan and start a project, schedule an engagement,
/// see the project on an incident at that client and attribute the incident to it, fill and sign off the close-out,
/// release the lead, start hypercare, and see the client's next incident on the hypercare dashboard.
/// </summary>
public sealed partial class ProjectHandOffJourneyTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private static readonly string[] HypercareRoles = ["Subject-matter experts", "Development", "Infrastructure", "Coordinating team"];

    [BrowserFact]
    public Task SupportLead_TakesAProjectFromPlanToHypercare() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var supportLead = await App.CreateUserAsync(Roles.Manager, null, "Grace " + tag);
        var leadTech = await App.CreateAgentAsync("Ingrid " + tag);
        var teams = new Dictionary<string, string>();
        foreach (var role in HypercareRoles)
        {
            teams[role] = $"{role} {tag}";
            await App.CreateTeamAsync(teams[role]);
        }

        var projectName = $"Teams Phone migration {tag}";
        var clientName = await App.WithDbAsync(db => Task.FromResult(db.Clients.Single(c => c.Id == client.ClientId).Name));
        var itemName = client.Code + "-SRV01";

        // Plan and start the project.
        await SignInAsync(page, supportLead.Email);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        await page.GotoAsync("/Projects/New");
        await page.GetByLabel("Client").SelectOptionAsync(new SelectOptionValue { Label = clientName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("Project name").FillAsync(projectName);
        await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "UCaaS migration" });
        await page.GetByLabel("Lead tech").SelectOptionAsync(new SelectOptionValue { Label = leadTech.DisplayName });
        await page.GetByLabel("What is being changed (Markdown)").FillAsync("Moves the phones to Teams Phone; numbers port on the cut-over night.");
        await page.GetByLabel(itemName).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan project" }).ClickAsync();
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToContainTextAsync(projectName);
        var number = ProjectNumber().Match(await heading.InnerTextAsync()).Value;
        Assert.NotEmpty(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start project" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Active");

        // Schedule tonight's cut-over.
        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule and change engagements" }).ClickAsync();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("Date").FillAsync(today);
        await page.GetByLabel("Start (UTC)").FillAsync("18:00");
        await page.GetByLabel("End (UTC)").FillAsync("22:00");
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Cut-over" });
        await page.GetByLabel(leadTech.DisplayName).CheckAsync();
        await page.GetByLabel("What will be touched (systems, services the client may notice)").FillAsync("Number porting, call queues");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule engagement" }).ClickAsync();
        await Expect(page.GetByText("Number porting, call queues").First).ToBeVisibleAsync();

        // An incident at that client: the insight panel shows the project, flagged as touching the ticket's CI.
        using var api = await ApiAsAsync(await App.CreateAgentAsync());
        var incident = await OpenIncidentAsync(api, client, "Desk phones lost their dial tone", new { configurationItemId = client.ConfigurationItemId });
        await page.GotoAsync($"/Tickets/{incident.Number}");
        var insight = page.GetByRole(AriaRole.Region, new() { Name = "Projects at this client" });
        var row = insight.GetByRole(AriaRole.Listitem).Filter(new() { HasText = number }).First;
        await Expect(row).ToContainTextAsync(projectName);
        await Expect(row).ToContainTextAsync($"Touches this CI: {itemName}");
        await Expect(row).ToContainTextAsync("18:00");
        await row.GetByLabel($"Note on {number} (optional)").FillAsync("The PBX line cards were pulled before the porting finished.");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Caused by {number}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Timeline" })).ToContainTextAsync(number);

        // The project page lists it among the incidents the project caused.
        await page.GotoAsync($"/Projects/{number}");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Caused incidents" })).ToContainTextAsync(incident.Number);

        // Close-out: begin, answer every required item, sign off, release the lead.
        await page.GetByRole(AriaRole.Link, new() { Name = "Close-out checklist" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Begin close-out" }).ClickAsync();
        var closeout = await api.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{number}/closeout");
        var requiredItems = closeout.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("required").GetBoolean()).ToList();
        var required = requiredItems.Select(i => i.GetProperty("text").GetString()!).ToList();
        Assert.NotEmpty(required);
        // Items a record answers (the hand-off meeting) are not ticked by hand: they wait for that record.
        var byHand = requiredItems.Where(i => i.GetProperty("provenBy").GetString() == "None").Select(i => i.GetProperty("text").GetString()!).ToList();
        var byRecord = required.Except(byHand).ToList();
        Assert.Contains("Hand-off meeting held with the client", byRecord);
        var signOff = page.GetByRole(AriaRole.Region, new() { Name = "Sign-off and release" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign off close-out" }).ClickAsync();
        await Expect(signOff).ToContainTextAsync("Cannot sign off yet"); // refused, naming each missing item
        await Expect(signOff.GetByRole(AriaRole.Listitem).Filter(new() { HasText = required[^1] })).ToHaveCountAsync(1);
        foreach (var text in byRecord)
        {
            var item = page.Locator($"li[id^=item-]").Filter(new() { HasText = text });
            await Expect(item).ToContainTextAsync("Waits for");
            await Expect(item.GetByRole(AriaRole.Radio, new() { Name = "Done" })).ToHaveCountAsync(0);
        }

        await RecordHandoffAsync(api, number);
        await page.ReloadAsync();
        await Expect(page.Locator("li[id^=item-]").Filter(new() { HasText = "Hand-off meeting held with the client" })).ToContainTextAsync("Answered by the hand-off meeting record");
        foreach (var text in byHand)
        {
            var item = page.GetByRole(AriaRole.Group, new() { Name = text, Exact = true });
            await item.GetByRole(AriaRole.Radio, new() { Name = "Done" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Save ‘{text}’" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Re-open ‘{text}’" })).ToBeVisibleAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign off close-out" }).ClickAsync();
        await Expect(Flash(page)).ToContainTextAsync("Close-out signed off");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release lead" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Sign-off and release" })).ToContainTextAsync(supportLead.DisplayName);

        // Hypercare: name the team and start it; the client's next incident on the project's CI lands on the dashboard.
        await page.GotoAsync($"/Projects/{number}/Hypercare");
        foreach (var (role, team) in teams)
        {
            await page.GetByLabel($"{role}: team").SelectOptionAsync(new SelectOptionValue { Label = team });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Start hypercare" }).ClickAsync();
        await Expect(page.GetByTestId("project-status")).ToHaveTextAsync("in hypercare");
        var next = await OpenIncidentAsync(api, client, "Call queue plays the old greeting", new { configurationItemId = client.ConfigurationItemId });
        await page.ReloadAsync();
        await Expect(page.GetByTestId("tickets-total")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Hypercare tickets (1)" })).ToContainTextAsync(next.Number);
    });

    [GeneratedRegex("PRJ-[0-9]{6}")]
    private static partial Regex ProjectNumber();
}

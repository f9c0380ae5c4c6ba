using System.Globalization;
using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Automation;

/// <summary>An administrator writes a rule in the browser, dry-runs it, saves it, and sees it act on the next ticket.</summary>
public sealed class WritingARuleTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task ARuleWrittenOnThePage_DryRunsOnRecentTickets_AndOnceSaved_ActsOnTheNextOne_OnItsTimeline() => JourneyAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await App.CreateClientAsync("Tailspin " + suffix);
        var admin = await App.CreateUserAsync(Roles.Administrator, displayName: "Ada Admin " + suffix);
        using var api = await ApiAsAsync(await App.CreateAgentAsync());
        var earlier = await OpenIncidentAsync(api, client, "Payroll export fails " + suffix, new { impact = "High", urgency = "High" });
        var name = "Note P1s of Tailspin " + suffix;

        await SignInAsync(page, admin.Email);
        await page.GotoAsync("/Admin/Rules");
        await page.GetByRole(AriaRole.Link, new() { Name = "New rule" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Runs when").SelectOptionAsync("TicketOpened");
        await page.GetByLabel("Condition 1: field").SelectOptionAsync("Client");
        await page.GetByLabel("Condition 1: operator").SelectOptionAsync("Is");
        await page.GetByLabel("Condition 1: value").FillAsync(client.ClientId.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Condition 2: field").SelectOptionAsync("Priority");
        await page.GetByLabel("Condition 2: operator").SelectOptionAsync("Is");
        await page.GetByLabel("Condition 2: value").FillAsync("P1");
        await page.GetByLabel("Action 1", new() { Exact = true }).SelectOptionAsync("AddInternalNote");
        await page.GetByLabel("Action 1: value").FillAsync("Rule saw {{ ticket.number }}: call the client's IT manager.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        var result = page.Locator("#dry-run-result");
        await Expect(result.GetByRole(AriaRole.Heading)).ToContainTextAsync("Dry run: 1 of");
        await Expect(result.GetByRole(AriaRole.Link, new() { Name = earlier.Number })).ToBeVisibleAsync();
        await Expect(result).ToContainTextAsync("Nothing was saved and nobody was told.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Expect(Flash(page)).ToContainTextAsync($"Rule \"{name}\" saved; it is on.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();

        await Eventually.HoldsAsync(async () => // the saved rule is in force (the catalogue cache reads it again within a second)
        {
            using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(App.Services);
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BatonDb>(scope.ServiceProvider);
            return (await Baton.Web.Features.Automation.AutomationCatalogue.EnabledAsync(db, CancellationToken.None)).Any(r => r.Name == name);
        }, "the saved rule is in force");
        var next = await OpenIncidentAsync(api, client, "Core switch down " + suffix, new { impact = "High", urgency = "High" });
        await AfterCommitWorkDoneAsync();
        await page.GotoAsync($"/Tickets/{next.Number}");
        var timeline = Region(page, "Timeline");
        await Expect(timeline).ToContainTextAsync($"Rule saw {next.Number}: call the client's IT manager.");
        await Expect(timeline).ToContainTextAsync("Rule: " + name);
        await page.GotoAsync($"/Tickets/{earlier.Number}");
        await Expect(Region(page, "Timeline")).Not.ToContainTextAsync("Rule saw"); // the dry run changed nothing
    });

    /// <summary>Every record event raised so far is handled (the rule's job among them).</summary>
    private Task AfterCommitWorkDoneAsync() => Eventually.HoldsAsync(
        () => App.WithDbAsync(db => db.RecordEvents.AllAsync(j => j.ProcessedAt != null || j.Attempts >= RecordEvents.MaxAttempts)),
        "the record events raised so far are handled",
        TimeSpan.FromSeconds(60));
}

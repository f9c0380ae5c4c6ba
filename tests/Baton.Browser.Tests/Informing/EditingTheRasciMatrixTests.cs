using System.Net;
using System.Net.Http.Json;
using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Data;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Informing;

/// <summary>An administrator edits a client's RASCI matrix in the browser: the ticket page's "Who's involved" follows the saved cell, and only once it is saved.</summary>
public sealed class EditingTheRasciMatrixTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task MakingTheAccountManagerInformedOnP3_IsPreviewedOnTheExample_AndOnceSaved_WhoIsInvolvedNamesThemWithTheCell() => JourneyAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var clientName = "Fabrikam " + suffix;
        var client = await App.CreateClientAsync(clientName);
        var admin = await App.CreateUserAsync(Roles.Administrator, displayName: "Ada Admin " + suffix);
        var accountManager = await App.CreateAgentAsync("Morgan Account " + suffix);
        using (var adminApi = await ApiAsAsync(admin))
        {
            var set = await adminApi.PutAsJsonAsync($"/api/v1/clients/{client.ClientId}", new { name = clientName, code = client.Code, accountManagerId = accountManager.Id });
            Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        }

        using var api = await ApiAsAsync(await App.CreateAgentAsync());
        var ticket = await OpenIncidentAsync(api, client, "Scanner queue stuck " + suffix, new { impact = "Medium", urgency = "Medium" });
        Assert.Equal("P3", ticket.Priority);
        const string cell = "Incident P3 (medium) × Account manager";
        var why = $"{cell}: I ({clientName}'s matrix)";

        // Before: the shipped P3 row gives the account manager no letter, so the ticket does not name them.
        await SignInAsync(page, admin.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        var involved = Region(page, "Who's involved");
        await Expect(involved).ToContainTextAsync("Incident P3 (medium)");
        await Expect(involved.GetByText(accountManager.DisplayName)).ToHaveCountAsync(0);

        await page.GotoAsync("/Admin/Rasci");
        await page.GetByLabel("Matrix", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = clientName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"RASCI matrix for {clientName}", Level = 1 })).ToBeVisibleAsync();
        var accountManagerOnP3 = page.GetByLabel(cell, new() { Exact = true });
        await Expect(accountManagerOnP3).ToHaveValueAsync("default"); // "as default (—)": the client follows the default matrix
        await accountManagerOnP3.SelectOptionAsync("I");
        await page.GetByLabel("What and why").FillAsync("Contract: the account manager hears of every P3");
        await page.GetByLabel("Example ticket for the preview").FillAsync(ticket.Number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview on the example" }).ClickAsync();

        var preview = page.GetByRole(AriaRole.Region, new() { Name = $"Who's involved in {ticket.Number}" });
        await Expect(preview).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync("Nothing is saved until you press “Save matrix”.");
        var edited = preview.GetByRole(AriaRole.Region, new() { Name = "As edited", Exact = true }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = accountManager.DisplayName });
        await Expect(edited).ToContainTextAsync("I · Informed");
        await Expect(edited).ToContainTextAsync(why);
        await Expect(preview.GetByRole(AriaRole.Region, new() { Name = "Now", Exact = true }).GetByText(accountManager.DisplayName)).ToHaveCountAsync(0);
        await Expect(accountManagerOnP3).ToHaveValueAsync("I"); // the preview keeps the edit in the grid

        // Previewing saved nothing: the ticket still does not name the account manager.
        var ticketPage = await AnotherBrowserAsync();
        await SignInAsync(ticketPage, admin.Email);
        await ticketPage.GotoAsync($"/Tickets/{ticket.Number}");
        await Expect(Region(ticketPage, "Who's involved")).ToContainTextAsync("Incident P3 (medium)");
        await Expect(Region(ticketPage, "Who's involved").GetByText(accountManager.DisplayName)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save matrix" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Saved as revision 1: 1 cell changed. Notifications follow it from now on.");
        await Expect(Region(page, "Revisions")).ToContainTextAsync($"{cell}: as default → I");
        await Expect(page.GetByLabel(cell, new() { Exact = true })).ToHaveValueAsync("I");

        await ticketPage.ReloadAsync();
        var line = Region(ticketPage, "Who's involved").GetByRole(AriaRole.Listitem).Filter(new() { HasText = accountManager.DisplayName });
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line).ToContainTextAsync("I · Informed");
        await Expect(line).ToContainTextAsync(why);
    });
}

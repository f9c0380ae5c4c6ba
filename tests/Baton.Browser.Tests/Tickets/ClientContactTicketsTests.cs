using System.Net;
using Baton.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Tickets;

/// <summary>A client's contact signs in to the portal: their organisation's tickets, nobody else's.</summary>
public sealed class ClientContactTicketsTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task ClientContact_SeesOnlyTheirOwnOrganisationsTickets() => JourneyAsync(async page =>
    {
        var clientA = await App.CreateClientAsync();
        var clientB = await App.CreateClientAsync();
        using var api = await ApiAsAsync(await App.CreateAgentAsync());
        var ours = await OpenIncidentAsync(api, clientA, "Shared drive is read-only " + Guid.NewGuid().ToString("N")[..6]);
        var theirs = await OpenIncidentAsync(api, clientB, "Payroll export fails " + Guid.NewGuid().ToString("N")[..6]);
        var contact = await App.CreateContactUserAsync(clientA);

        await SignInAsync(page, contact.Email);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Our tickets", Level = 1 })).ToBeVisibleAsync();
        var tickets = page.GetByRole(AriaRole.Table, new() { Name = "Tickets" });
        await Expect(tickets.GetByRole(AriaRole.Link, new() { Name = ours.Number })).ToBeVisibleAsync();
        await Expect(tickets.GetByRole(AriaRole.Link, new() { Name = theirs.Number })).ToHaveCountAsync(0);
        await Expect(page.GetByText(theirs.Title)).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"/Tickets/{theirs.Number}");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(theirs.Title)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Our tickets" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = ours.Number }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(ours.Title);
        var reply = "It is still read-only this morning, " + Guid.NewGuid().ToString("N")[..6];
        await Region(page, "Reply").GetByLabel("Message").FillAsync(reply);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Reply sent.");
        await Expect(Region(page, "Timeline").GetByRole(AriaRole.Listitem).Filter(new() { HasText = reply })).ToContainTextAsync("replied");
    });
}

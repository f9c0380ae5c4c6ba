using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Baton.Browser.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Tickets;

/// <summary>An agent works a ticket from the desk's pages, end to end.</summary>
public sealed partial class WorkingATicketTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task Agent_OpensAssignsRepliesResolvesAndFindsATicket() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var teamName = "Field services " + Guid.NewGuid().ToString("N")[..6];
        await App.CreateTeamAsync(teamName);
        var agent = await App.CreateAgentAsync();
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => new { c.Name, c.Email }).SingleAsync());
        var word = "kiwi" + Guid.NewGuid().ToString("N")[..8];
        var title = $"Projector in the {word} room flickers";

        await SignInAsync(page, agent.Email);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "New ticket" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New ticket", Level = 1 })).ToBeVisibleAsync();
        var clientName = await App.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.Name).SingleAsync());
        await RaisingATicketTests.ChooseRequesterAsync(page, requester.Email[..12], $"{requester.Name} — {clientName}");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Description").FillAsync("The image drops out every few seconds during meetings.");
        await page.GetByLabel("Impact").SelectOptionAsync(new SelectOptionValue { Label = "High" });
        await page.GetByLabel("Urgency").SelectOptionAsync(new SelectOptionValue { Label = "Medium" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open ticket" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(TicketUrl());
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToContainTextAsync(title);
        var number = TicketNumber().Match(await heading.InnerTextAsync()).Value;
        Assert.NotEmpty(number);
        await Expect(Flash(page)).ToHaveTextAsync($"{number} opened.");
        await Expect(page.GetByText("new", new() { Exact = true })).ToBeVisibleAsync();

        var assignment = Region(page, "Assignment");
        await assignment.GetByLabel("Team").SelectOptionAsync(new SelectOptionValue { Label = teamName });
        await assignment.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = agent.DisplayName });
        await assignment.GetByRole(AriaRole.Button, new() { Name = "Save assignment" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Assignment saved.");
        var facts = Region(page, "Details");
        await Expect(facts.GetByText(teamName, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(facts.GetByText(agent.DisplayName, new() { Exact = true })).ToBeVisibleAsync();

        var reply = $"Thanks, a technician is on the way ({word}).";
        await page.GetByLabel("Message").FillAsync(reply);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Reply sent.");
        var entry = Region(page, "Timeline").GetByRole(AriaRole.Listitem).Filter(new() { HasText = reply });
        await Expect(entry).ToContainTextAsync("replied");

        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Done: acknowledged.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start work" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Done: start work.");
        await page.GetByLabel("Resolution note").FillAsync("Replaced the HDMI cable.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Done: resolved.");
        await Expect(page.GetByText("resolved", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Region(page, "Timeline")).ToContainTextAsync("Replaced the HDMI cable.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Queue" }).ClickAsync();
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Filter tickets" });
        var tickets = page.GetByRole(AriaRole.Table, new() { Name = "Tickets" });
        await search.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync(word);
        await search.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByText("No tickets match.")).ToBeVisibleAsync(); // the default view hides resolved tickets

        await search.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "All" });
        await search.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(tickets.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(tickets.GetByRole(AriaRole.Link, new() { Name = number })).ToBeVisibleAsync();

        var row = tickets.GetByRole(AriaRole.Row).Filter(new() { HasText = number });
        await Expect(row).ToContainTextAsync(title);
        await Expect(row).ToContainTextAsync("resolved");

        // A whole number in the search box opens that ticket.
        await search.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync(number);
        await search.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
    });

    [BrowserFact]
    public Task Resolve_WithoutANote_ShowsTheReasonInline() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync();
        using var api = await ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Badge reader rejects every card");
        var acknowledged = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Acknowledge" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);

        await SignInAsync(page, agent.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();

        await Expect(Region(page, "Lifecycle").GetByText("Resolving needs a resolution note")).ToBeVisibleAsync();
        await Expect(page.GetByText("acknowledged", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true })).ToBeVisibleAsync();
        await Expect(Flash(page)).ToHaveCountAsync(0);
        var stored = await api.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Number}", Json);
        Assert.Equal("Acknowledged", stored!.Status);
    });

    [GeneratedRegex(@"/Tickets/INC-\d{6}$")]
    private static partial Regex TicketUrl();

    [GeneratedRegex(@"INC-\d{6}")]
    private static partial Regex TicketNumber();
}

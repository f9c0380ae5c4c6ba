using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Tickets;

/// <summary>How the ticket page tells the ticket's story to the technician and to the client.</summary>
public sealed partial class TicketTimelinePageTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task Resolution_IsToldAsResolvedByTheTechnician_ToStaffAndToTheContact()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync("Priya Resolver");
        using var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        foreach (var (transition, note) in new[] { ("Acknowledge", (string?)null), ("Resolve", "Replaced the dock's power supply.") })
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition, note })).StatusCode);
        }

        using var staffPage = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        using var contactPage = await app.SignInAsync((await app.CreateContactUserAsync(client)).Email, BatonAppFactory.UserPassword);

        Assert.Equal("Priya Resolver resolved the ticket", ResolutionLine(await staffPage.GetHtmlAsync($"/Tickets/{ticket.Number}")));
        Assert.Equal("Priya Resolver resolved the ticket", ResolutionLine(await contactPage.GetHtmlAsync($"/Tickets/{ticket.Number}")));
    }

    [Fact]
    public async Task TicketRaisedByAnAgentForTheContact_IsToldAsOpenedByThatAgentForThem_AndOneTheyRaisedAsTheirs()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync("Opal Opener");
        using var api = await app.ApiAsAsync(agent);
        var contactUser = await app.CreateContactUserAsync(client);
        using var portalApi = await app.ApiAsAsync(contactUser);
        var forThem = await BatonAppFactory.OpenIncidentAsync(api, client, "Raised on the phone");
        var theirs = await BatonAppFactory.OpenIncidentAsync(portalApi, client, "Raised in the portal");
        using var contactPage = await app.SignInAsync(contactUser.Email, BatonAppFactory.UserPassword);

        var raisedForThem = WebUtility.HtmlDecode(await contactPage.GetHtmlAsync($"/Tickets/{forThem.Number}"));
        var raisedByThem = WebUtility.HtmlDecode(await contactPage.GetHtmlAsync($"/Tickets/{theirs.Number}"));

        Assert.Matches($@"Opal Opener</strong>\s+opened {forThem.Number} for \S", raisedForThem);
        Assert.DoesNotContain("Opal Opener", raisedByThem, StringComparison.Ordinal);
        Assert.Matches($@"</strong>\s+opened {theirs.Number}\s+·", raisedByThem);
    }

    [Fact]
    public async Task ContactReply_OnAResolvedTicket_ReopensIt_AndTheStaffTimelineSaysWhy()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        foreach (var (transition, note) in new[] { ("Acknowledge", (string?)null), ("Resolve", "Reset the VPN profile.") })
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition, note })).StatusCode);
        }

        var contact = await app.CreateContactUserAsync(client);
        using var contactApi = await app.ApiAsAsync(contact);
        Assert.Equal(HttpStatusCode.Created, (await contactApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "It dropped again this morning." })).StatusCode);

        var after = await api.GetFromJsonAsync<BatonAppFactory.TicketDto>($"/api/v1/tickets/{ticket.Number}", BatonAppFactory.Json);
        Assert.Equal("InProgress", after!.Status);
        using var staffPage = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var html = WebUtility.HtmlDecode(await staffPage.GetHtmlAsync($"/Tickets/{ticket.Number}"));
        Assert.Contains($"reopened it: {Baton.Domain.Tickets.Ticket.RequesterRepliedReason}", html, StringComparison.Ordinal);
    }

    /// <summary>Who and what of the timeline's resolution item, markup and time left out.</summary>
    private static string ResolutionLine(string html)
    {
        var item = ResolutionItem().Match(WebUtility.HtmlDecode(html));
        Assert.True(item.Success, "The timeline has no resolution item.");
        Assert.Contains("Replaced the dock's power supply.", item.Groups["body"].Value, StringComparison.Ordinal);
        return $"{item.Groups["who"].Value} {item.Groups["what"].Value.Trim()}";
    }

    [GeneratedRegex("""<li class="resolution">\s*<div class="meta">\s*<strong>(?<who>[^<]*)</strong>\s*(?<what>[^·]*)·(?<body>.*?)</li>""", RegexOptions.Singleline)]
    private static partial Regex ResolutionItem();
}

using System.Net;
using System.Net.Http.Json;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Tickets;

/// <summary>The queue marks the tickets whose last public message is the customer's: the desk owes the next answer.</summary>
public sealed class CustomerRepliedTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record Row(string Number, bool CustomerReplied);

    private sealed record Page(List<Row> Items);

    [Fact]
    public async Task Queue_MarksCustomerReplied_UntilTheDeskAnswers_AndNotForAnInternalNote()
    {
        var client = await app.CreateClientAsync();
        using var agent = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));

        async Task<bool> MarkedAsync() =>
            (await agent.GetFromJsonAsync<Page>($"/api/v1/tickets?clientId={client.ClientId}", BatonAppFactory.Json))!.Items.Single(r => r.Number == ticket.Number).CustomerReplied;
        async Task PostAsync(HttpClient api, string body, bool isInternal = false) =>
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body, @internal = isInternal })).StatusCode);

        var before = await MarkedAsync();
        await PostAsync(contact, "Any news on this?");
        var afterCustomer = await MarkedAsync();
        await PostAsync(agent, "Checking the logs now.", isInternal: true);
        var afterNote = await MarkedAsync();
        await PostAsync(agent, "Found it: the certificate expired; renewed.");
        var afterAnswer = await MarkedAsync();

        Assert.Equal((false, true, true, false), (before, afterCustomer, afterNote, afterAnswer));
    }

    [Fact]
    public async Task QueuePage_ShowsTheCustomerRepliedBadge_ToStaff()
    {
        var client = await app.CreateClientAsync();
        var agentUser = await app.CreateAgentAsync();
        using var agent = await app.ApiAsAsync(agentUser);
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Printer jams on tray 2");
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        Assert.Equal(HttpStatusCode.Created, (await contact.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "It jammed again." })).StatusCode);
        using var page = await app.SignInAsync(agentUser.Email, BatonAppFactory.UserPassword);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets?Filter.ClientId={client.ClientId}"));

        Assert.Matches("<td class=\"title\" title=\"Printer jams on tray 2\">\\s*<span class=\"badge customer-replied\"[^>]*>customer replied</span>\\s*Printer jams on tray 2</td>", html);
    }
}

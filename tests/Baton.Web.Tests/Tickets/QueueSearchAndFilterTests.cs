using System.Globalization;
using System.Net;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Tickets;

/// <summary>What the queue does with what people type in its address and search box.</summary>
public sealed class QueueSearchAndFilterTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task SearchingTheBareDigitsOfANumber_FindsThatTicket()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Docking station flickers");
        var digits = long.Parse(ticket.Number[(ticket.Number.IndexOf('-') + 1)..], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        using var page = await app.SignInAsync(agent.Email, UserPassword);

        var found = await page.GetHtmlAsync($"/Tickets?Filter.Q={digits}&Filter.Status=all");

        Assert.Contains($">{ticket.Number}</a>", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchingAWholeNumber_OpensThatTicket_AndAnotherClientsNumberDoesNot()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Monitor stays black");
        var theirs = await OpenIncidentAsync(api, other, "Their monitor");
        using var staff = await app.SignInAsync(agent.Email, UserPassword);
        using var contact = await app.SignInAsync((await app.CreateContactUserAsync(client)).Email, UserPassword);

        var opened = await staff.GetAsync($"/Tickets?Filter.Q={ticket.Number.ToLowerInvariant()}");
        var notTheirs = await contact.GetAsync($"/Tickets?Filter.Q={theirs.Number}");

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/Tickets/{ticket.Number}", opened.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, notTheirs.StatusCode);
        Assert.DoesNotContain($">{theirs.Number}</a>", await notTheirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFilterValues_AreNamedAndSaidNotToApply()
    {
        using var page = await app.SignInAsAgentAsync();

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Tickets?Filter.Priority=P9&Filter.Status=Lost&Filter.Sort=Sideways"));

        Assert.Contains("Priority “P9” is not one the queue knows, so it is not applied.", html, StringComparison.Ordinal);
        Assert.Contains("Status “Lost” is not one the queue knows, so open tickets are shown.", html, StringComparison.Ordinal);
        Assert.Contains("Sort “Sideways” is not one the queue knows", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientContacts_AreNotOfferedTimeToBreachSorting_AndAskingForItSaysSo()
    {
        var client = await app.CreateClientAsync();
        using var contact = await app.SignInAsync((await app.CreateContactUserAsync(client)).Email, UserPassword);
        using var agent = await app.SignInAsAgentAsync();

        var ours = WebUtility.HtmlDecode(await contact.GetHtmlAsync("/Tickets"));
        var asked = WebUtility.HtmlDecode(await contact.GetHtmlAsync("/Tickets?Filter.Sort=Due"));

        Assert.DoesNotContain("Time to breach", ours, StringComparison.Ordinal);
        Assert.Contains("Sort “Due” is not one you can use, so the newest come first.", asked, StringComparison.Ordinal);
        Assert.Contains("Time to breach", await agent.GetHtmlAsync("/Tickets"), StringComparison.Ordinal);
    }
}

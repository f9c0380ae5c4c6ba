using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Links;

/// <summary>The Links section's forms on the ticket and project pages answer through the one page runner (ADR 8).</summary>
public sealed class LinksSectionPageTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static Dictionary<string, string> Form(string relation, string target, string note = "") =>
        new() { ["Link.Relation"] = relation, ["Link.Target"] = target, ["Link.Note"] = note };

    [Fact]
    public async Task LinkForm_OnAProjectPage_LinksTheTicket_AndRedirectsToTheLinksSection()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var project = await app.CreateProjectAsync(client, agent, ProjectStatus.Active, "Wi-Fi refresh");
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{project.Number}";

        var response = await page.PostFormAsync(url + "?handler=Link", Form("RelatedTo", ticket.Number, "Same site"), url);

        Assert.Equal((HttpStatusCode.Redirect, url + "#links"), (response.StatusCode, response.Headers.Location?.OriginalString));
        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets/{ticket.Number}"));
        Assert.Contains($"Related to</span>\n                    <a href=\"/Projects/{project.Number}\">{project.Number}</a> Wi-Fi refresh", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkForm_ATicketToItself_IsRefusedOnThePage_AndNothingIsLinked()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{ticket.Number}";

        var response = await page.PostFormAsync(url + "?handler=Link", Form("RelatedTo", ticket.Number), url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("cannot be linked to itself", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await app.WithDbAsync(db => db.RecordLinks.CountAsync(l => l.FromId == ticket.Id || l.ToId == ticket.Id)));
    }

    [Fact]
    public async Task LinkForm_PostedByTheClientsOwnContact_SaysOnlyTheDeskLinks_AndNothingIsLinked()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsAsync(await app.CreateAgentAsync());
        var first = await BatonAppFactory.OpenIncidentAsync(api, client);
        var second = await BatonAppFactory.OpenIncidentAsync(api, client);
        var contact = await app.CreateContactUserAsync(client);
        using var page = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{second.Number}";

        var response = await page.PostFormAsync(url + "?handler=Link", Form("DuplicateOf", first.Number), url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Only the service desk links records.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.RecordLinks.CountAsync(l => l.FromId == second.Id || l.ToId == second.Id)));
    }

    [Fact]
    public async Task UnlinkForm_TheCausedByVerdictsLink_IsRefused_WithWhereToChangeIt()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var project = await app.CreateProjectAsync(client, agent, ProjectStatus.Active, "Phones");
        (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/attributions", new { projectNumber = project.Number, verdict = "CausedBy" })).EnsureSuccessStatusCode();
        var linkId = await app.WithDbAsync(db => db.RecordLinks.Where(l => l.FromId == ticket.Id).Select(l => l.Id).SingleAsync());
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{ticket.Number}";

        var response = await page.PostFormAsync(url + "?handler=Unlink", new() { ["linkId"] = linkId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("change the verdict there to Not related", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.RecordLinks.CountAsync(l => l.Id == linkId)));
    }
}

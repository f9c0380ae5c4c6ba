using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Tickets;

/// <summary>
/// The new-ticket form: the requester is found by search, the site, configuration item and project lists are that
/// requester's client's, a refusal names the thing and the clients, and an agent can add a caller as a new contact.
/// </summary>
public sealed partial class NewTicketFormTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<(string Client, string Contact, string Site, string Item)> NamesAsync(BatonAppFactory.ClientSetup c) => app.WithDbAsync(async db =>
        (await db.Clients.Where(x => x.Id == c.ClientId).Select(x => x.Name).SingleAsync(),
         await db.Contacts.Where(x => x.Id == c.ContactId).Select(x => x.Name).SingleAsync(),
         await db.Sites.Where(x => x.Id == c.SiteId).Select(x => x.Name).SingleAsync(),
         await db.ConfigurationItems.Where(x => x.Id == c.ConfigurationItemId).Select(x => x.Name).SingleAsync()));

    private static Dictionary<string, string> Form(string title, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Kind"] = "Incident", ["Input.Title"] = title, ["Input.RequestType"] = "Technical", ["Input.Impact"] = "Medium",
            ["Input.Urgency"] = "Medium", ["Input.SubmissionId"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }

    private static bool Offers(string html, string field, int id) =>
        Regex.IsMatch(html, $"""<select[^>]*name="{Regex.Escape(field)}"[^>]*>(?:(?!</select>).)*<option[^>]*value="{id}"[^>]*>""", RegexOptions.Singleline);

    /// <summary>The message shown on a field (asp-validation-for), decoded.</summary>
    private static string FieldMessage(string html, string field)
    {
        var match = Regex.Match(html, $"""<span class="field-error field-validation-error" data-valmsg-for="{Regex.Escape(field)}"[^>]*>([^<]*)</span>""");
        Assert.True(match.Success, $"No message on {field}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task Lists_AreOnlyTheChosenRequestersClients_AndEmptyUntilOneIsChosen()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        using var page = await app.SignInAsAgentAsync();

        var blank = await page.GetHtmlAsync("/Tickets/New");
        var forA = await page.GetHtmlAsync($"/Tickets/New?requester={a.ContactId}");
        var swappedToB = await page.GetHtmlAsync($"/Tickets/New?handler=ClientLists&requesterId={b.ContactId}");

        Assert.False(Offers(blank, "Input.SiteId", a.SiteId) || Offers(blank, "Input.SiteId", b.SiteId));
        Assert.Contains("Choose the requester (or the new contact", blank, StringComparison.Ordinal);
        Assert.True(Offers(forA, "Input.SiteId", a.SiteId) && Offers(forA, "Input.ConfigurationItemId", a.ConfigurationItemId));
        Assert.False(Offers(forA, "Input.SiteId", b.SiteId) || Offers(forA, "Input.ConfigurationItemId", b.ConfigurationItemId));
        Assert.True(Offers(swappedToB, "Input.SiteId", b.SiteId) && Offers(swappedToB, "Input.ConfigurationItemId", b.ConfigurationItemId));
        Assert.False(Offers(swappedToB, "Input.SiteId", a.SiteId) || Offers(swappedToB, "Input.ConfigurationItemId", a.ConfigurationItemId));
    }

    [Fact]
    public async Task HypercareProjects_AreOnlyTheChosenRequestersClients()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var projectA = await app.CreateProjectAsync(a, lead, ProjectStatus.Hypercare);
        var projectB = await app.CreateProjectAsync(b, lead, ProjectStatus.Hypercare);
        using var page = await app.SignInAsAgentAsync();

        var forA = await page.GetHtmlAsync($"/Tickets/New?requester={a.ContactId}");

        Assert.Contains($"<option value=\"{projectA.Number}\">", forA, StringComparison.Ordinal);
        Assert.DoesNotContain(projectB.Number, forA, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormShownAgainAfterAnError_KeepsTheRequesterAndTheirClientsLists()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var names = await NamesAsync(a);
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Tickets/New", Form("", ("Input.RequesterId", Id(a.ContactId)), ("Input.SiteId", Id(a.SiteId))));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"value=\"{names.Contact} — {names.Client}\"", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.RequesterId\" value=\"{a.ContactId}\"", html, StringComparison.Ordinal);
        Assert.Matches($"<option selected=\"selected\" value=\"{a.SiteId}\">", html);
        Assert.False(Offers(html, "Input.SiteId", b.SiteId));
    }

    [Fact]
    public async Task SiteAndItemOfAnotherClient_AreRefusedOnTheirFields_NamingThemAndBothClients()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var (nameA, _, _, _) = await NamesAsync(a);
        var (nameB, _, siteB, itemB) = await NamesAsync(b);
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Tickets/New", Form("Printer jams",
            ("Input.RequesterId", Id(a.ContactId)), ("Input.SiteId", Id(b.SiteId)), ("Input.ConfigurationItemId", Id(b.ConfigurationItemId))));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Site '{siteB}' belongs to {nameB}, not {nameA}: choose a site of {nameA}.", FieldMessage(html, "Input.SiteId"));
        Assert.Equal($"Configuration item '{itemB}' belongs to {nameB}, not {nameA}: choose a configuration item of {nameA}.",
            FieldMessage(html, "Input.ConfigurationItemId"));
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.ClientId == a.ClientId)));
    }

    [Fact]
    public async Task Api_SiteItemProjectOrRequesterOfAnotherClient_IsAProblemNamingThemOnEachField()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var (nameA, _, _, _) = await NamesAsync(a);
        var (nameB, contactB, siteB, itemB) = await NamesAsync(b);
        var lead = await app.CreateAgentAsync();
        var projectB = await app.CreateProjectAsync(b, lead, ProjectStatus.Hypercare, name: "Warehouse Wi-Fi");
        using var api = await app.ApiAsAsync(lead);

        var response = await api.PostAsJsonAsync("/api/v1/tickets", new
        {
            title = "Scanner offline", clientId = a.ClientId, requesterId = b.ContactId, siteId = b.SiteId,
            configurationItemId = b.ConfigurationItemId, projectNumber = projectB.Number,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        string On(string field) => errors.GetProperty(field)[0].GetString()!;
        Assert.Equal($"{contactB} is a contact of {nameB}, not {nameA}: choose a contact of {nameA}.", On("requesterId"));
        Assert.Equal($"Site '{siteB}' belongs to {nameB}, not {nameA}: choose a site of {nameA}.", On("siteId"));
        Assert.Equal($"Configuration item '{itemB}' belongs to {nameB}, not {nameA}: choose a configuration item of {nameA}.", On("configurationItemId"));
        Assert.Equal($"{projectB.Number} is not a project of this ticket's client: 'Warehouse Wi-Fi' is {nameB}'s project, and this ticket is for {nameA}.", On("projectNumber"));
        Assert.DoesNotMatch(@"\b(Site|Contact|Configuration item) \d+\b", string.Join(" ", errors.EnumerateObject().Select(e => e.Value[0].GetString())));
    }

    [Fact]
    public async Task ClientContact_GivingAnotherClientsSite_IsRefusedWithoutBeingToldWhoseItIs()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var (nameA, _, _, _) = await NamesAsync(a);
        var (nameB, _, siteB, _) = await NamesAsync(b);
        using var api = await app.ApiAsAsync(await app.CreateContactUserAsync(a));

        var response = await api.PostAsJsonAsync("/api/v1/tickets", new { title = "Laptop slow", siteId = b.SiteId });

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"That site is not one of {nameA}'s: choose a site of {nameA}.",
            JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("siteId")[0].GetString());
        Assert.DoesNotContain(nameB, text, StringComparison.Ordinal);
        Assert.DoesNotContain(siteB + "'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientContact_SeesOnlyTheirOwnClientsLists_AndNoRequesterPicker()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        using var page = await app.SignInAsync((await app.CreateContactUserAsync(a)).Email, BatonAppFactory.UserPassword);

        var html = await page.GetHtmlAsync("/Tickets/New");
        var swapped = await page.GetHtmlAsync($"/Tickets/New?handler=ClientLists&requesterId={b.ContactId}");

        Assert.True(Offers(html, "Input.SiteId", a.SiteId) && Offers(html, "Input.ConfigurationItemId", a.ConfigurationItemId));
        Assert.False(Offers(html, "Input.SiteId", b.SiteId) || Offers(html, "Input.ConfigurationItemId", b.ConfigurationItemId));
        Assert.DoesNotContain("Input.RequesterSearch", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.NewContact", html, StringComparison.Ordinal);
        Assert.True(Offers(swapped, "Input.SiteId", a.SiteId));
        Assert.False(Offers(swapped, "Input.SiteId", b.SiteId));
    }

    [Fact]
    public async Task RequesterSearch_FindsByPartOfTheNameOrClient_ShownAsNameAndClient()
    {
        var a = await app.CreateClientAsync();
        var (clientA, contactA, _, _) = await NamesAsync(a);
        using var page = await app.SignInAsAgentAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var part = contactA.Split(' ')[1][2..].ToLowerInvariant(); // part of the unique code in "Requester C12ab…"

        var json = JsonDocument.Parse(await page.GetHtmlAsync($"/Tickets/New?handler=Requesters&q={Uri.EscapeDataString(part)}")).RootElement;
        var byApi = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/contacts?q={Uri.EscapeDataString("requester " + clientA.Split(' ')[1])}")).RootElement;

        var found = Assert.Single(json.EnumerateArray());
        Assert.Equal(a.ContactId, found.GetProperty("id").GetInt32());
        Assert.Equal($"{contactA} — {clientA}", found.GetProperty("label").GetString());
        var foundByApi = Assert.Single(byApi.EnumerateArray());
        Assert.Equal(a.ContactId, foundByApi.GetProperty("id").GetInt32());
        Assert.Equal(clientA, foundByApi.GetProperty("clientName").GetString());
    }

    [Fact]
    public async Task RequesterSearch_AnswersTwentyAtMost()
    {
        var a = await app.CreateClientAsync();
        var stem = "Manyname" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 25; i++)
            {
                db.Contacts.Add(new Baton.Domain.Clients.Contact(a.ClientId, $"{stem} {i:00}", $"{stem.ToLowerInvariant()}{i}@example.test", null, null, null));
            }

            await db.SaveChangesAsync();
        });
        using var page = await app.SignInAsAgentAsync();

        var json = JsonDocument.Parse(await page.GetHtmlAsync($"/Tickets/New?handler=Requesters&q={stem}")).RootElement;

        Assert.Equal(20, json.GetArrayLength());
    }

    [Fact]
    public async Task RequesterSearch_AsAClientContact_FindsOnlyTheirOwnClientsContacts()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var (_, contactA, _, _) = await NamesAsync(a);
        var (_, contactB, _, _) = await NamesAsync(b);
        var contactUserOfB = await app.CreateContactUserAsync(b);
        using var page = await app.SignInAsync(contactUserOfB.Email, BatonAppFactory.UserPassword);
        using var api = await app.ApiAsAsync(contactUserOfB);

        var othersByPage = await page.GetHtmlAsync($"/Tickets/New?handler=Requesters&q={Uri.EscapeDataString(contactA)}");
        var othersByApi = await api.GetStringAsync($"/api/v1/contacts?q={Uri.EscapeDataString(contactA)}");
        var anyone = await api.GetStringAsync("/api/v1/contacts?q=requester");
        var own = JsonDocument.Parse(await page.GetHtmlAsync($"/Tickets/New?handler=Requesters&q={Uri.EscapeDataString(contactB)}")).RootElement;

        Assert.Equal("[]", othersByPage);
        Assert.Equal("[]", othersByApi);
        Assert.All(JsonDocument.Parse(anyone).RootElement.EnumerateArray(), m => Assert.Equal(b.ClientId, m.GetProperty("clientId").GetInt32()));
        Assert.Equal(b.ContactId, Assert.Single(own.EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task WithoutScripts_TypedNameOfOneContact_RaisesTheTicketForThem()
    {
        var a = await app.CreateClientAsync();
        var (_, contactA, _, _) = await NamesAsync(a);
        using var page = await app.SignInAsAgentAsync();

        var found = await page.PostFormAsync("/Tickets/New?handler=FindRequester", Form("", ("Input.RequesterSearch", contactA)), "/Tickets/New");
        var response = await page.PostFormAsync("/Tickets/New", Form("Monitor flickers", ("Input.RequesterSearch", contactA)));

        Assert.Contains($"name=\"Input.RequesterId\" value=\"{a.ContactId}\"", await found.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(a.ContactId, await app.WithDbAsync(db => db.Tickets.Where(t => t.ClientId == a.ClientId).Select(t => t.RequesterId).SingleAsync()));
    }

    [Fact]
    public async Task Agent_AddsACallerAsANewContact_AndTheTicketIsRaisedForThem_OnceWhenSentTwice()
    {
        var a = await app.CreateClientAsync();
        var code = await app.WithDbAsync(db => db.Clients.Where(c => c.Id == a.ClientId).Select(c => c.Name + " (" + c.Code + ")").SingleAsync());
        var email = $"new.caller.{Guid.NewGuid():N}@example.test";
        using var page = await app.SignInAsAgentAsync();
        var form = Form("Cannot print payslips",
            ("Input.NewContact", "true"), ("Input.ContactClient", code), ("Input.ContactName", "Nadia Newcomer"),
            ("Input.ContactEmail", email), ("Input.ContactPhone", "+44 20 7946 0000"));

        var first = await page.PostFormAsync("/Tickets/New", form);
        var again = await page.PostFormAsync("/Tickets/New", form);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        var contact = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == a.ClientId && c.Email == email).Select(c => new { c.Id, c.Name, c.Phone }).SingleAsync());
        Assert.Equal(("Nadia Newcomer", "+44 20 7946 0000"), (contact.Name, contact.Phone));
        var ticket = await app.WithDbAsync(db => db.Tickets.Where(t => t.ClientId == a.ClientId).Select(t => new { t.Number, t.RequesterId }).SingleAsync());
        Assert.Equal(contact.Id, ticket.RequesterId);
        Assert.Equal($"/Tickets/{ticket.Number}", first.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task NewContact_WithAnEmailTheClientAlreadyHas_IsRefusedOnTheEmailField_AndNothingIsCreated()
    {
        var a = await app.CreateClientAsync();
        var code = await app.WithDbAsync(db => db.Clients.Where(c => c.Id == a.ClientId).Select(c => c.Code).SingleAsync());
        var taken = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == a.ContactId).Select(c => c.Email).SingleAsync());
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Tickets/New", Form("Cannot print",
            ("Input.NewContact", "true"), ("Input.ContactClient", code), ("Input.ContactName", "Twin"), ("Input.ContactEmail", taken.ToUpperInvariant())));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{taken} is already a contact of this client.", FieldMessage(html, "Input.ContactEmail"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.ClientId == a.ClientId)));
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.ClientId == a.ClientId)));
    }

    [Fact]
    public async Task NewContact_WhenTheTicketIsRefused_IsKeptAsTheRequester_SoSendingAgainAddsNoSecondContact()
    {
        var a = await app.CreateClientAsync();
        var b = await app.CreateClientAsync();
        var code = await app.WithDbAsync(db => db.Clients.Where(c => c.Id == a.ClientId).Select(c => c.Code).SingleAsync());
        var email = $"late.caller.{Guid.NewGuid():N}@example.test";
        using var page = await app.SignInAsAgentAsync();

        var refused = await page.PostFormAsync("/Tickets/New", Form("Keyboard dead",
            ("Input.NewContact", "true"), ("Input.ContactClient", code), ("Input.ContactName", "Lena Late"), ("Input.ContactEmail", email),
            ("Input.SiteId", Id(b.SiteId))));
        var html = await refused.Content.ReadAsStringAsync();
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.Email == email).Select(c => c.Id).SingleAsync());
        var sent = await page.PostFormAsync("/Tickets/New", Form("Keyboard dead", ("Input.RequesterId", Id(contactId)), ("Input.SiteId", Id(a.SiteId))));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Lena Late was added as a contact; the ticket is not open yet.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.RequesterId\" value=\"{contactId}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.NewContact\" value=\"true\" id=\"new-contact\" checked", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Email == email)));
    }

    [Fact]
    public async Task ClientContact_CannotAddAContactInline()
    {
        var a = await app.CreateClientAsync();
        var code = await app.WithDbAsync(db => db.Clients.Where(c => c.Id == a.ClientId).Select(c => c.Code).SingleAsync());
        using var page = await app.SignInAsync((await app.CreateContactUserAsync(a)).Email, BatonAppFactory.UserPassword);

        var response = await page.PostFormAsync("/Tickets/New", Form("For my colleague",
            ("Input.NewContact", "true"), ("Input.ContactClient", code), ("Input.ContactName", "Colleague"), ("Input.ContactEmail", "colleague@example.test")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Only the service desk can add contacts", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.ClientId == a.ClientId)));
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.ClientId == a.ClientId)));
    }

    [Fact]
    public async Task Agent_MayAddAContactThroughTheApi_ButNotChangeOne()
    {
        var a = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        using var contactApi = await app.ApiAsAsync(await app.CreateContactUserAsync(a));

        var created = await api.PostAsJsonAsync($"/api/v1/clients/{a.ClientId}/contacts", new { name = "Api Caller", email = $"api.{Guid.NewGuid():N}@example.test" });
        var changed = await api.PutAsJsonAsync($"/api/v1/clients/{a.ClientId}/contacts/{a.ContactId}", new { name = "Renamed", email = "renamed@example.test" });
        var byContact = await contactApi.PostAsJsonAsync($"/api/v1/clients/{a.ClientId}/contacts", new { name = "Colleague", email = "colleague@example.test" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byContact.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.ClientId == a.ClientId)));
    }
}

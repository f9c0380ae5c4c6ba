using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Admin;

/// <summary>The admin pages and the API call the same use cases: the same input is refused by both, in the same words.</summary>
public sealed class AdminUseCasesTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string Unique(string stem) => stem + " " + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task<HttpClient> AdminApiAsync() => await app.ApiAsAsync(await app.CreateUserAsync(Roles.Administrator));

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    private static async Task<string> PageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // shown again with the message, not redirected
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TeamName_DifferingOnlyInCase_IsRefusedByThePageAndTheApi_WithTheSameMessage()
    {
        using var api = await AdminApiAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var name = Unique("Network");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/teams", new { name })).StatusCode);

        var byApi = await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/teams", new { name = name.ToLowerInvariant() }), "name");
        var page = await PageAsync(await admin.PostFormAsync("/Admin/Teams?handler=Save", new() { ["Input.Name"] = " " + name.ToUpperInvariant() }, "/Admin/Teams"));

        Assert.Equal($"There is already a team called {name}.", byApi);
        Assert.Contains(byApi, page, StringComparison.Ordinal);
        var key = name.ToUpperInvariant();
        Assert.Equal(1, await app.WithDbAsync(db => db.Teams.CountAsync(t => t.NameKey == key)));
    }

    [Fact]
    public async Task CategoryAndClientCode_DifferingOnlyInCase_AreRefusedByThePageAndTheApi_WithTheSameMessage()
    {
        using var api = await AdminApiAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var name = Unique("Printing");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/categories", new { name })).StatusCode);
        var categoryByApi = await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/categories", new { name = name.ToLowerInvariant() }), "name");
        var categoryPage = await PageAsync(await admin.PostFormAsync("/Admin/Categories?handler=Save", new() { ["Input.Name"] = name.ToUpperInvariant() }, "/Admin/Categories"));
        Assert.Equal($"There is already a category called {name}.", categoryByApi);
        Assert.Contains(categoryByApi, categoryPage, StringComparison.Ordinal);

        var code = "K" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/clients", new { name = "Initech", code })).StatusCode);
        var codeByApi = await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/clients", new { name = "Initech 2", code = code.ToLowerInvariant() }), "code");
        var codePage = await PageAsync(await admin.PostFormAsync("/Admin/Clients", new() { ["Input.Name"] = "Initech 3", ["Input.Code"] = code.ToLowerInvariant(), ["Input.TimeZoneId"] = "UTC" }));
        Assert.Equal($"Another client already uses the code {code}.", codeByApi);
        Assert.Contains(codeByApi, codePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadContactAndPortalInput_IsRefusedByThePageAndTheApi_WithTheSameMessages()
    {
        using var api = await AdminApiAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var details = $"/Admin/Clients/Details/{client.ClientId}";

        var siteByApi = await FieldErrorAsync(await api.PostAsJsonAsync($"/api/v1/clients/{client.ClientId}/contacts",
            new { name = "Pat", email = "pat@example.test", siteId = other.SiteId }), "siteId");
        var sitePage = await PageAsync(await admin.PostFormAsync($"{details}?handler=Contact",
            new() { ["Contact.Name"] = "Pat", ["Contact.Email"] = "pat@example.test", ["Contact.SiteId"] = other.SiteId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, details));
        Assert.Contains(siteByApi, sitePage, StringComparison.Ordinal);

        var taken = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        var emailByApi = await FieldErrorAsync(await api.PostAsJsonAsync($"/api/v1/clients/{client.ClientId}/contacts",
            new { name = "Twin", email = taken.ToUpperInvariant() }), "email");
        var emailPage = await PageAsync(await admin.PostFormAsync($"{details}?handler=Contact",
            new() { ["Contact.Name"] = "Twin", ["Contact.Email"] = taken.ToUpperInvariant() }, details));
        Assert.Equal($"{taken} is already a contact of this client.", emailByApi);
        Assert.Contains(emailByApi, emailPage, StringComparison.Ordinal);

        var portal = $"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access";
        var passwordByApi = await FieldErrorAsync(await api.PostAsJsonAsync(portal, new { password = "short" }), "password");
        var passwordPage = await PageAsync(await admin.PostFormAsync($"{details}?handler=Portal",
            new() { ["Portal.ContactId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Portal.Password"] = "short" }, details));
        Assert.Contains(passwordByApi, passwordPage, StringComparison.Ordinal);

        var granted = await api.PostAsJsonAsync(portal, new { password = "Portal-pass-2026" });
        Assert.True(granted.StatusCode == HttpStatusCode.OK, await granted.Content.ReadAsStringAsync());
        var again = await api.PostAsJsonAsync(portal, new { password = "Portal-pass-2026" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already has portal access", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameTeamNameCreatedAtOnce_OneIsCreated_TheOthersAreRefusedOnTheName_NeverA500()
    {
        var name = Unique("Race");
        var apis = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            apis.Add(await AdminApiAsync());
        }

        var answers = await Task.WhenAll(apis.Select(async (api, i) =>
        {
            var response = await api.PostAsJsonAsync("/api/v1/teams", new { name = i % 2 == 0 ? name : name.ToLowerInvariant() });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a =>
        {
            Assert.True(a.StatusCode == HttpStatusCode.BadRequest, $"{(int)a.StatusCode}: {a.Body}");
            Assert.Contains("\"name\"", a.Body, StringComparison.Ordinal);
        });
        var key = name.ToUpperInvariant();
        Assert.Equal(1, await app.WithDbAsync(db => db.Teams.CountAsync(t => t.NameKey == key)));
        apis.ForEach(a => a.Dispose());
    }
}

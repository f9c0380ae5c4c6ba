using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Informing;

/// <summary>
/// Issue 13's contact roles and account manager, through the front door: the Contact roles page and its API, a
/// contact's roles on the client page and in the contacts API, the client's account manager; and who may not.
/// </summary>
public sealed class ContactRolesTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private const string RolesPage = "/Admin/ContactRoles";

    private static string Unique(string stem) => stem + " " + Guid.NewGuid().ToString("N")[..6];

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<HttpClient> AdminApiAsync() => await app.ApiAsAsync(await app.CreateUserAsync(Roles.Administrator));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        return messages[0].GetString()!;
    }

    /// <summary>The message shown under a form field, or "" when there is none.</summary>
    private static async Task<string> InlineErrorAsync(HttpResponseMessage response, string key)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // shown again with the message, not redirected
        var html = await response.Content.ReadAsStringAsync();
        var match = Regex.Match(html, "data-valmsg-for=\"" + Regex.Escape(key) + "\"[^>]*>(.*?)</span>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : "";
    }

    private async Task<int> AddRoleAsync(HttpClient api, string name) =>
        (await JsonAsync(await api.PostAsJsonAsync("/api/v1/contact-roles", new { name }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    // ---- The list of roles ---------------------------------------------------------------------------------

    [Fact]
    public async Task AddingARoleOnThePage_DerivesItsKeyFromTheName_AndListsIt()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var name = Unique("Finance lead");

        var added = await admin.PostFormAsync(RolesPage + "?handler=Save", new() { ["Input.Name"] = name }, RolesPage);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var role = await app.WithDbAsync(db => db.ContactRoles.AsNoTracking().SingleAsync(r => r.Name == name));
        Assert.Equal(ContactRoleKeys.FromName(name), role.Key);
        Assert.StartsWith("finance-lead-", role.Key, StringComparison.Ordinal);
        Assert.True(role.IsActive);
        var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync(RolesPage));
        Assert.Contains(name, page, StringComparison.Ordinal);
        Assert.Contains(role.Key, page, StringComparison.Ordinal);
        Assert.Contains($"Contact role {name} added", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenamingAndRetiringOnThePage_KeepsTheKeyAndTheRow_AndRestoringMakesItActiveAgain()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var name = Unique("Budget holder");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(RolesPage + "?handler=Save", new() { ["Input.Name"] = name }, RolesPage)).StatusCode);
        var role = await app.WithDbAsync(db => db.ContactRoles.AsNoTracking().SingleAsync(r => r.Name == name));

        var renamed = await admin.PostFormAsync(RolesPage + "?handler=Save", new() { ["Input.Id"] = Id(role.Id), ["Input.Name"] = name + " (finance)" }, RolesPage);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var retired = await admin.PostFormAsync($"{RolesPage}?handler=Toggle&id={role.Id}", [], RolesPage);
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);

        var after = await app.WithDbAsync(db => db.ContactRoles.AsNoTracking().SingleAsync(r => r.Id == role.Id));
        Assert.Equal(name + " (finance)", after.Name);
        Assert.Equal(role.Key, after.Key);
        Assert.False(after.IsActive);
        var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync(RolesPage));
        Assert.Contains("retired; the contacts who hold it keep it", page, StringComparison.Ordinal);
        Assert.Contains("Restore " + name + " (finance)", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{RolesPage}?handler=Toggle&id={role.Id}", [], RolesPage)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ContactRoles.Where(r => r.Id == role.Id).Select(r => r.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task ADuplicateNameOrKeyOnThePage_IsRefusedInlineOnTheName_AndAddsNothing()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);

        var sameName = await admin.PostFormAsync(RolesPage + "?handler=Save", new() { ["Input.Name"] = "it manager" }, RolesPage);
        var sameKey = await admin.PostFormAsync(RolesPage + "?handler=Save", new() { ["Input.Name"] = "IT-Manager!" }, RolesPage);
        var renamedOntoAnother = await admin.PostFormAsync(RolesPage + "?handler=Save", new() { ["Input.Id"] = "2", ["Input.Name"] = "User" }, RolesPage);

        Assert.Equal("There is already a contact role called IT manager.", await InlineErrorAsync(sameName, "Input.Name"));
        Assert.Contains("The key it-manager is already the contact role IT manager's", await InlineErrorAsync(sameKey, "Input.Name"), StringComparison.Ordinal);
        Assert.Equal("There is already a contact role called User.", await InlineErrorAsync(renamedOntoAnother, "Input.Name"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ContactRoles.CountAsync(r => r.Key == ContactRoleKeys.ItManager)));
        Assert.Equal("Approver", await app.WithDbAsync(db => db.ContactRoles.Where(r => r.Id == 2).Select(r => r.Name).SingleAsync()));
    }

    [Fact]
    public async Task TheApi_AddsRenamesRetiresAndListsRoles_WithTheKeyFixedAtCreation()
    {
        using var api = await AdminApiAsync();
        var name = Unique("Security officer");

        var created = await JsonAsync(await api.PostAsJsonAsync("/api/v1/contact-roles", new { name }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var key = created.GetProperty("key").GetString();
        Assert.Equal(ContactRoleKeys.FromName(name), key);
        Assert.True(created.GetProperty("isActive").GetBoolean());
        Assert.Equal(0, created.GetProperty("contacts").GetInt32());

        var updated = await JsonAsync(await api.PutAsJsonAsync($"/api/v1/contact-roles/{id}", new { name = name + " (retired)", isActive = false }), HttpStatusCode.OK);
        Assert.Equal(key, updated.GetProperty("key").GetString());
        Assert.Equal(name + " (retired)", updated.GetProperty("name").GetString());
        Assert.False(updated.GetProperty("isActive").GetBoolean());

        var list = await JsonAsync(await api.GetAsync("/api/v1/contact-roles"), HttpStatusCode.OK);
        var listed = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.False(listed.GetProperty("isActive").GetBoolean());
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("key").GetString() == ContactRoleKeys.ItManager);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/api/v1/contact-roles/999999", new { name = "Nobody" })).StatusCode);
    }

    [Fact]
    public async Task ADuplicateNameOrKeyByTheApi_IsRefusedOnName()
    {
        using var api = await AdminApiAsync();
        var name = Unique("Change approver");
        var id = await AddRoleAsync(api, name);

        Assert.Equal($"There is already a contact role called {name}.", await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/contact-roles", new { name = name.ToUpperInvariant() }), "name"));
        Assert.Contains("is already the contact role", await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/contact-roles", new { name = name.Replace(' ', '_') }), "name"), StringComparison.Ordinal);
        Assert.Equal("There is already a contact role called Approver.", await FieldErrorAsync(await api.PutAsJsonAsync($"/api/v1/contact-roles/{id}", new { name = "approver" }), "name"));
        Assert.NotEmpty(await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/contact-roles", new { name = "  " }), "name"));
        Assert.NotEmpty(await FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/contact-roles", new { name = "—!" }), "name"));
    }

    // ---- Who may not ---------------------------------------------------------------------------------------

    [Fact]
    public async Task AClientContact_CannotReachTheContactRoleEndpointsOrPage_AndAnAgentOnlyReadsTheList()
    {
        var client = await app.CreateClientAsync();
        var contact = await app.CreateContactUserAsync(client);
        using var contactApi = await app.ApiAsAsync(contact);
        using var agentApi = await app.ApiAsNewAgentAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await contactApi.GetAsync("/api/v1/contact-roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contactApi.PostAsJsonAsync("/api/v1/contact-roles", new { name = Unique("Sneaky") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contactApi.PutAsJsonAsync("/api/v1/contact-roles/1", new { name = "Hijacked", isActive = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agentApi.GetAsync("/api/v1/contact-roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentApi.PostAsJsonAsync("/api/v1/contact-roles", new { name = Unique("Agent's own") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentApi.PutAsJsonAsync("/api/v1/contact-roles/1", new { name = "Renamed by agent" })).StatusCode);

        using var contactPage = await app.SignInAsync(contact.Email, UserPassword);
        Assert.NotEqual(HttpStatusCode.OK, (await contactPage.GetAsync(RolesPage)).StatusCode);
        using var agentPage = await app.SignInAsAgentAsync();
        Assert.NotEqual(HttpStatusCode.OK, (await agentPage.GetAsync(RolesPage)).StatusCode);
        Assert.Equal("IT manager", await app.WithDbAsync(db => db.ContactRoles.Where(r => r.Id == 1).Select(r => r.Name).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.ContactRoles.Where(r => r.Id == 1).Select(r => r.IsActive).SingleAsync()));
    }
}

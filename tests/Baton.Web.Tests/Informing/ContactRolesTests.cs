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

    private static readonly string[] ItManagerAndApprover = ["IT-manager", "approver"];
    private static readonly string[] UserOnly = ["user"];
    private static readonly string[] ApproverAndUnknown = ["approver", "chief-of-vibes"];
    private static readonly string[] UnknownOnly = ["chief-of-vibes"];

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

    private static List<string> Keys(JsonElement contact) => contact.GetProperty("roleKeys").EnumerateArray().Select(k => k.GetString()!).ToList();

    private Task<List<string>> HeldKeysAsync(int contactId) => app.WithDbAsync(db =>
        (from m in db.ContactRoleMemberships join r in db.ContactRoles on m.ContactRoleId equals r.Id where m.ContactId == contactId orderby r.Key select r.Key).ToListAsync());

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

    // ---- A contact's roles ---------------------------------------------------------------------------------

    [Fact]
    public async Task AContactGetsRolesByTheApi_NullLeavesThemAsTheyAre_AndAnEmptyListTakesThemAway()
    {
        using var api = await AdminApiAsync();
        var client = await app.CreateClientAsync();
        var contacts = $"/api/v1/clients/{client.ClientId}/contacts";

        var created = await JsonAsync(await api.PostAsJsonAsync(contacts, new { name = "Ivy Manager", email = $"ivy.{client.Code}@example.test", roleKeys = ItManagerAndApprover }), HttpStatusCode.Created);
        var contactId = created.GetProperty("id").GetInt32();
        Assert.Equal(["approver", "it-manager"], Keys(created));
        Assert.Equal(["approver", "it-manager"], await HeldKeysAsync(contactId));

        var renamed = await JsonAsync(await api.PutAsJsonAsync($"{contacts}/{contactId}", new { name = "Ivy Manager-Smith", email = $"ivy.{client.Code}@example.test" }), HttpStatusCode.OK);
        Assert.Equal(["approver", "it-manager"], Keys(renamed));

        var changed = await JsonAsync(await api.PutAsJsonAsync($"{contacts}/{contactId}", new { name = "Ivy Manager-Smith", email = $"ivy.{client.Code}@example.test", roleKeys = UserOnly }), HttpStatusCode.OK);
        Assert.Equal(["user"], Keys(changed));
        var listed = (await JsonAsync(await api.GetAsync(contacts), HttpStatusCode.OK)).EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == contactId);
        Assert.Equal(["user"], Keys(listed));

        var cleared = await JsonAsync(await api.PutAsJsonAsync($"{contacts}/{contactId}", new { name = "Ivy Manager-Smith", email = $"ivy.{client.Code}@example.test", roleKeys = Array.Empty<string>() }), HttpStatusCode.OK);
        Assert.Empty(Keys(cleared));
        Assert.Empty(await HeldKeysAsync(contactId));
    }

    [Fact]
    public async Task AnUnknownRoleKey_IsRefusedOnRoleKeys_AndSavesNeitherTheContactNorItsRoles()
    {
        using var api = await AdminApiAsync();
        var client = await app.CreateClientAsync();
        var contacts = $"/api/v1/clients/{client.ClientId}/contacts";
        var email = $"nope.{client.Code}@example.test".ToLowerInvariant();

        var message = await FieldErrorAsync(await api.PostAsJsonAsync(contacts, new { name = "No Such", email, roleKeys = ApproverAndUnknown }), "roleKeys");
        var onUpdate = await FieldErrorAsync(await api.PutAsJsonAsync($"{contacts}/{client.ContactId}", new { name = "Renamed Anyway", email = $"req.{client.Code.ToLowerInvariant()}@example.test", roleKeys = UnknownOnly }), "roleKeys");

        Assert.Contains("'chief-of-vibes' is not a contact role", message, StringComparison.Ordinal);
        Assert.Contains("it-manager", message, StringComparison.Ordinal); // says which roles there are
        Assert.Contains("'chief-of-vibes' is not a contact role", onUpdate, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Email == email)));
        Assert.NotEqual("Renamed Anyway", await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Name).SingleAsync()));
        Assert.Empty(await HeldKeysAsync(client.ContactId));
    }

    [Fact]
    public async Task ARetiredRole_IsRefusedForANewHolder_ButAContactWhoHoldsItKeepsIt()
    {
        using var api = await AdminApiAsync();
        var client = await app.CreateClientAsync();
        var contacts = $"/api/v1/clients/{client.ClientId}/contacts";
        var name = Unique("Legacy signatory");
        var roleId = await AddRoleAsync(api, name);
        var key = ContactRoleKeys.FromName(name);
        var holder = await JsonAsync(await api.PostAsJsonAsync(contacts, new { name = "Holder", email = $"holder.{client.Code}@example.test", roleKeys = new[] { key } }), HttpStatusCode.Created);
        await JsonAsync(await api.PutAsJsonAsync($"/api/v1/contact-roles/{roleId}", new { name, isActive = false }), HttpStatusCode.OK);

        var newcomer = await FieldErrorAsync(await api.PostAsJsonAsync(contacts, new { name = "Newcomer", email = $"new.{client.Code}@example.test", roleKeys = new[] { key } }), "roleKeys");
        var kept = await JsonAsync(await api.PutAsJsonAsync($"{contacts}/{holder.GetProperty("id").GetInt32()}", new { name = "Holder", email = $"holder.{client.Code}@example.test", roleKeys = new[] { key, "user" } }), HttpStatusCode.OK);

        Assert.Contains("is retired", newcomer, StringComparison.Ordinal);
        Assert.Equal([key, "user"], Keys(kept).Order(StringComparer.Ordinal).ToList());
        var listed = (await JsonAsync(await api.GetAsync("/api/v1/contact-roles"), HttpStatusCode.OK)).EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == roleId);
        Assert.Equal(1, listed.GetProperty("contacts").GetInt32());
    }

    [Fact]
    public async Task AContactGetsRolesByTheClientPageForm_AndTheContactListShowsThem()
    {
        var client = await app.CreateClientAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var details = $"/Admin/Clients/Details/{client.ClientId}";
        var email = $"rose.{client.Code}@example.test".ToLowerInvariant();
        Assert.Contains("value=\"approver\"", await admin.GetHtmlAsync(details), StringComparison.Ordinal); // the form offers the active roles

        var added = await admin.PostFormAsync($"{details}?handler=Contact", new()
        {
            ["Contact.Name"] = "Rose Approver", ["Contact.Email"] = email, ["Contact.RoleKeys[0]"] = "approver", ["Contact.RoleKeys[1]"] = "it-manager",
        }, details);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.Email == email).Select(c => c.Id).SingleAsync());
        Assert.Equal(["approver", "it-manager"], await HeldKeysAsync(contactId));
        var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync(details));
        Assert.Matches(new Regex(@"<td data-testid=""contact-roles"">Approver, IT manager</td>"), page);
        var editForm = await admin.GetHtmlAsync($"{details}?contact={contactId}");
        Assert.Matches(new Regex(@"value=""approver"" checked=""checked"""), editForm);

        var edited = await admin.PostFormAsync($"{details}?handler=Contact", new()
        {
            ["Contact.Id"] = Id(contactId), ["Contact.Name"] = "Rose Approver", ["Contact.Email"] = email, ["Contact.RoleKeys[0]"] = "user",
        }, details);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(["user"], await HeldKeysAsync(contactId));

        var untickedAll = await admin.PostFormAsync($"{details}?handler=Contact", new() { ["Contact.Id"] = Id(contactId), ["Contact.Name"] = "Rose Approver", ["Contact.Email"] = email }, details);
        Assert.Equal(HttpStatusCode.Redirect, untickedAll.StatusCode);
        Assert.Empty(await HeldKeysAsync(contactId));
    }

    [Fact]
    public async Task AnUnknownRoleKeyFromThePageForm_IsShownOnTheRolesField_AndAddsNoContact()
    {
        var client = await app.CreateClientAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var details = $"/Admin/Clients/Details/{client.ClientId}";
        var email = $"ghost.{client.Code}@example.test".ToLowerInvariant();

        var refused = await admin.PostFormAsync($"{details}?handler=Contact", new()
        {
            ["Contact.Name"] = "Ghost", ["Contact.Email"] = email, ["Contact.RoleKeys[0]"] = "no-such-role",
        }, details);

        Assert.Contains("'no-such-role' is not a contact role", await InlineErrorAsync(refused, "Contact.RoleKeys"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Email == email)));
    }

    // ---- The client's account manager ----------------------------------------------------------------------

    [Fact]
    public async Task TheAccountManager_IsSetAndClearedByTheApi_AndShownByNameOnTheClientPage()
    {
        using var api = await AdminApiAsync();
        var client = await app.CreateClientAsync();
        var manager = await app.CreateUserAsync(Roles.Manager, displayName: Unique("Morgan Account"));
        var url = $"/api/v1/clients/{client.ClientId}";
        var name = "Client " + client.Code;

        var set = await JsonAsync(await api.PutAsJsonAsync(url, new { name, code = client.Code, accountManagerId = manager.Id }), HttpStatusCode.OK);
        Assert.Equal(manager.Id, set.GetProperty("accountManagerId").GetString());
        var unchanged = await JsonAsync(await api.PutAsJsonAsync(url, new { name, code = client.Code }), HttpStatusCode.OK);
        Assert.Equal(manager.Id, unchanged.GetProperty("accountManagerId").GetString());
        using (var admin = await app.SignInAsync(AdminEmail, AdminPassword))
        {
            var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync($"/Admin/Clients/Details/{client.ClientId}"));
            Assert.Contains($"Account manager: {manager.DisplayName}", page, StringComparison.Ordinal);
        }

        var cleared = await JsonAsync(await api.PutAsJsonAsync(url, new { name, code = client.Code, accountManagerId = "" }), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("accountManagerId").ValueKind);
        Assert.Null(await app.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.AccountManagerId).SingleAsync()));

        var agent = await app.CreateAgentAsync();
        var code = "AM" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var created = await JsonAsync(await api.PostAsJsonAsync("/api/v1/clients", new { name = "Managed " + code, code, accountManagerId = agent.Id }), HttpStatusCode.Created);
        Assert.Equal(agent.Id, created.GetProperty("accountManagerId").GetString());
    }

    [Fact]
    public async Task AnAccountManagerWhoIsNotActiveStaff_IsRefusedOnAccountManagerId()
    {
        using var api = await AdminApiAsync();
        var client = await app.CreateClientAsync();
        var contact = await app.CreateContactUserAsync(client);
        var leaver = await app.CreateAgentAsync();
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == leaver.Id);
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue; // deactivated, as the Agents page does
            await db.SaveChangesAsync();
        });
        var url = $"/api/v1/clients/{client.ClientId}";
        var name = "Client " + client.Code;

        foreach (var notStaff in new[] { contact.Id, leaver.Id, "no-such-user" })
        {
            var message = await FieldErrorAsync(await api.PutAsJsonAsync(url, new { name, code = client.Code, accountManagerId = notStaff }), "accountManagerId");
            Assert.Contains("active administrator, manager or agent", message, StringComparison.Ordinal);
        }

        Assert.Null(await app.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.AccountManagerId).SingleAsync()));
    }

    [Fact]
    public async Task TheClientPageForm_OffersActiveStaff_SetsAndClearsTheAccountManager()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync(Unique("Avery Agent"));
        var contact = await app.CreateContactUserAsync(client);
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var details = $"/Admin/Clients/Details/{client.ClientId}";
        var form = await admin.GetHtmlAsync(details);
        Assert.Contains($"value=\"{agent.Id}\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{contact.Id}\"", form, StringComparison.Ordinal);
        Dictionary<string, string> Fields(string managerId) => new()
        {
            ["Input.Name"] = "Client " + client.Code, ["Input.Code"] = client.Code, ["Input.IsActive"] = "true", ["Input.TimeZoneId"] = "UTC", ["Input.AccountManagerId"] = managerId,
        };

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{details}?handler=Client", Fields(agent.Id), details)).StatusCode);
        Assert.Equal(agent.Id, await app.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.AccountManagerId).SingleAsync()));
        Assert.Contains($"Account manager: {agent.DisplayName}", WebUtility.HtmlDecode(await admin.GetHtmlAsync(details)), StringComparison.Ordinal);

        var refused = await admin.PostFormAsync($"{details}?handler=Client", Fields(contact.Id), details);
        Assert.Contains("active administrator, manager or agent", await InlineErrorAsync(refused, "Input.AccountManagerId"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{details}?handler=Client", Fields(""), details)).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.AccountManagerId).SingleAsync()));
        Assert.Contains("Account manager: none", WebUtility.HtmlDecode(await admin.GetHtmlAsync(details)), StringComparison.Ordinal);
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

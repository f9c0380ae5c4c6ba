using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Security;

/// <summary>
/// Deactivating a client, or revoking one contact's portal access, cuts off every way in at once: API tokens, open
/// sessions (the cookie's security-stamp check, here run on every request instead of every minute) and sign-in.
/// Reactivating or restoring gives the same account back.
/// </summary>
public sealed class ClosedAccountsTests(ClosedAccountsTests.Desk desk) : IClassFixture<ClosedAccountsTests.Desk>
{
    public sealed class Desk : IAsyncLifetime
    {
        // The app checks each cookie's stamp once a minute; zero makes the check run on every request, so a test
        // sees at once what a user sees within the minute.
        public Desk() => App.TestServices.Add(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));

        public BatonAppFactory App { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private readonly BatonAppFactory app = desk.App;

    /// <summary>A contact with a portal account, signed in, and holding a read-write API token.</summary>
    private sealed record Portal(BatonAppFactory.TestUser User, PageClient Session, HttpClient Api) : IDisposable
    {
        public void Dispose()
        {
            Session.Dispose();
            Api.Dispose();
        }
    }

    private async Task<Portal> PortalUserAsync(BatonAppFactory.ClientSetup client)
    {
        var user = await app.CreateContactUserAsync(client);
        var portal = new Portal(user, await app.SignInAsync(user.Email, BatonAppFactory.UserPassword), await app.ApiAsAsync(user));
        Assert.Equal(HttpStatusCode.OK, (await portal.Session.GetAsync("/Tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);
        return portal;
    }

    /// <summary>A second contact of the same client, with its own portal account.</summary>
    private async Task<BatonAppFactory.ClientSetup> AnotherContactAsync(BatonAppFactory.ClientSetup client) => await app.WithDbAsync(async db =>
    {
        var contact = new Contact(client.ClientId, "Second " + client.Code, $"second.{client.Code.ToLowerInvariant()}@example.test", null, null, null);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return client with { ContactId = contact.Id };
    });

    private async Task AssertCutOffAsync(Portal portal, BatonAppFactory.ClientSetup client)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);
        var raise = await portal.Api.PostAsJsonAsync("/api/v1/tickets", new { title = "Still here?", clientId = client.ClientId, requesterId = client.ContactId });
        Assert.Equal(HttpStatusCode.Unauthorized, raise.StatusCode);

        var page = await portal.Session.GetAsync("/Tickets");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        var newTicket = await portal.Session.GetAsync("/Tickets/New");
        Assert.Equal(HttpStatusCode.Redirect, newTicket.StatusCode);

        await AssertSignInRefusedAsync(portal.User.Email);
        Assert.Equal(0, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Still here?")));
    }

    private async Task AssertSignInRefusedAsync(string email)
    {
        using var fresh = new PageClient(app.CreateClient(new() { AllowAutoRedirect = false }));
        var signIn = await fresh.PostFormAsync("/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = BatonAppFactory.UserPassword });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(Baton.Web.Features.Account.LoginModel.Refused), await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<PageClient> AdminAsync() => await app.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);

    [Fact]
    public async Task DeactivatingAClient_CutsOffItsContactsTokensSessionsAndSignIn_AndTheAdminPageSaysSo()
    {
        var client = await app.CreateClientAsync();
        using var portal = await PortalUserAsync(client);
        using var admin = await AdminAsync();

        var toggled = await admin.PostFormAsync($"/Admin/Clients?handler=Toggle&id={client.ClientId}", [], "/Admin/Clients");

        Assert.Equal(HttpStatusCode.Redirect, toggled.StatusCode);
        var said = await admin.GetHtmlAsync("/Admin/Clients");
        Assert.Contains("portal and API access of 1 contact cut off", said, StringComparison.Ordinal);
        await AssertCutOffAsync(portal, client);
        Assert.Contains("its contacts cannot sign in", await admin.GetHtmlAsync($"/Admin/Clients/Details/{client.ClientId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReactivatingAClient_GivesTheSameTokenAndPasswordBack()
    {
        var client = await app.CreateClientAsync();
        using var portal = await PortalUserAsync(client);
        using var admin = await AdminAsync();
        await admin.PostFormAsync($"/Admin/Clients?handler=Toggle&id={client.ClientId}", [], "/Admin/Clients");
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);

        await admin.PostFormAsync($"/Admin/Clients?handler=Toggle&id={client.ClientId}", [], "/Admin/Clients");

        Assert.Contains("portal and API access restored for 1 contact", await admin.GetHtmlAsync("/Admin/Clients"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);
        using var again = await app.SignInAsync(portal.User.Email, BatonAppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Tickets")).StatusCode);
    }

    [Fact]
    public async Task DeactivatingAClient_ThroughTheApiOrTheClientForm_CutsOffItsContactsToo()
    {
        var byApi = await app.CreateClientAsync();
        using var apiPortal = await PortalUserAsync(byApi);
        var byForm = await app.CreateClientAsync();
        using var formPortal = await PortalUserAsync(byForm);
        using var adminApi = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));
        using var admin = await AdminAsync();

        var put = await adminApi.PutAsJsonAsync($"/api/v1/clients/{byApi.ClientId}", new { name = "Client " + byApi.Code, code = byApi.Code, isActive = false });
        var form = await admin.PostFormAsync($"/Admin/Clients/Details/{byForm.ClientId}?handler=Client", new()
        {
            ["Input.Name"] = "Client " + byForm.Code, ["Input.Code"] = byForm.Code, ["Input.TimeZoneId"] = "UTC", ["Input.IsActive"] = "false",
        });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.Contains("cut off", await admin.GetHtmlAsync($"/Admin/Clients/Details/{byForm.ClientId}"), StringComparison.Ordinal);
        await AssertCutOffAsync(apiPortal, byApi);
        await AssertCutOffAsync(formPortal, byForm);
    }

    [Fact]
    public async Task AClientClosedWithoutTheAdminPages_IsStillRefusedBySessionCheckSignInAndNewTokenLookups()
    {
        // As another instance, an import or an operator's SQL would leave it: the flag changed, no stamp bumped,
        // no cache cleared. The checks themselves ask whether the client is active.
        var client = await app.CreateClientAsync();
        using var portal = await PortalUserAsync(client);
        await app.WithDbAsync(async db =>
        {
            var row = await db.Clients.SingleAsync(c => c.Id == client.ClientId);
            row.Update(row.Name, row.Code, isActive: false);
            await db.SaveChangesAsync();
        });
        using var freshToken = await app.ApiAsAsync(portal.User);

        var page = await portal.Session.GetAsync("/Tickets");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await freshToken.GetAsync("/api/v1/tickets")).StatusCode);
        await AssertSignInRefusedAsync(portal.User.Email);
    }

    [Fact]
    public async Task RevokingOneContact_CutsOffThatContactOnly_IsAudited_AndRestoringGivesItBack()
    {
        var client = await app.CreateClientAsync();
        using var leaver = await PortalUserAsync(client);
        var colleague = await AnotherContactAsync(client);
        using var stays = await PortalUserAsync(colleague);
        var manager = await app.CreateUserAsync(Roles.Manager, displayName: "Mona Manager");
        using var api = await app.ApiAsAsync(manager);
        var url = $"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access";

        var revoked = await api.PostAsJsonAsync(url + "/revoke", new { reason = "Left the company on 30 November" });

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await AssertCutOffAsync(leaver, client);
        Assert.Equal(HttpStatusCode.OK, (await stays.Api.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stays.Session.GetAsync("/Tickets")).StatusCode);

        var restored = await api.PostAsJsonAsync(url + "/restore", new { reason = "Rehired" });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leaver.Api.GetAsync("/api/v1/tickets")).StatusCode);
        using var back = await app.SignInAsync(leaver.User.Email, BatonAppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/Tickets")).StatusCode);

        var access = JsonDocument.Parse(await api.GetStringAsync(url)).RootElement;
        Assert.False(access.GetProperty("revoked").GetBoolean());
        Assert.True(access.GetProperty("canSignIn").GetBoolean());
        var history = access.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["Restored", "Revoked"], history.Select(h => h.GetProperty("change").GetString()));
        Assert.Equal("Left the company on 30 November", history[1].GetProperty("reason").GetString());
        Assert.All(history, h => Assert.Equal(manager.Id, h.GetProperty("byUserId").GetString()));
        Assert.All(history, h => Assert.Equal("Mona Manager", h.GetProperty("byName").GetString()));
    }

    [Fact]
    public async Task RevokingWithoutAReason_Answers400NamingTheReason_AndCutsOffNothing()
    {
        var client = await app.CreateClientAsync();
        using var portal = await PortalUserAsync(client);
        using var api = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));

        var response = await api.PostAsJsonAsync($"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access/revoke", new { reason = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.PortalAccessChanges.CountAsync(p => p.ContactId == client.ContactId)));
    }

    [Fact]
    public async Task PortalAccess_IsForCatalogueAdmins_AndAnotherClientsContactIs404()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        using var portal = await PortalUserAsync(client);
        using var agent = await app.ApiAsNewAgentAsync();
        using var manager = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));
        var url = $"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access";

        Assert.Equal(HttpStatusCode.Forbidden, (await portal.Api.PostAsJsonAsync(url + "/revoke", new { reason = "me" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync(url + "/revoke", new { reason = "me" })).StatusCode);
        var wrongClient = await manager.PostAsJsonAsync($"/api/v1/clients/{other.ClientId}/contacts/{client.ContactId}/portal-access/revoke", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, wrongClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task TheClientPage_RevokesWithAReason_ShowsWhoWhenWhy_AndRestores()
    {
        var client = await app.CreateClientAsync();
        using var portal = await PortalUserAsync(client);
        using var admin = await AdminAsync();
        var page = $"/Admin/Clients/Details/{client.ClientId}";

        Assert.Contains("Revoke access", await admin.GetHtmlAsync(page), StringComparison.Ordinal);
        var noReason = await admin.PostFormAsync(page + "?handler=RevokeAccess", new() { ["Access.ContactId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("say why the access is revoked", await noReason.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);

        var revoke = await admin.PostFormAsync(page + "?handler=RevokeAccess", new()
        {
            ["Access.ContactId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Access.Reason"] = "Contract ended",
        });
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var html = await admin.GetHtmlAsync(page);
        Assert.Contains("Access revoked", html, StringComparison.Ordinal);
        Assert.Contains("Revoked by Administrator", html, StringComparison.Ordinal);
        Assert.Contains("Contract ended", html, StringComparison.Ordinal);
        await AssertCutOffAsync(portal, client);

        var restore = await admin.PostFormAsync(page + "?handler=RestoreAccess", new() { ["Access.ContactId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Contains("Restored by Administrator", await admin.GetHtmlAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/v1/tickets")).StatusCode);
    }
}

using System.Globalization;
using System.Net;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Admin;

public sealed class AdminPagesTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string Code() => "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task Administrator_CreatesAClientAndAContact_GivesPortalAccess_AndTheContactCanSignIn()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var code = Code();

        var created = await admin.PostFormAsync("/Admin/Clients", new() { ["Input.Name"] = "Globex " + code, ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var clientId = await app.WithDbAsync(db => db.Clients.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());
        var details = $"/Admin/Clients/Details/{clientId}";

        var contact = await admin.PostFormAsync($"{details}?handler=Contact", new() { ["Contact.Name"] = "Hank Scorpio", ["Contact.Email"] = $"hank@{code}.test" }, details);
        Assert.Equal(HttpStatusCode.Redirect, contact.StatusCode);
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());

        var portal = await admin.PostFormAsync($"{details}?handler=Portal", new()
        {
            ["Portal.ContactId"] = contactId.ToString(CultureInfo.InvariantCulture), ["Portal.Password"] = "Portal-pass-2026",
        }, details);
        Assert.Equal(HttpStatusCode.Redirect, portal.StatusCode);

        using var contactPage = await app.SignInAsync($"hank@{code}.test".ToLowerInvariant(), "Portal-pass-2026");
        Assert.Contains("Our tickets", await contactPage.GetHtmlAsync("/Tickets"), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await contactPage.GetAsync("/Admin")).StatusCode);
    }

    [Fact]
    public async Task DuplicateClientCode_IsAnsweredInline_AndCreatesNothing()
    {
        var existing = await app.CreateClientAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);

        var response = await admin.PostFormAsync("/Admin/Clients", new() { ["Input.Name"] = "Copycat", ["Input.Code"] = existing.Code });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(existing.Code, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Code == existing.Code)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Name == "Copycat")));
    }

    [Fact]
    public async Task AContactSiteFromAnotherClient_IsRefusedOnTheField()
    {
        var mine = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var details = $"/Admin/Clients/Details/{mine.ClientId}";

        var response = await admin.PostFormAsync($"{details}?handler=Contact", new()
        {
            ["Contact.Name"] = "Wrong Site", ["Contact.Email"] = "wrong.site@example.test", ["Contact.SiteId"] = other.SiteId.ToString(CultureInfo.InvariantCulture),
        }, details);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Email == "wrong.site@example.test")));
    }

    [Fact]
    public async Task Roles_DecideWhoReachesWhichAdminPage()
    {
        var manager = await app.CreateUserAsync(Roles.Manager);
        using var managerPage = await app.SignInAsync(manager.Email, UserPassword);
        using var agentPage = await app.SignInAsAgentAsync();

        Assert.Equal(HttpStatusCode.OK, (await managerPage.GetAsync("/Admin/Clients")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await managerPage.GetAsync("/Admin/Teams")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await managerPage.GetAsync("/Admin/Agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await managerPage.GetAsync("/Admin/PriorityMatrix")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await agentPage.GetAsync("/Admin")).StatusCode);
        Assert.Contains("/Account/AccessDenied", (await agentPage.GetAsync("/Admin/Clients")).Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedPriorityMatrix_DecidesThePriorityOfNewTickets()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var cells = PriorityMatrix.Default.With(Impact.Low, Urgency.Low, Priority.P1).Cells().ToList();
        var fields = cells.Select((c, i) => (Key: $"Input.Cells[{i}]", Value: c.Priority.ToString())).ToDictionary(x => x.Key, x => x.Value);
        try
        {
            var saved = await admin.PostFormAsync("/Admin/PriorityMatrix", fields);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

            var client = await app.CreateClientAsync();
            using var api = await app.ApiAsNewAgentAsync();
            var ticket = await OpenIncidentAsync(api, client, "Low and slow", new { impact = "Low", urgency = "Low" });

            Assert.Equal("P1", ticket.Priority);
        }
        finally
        {
            await admin.PostFormAsync("/Admin/PriorityMatrix?handler=Default", []);
        }

        Assert.Equal(Priority.P4, await app.WithDbAsync(db => db.PriorityCells.Where(c => c.Impact == Impact.Low && c.Urgency == Urgency.Low).Select(c => c.Priority).SingleAsync()));
    }

    [Fact]
    public async Task Administrator_CreatesAnAgentInATeam_WhoCanThenSignIn()
    {
        var teamId = await app.CreateTeamAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var email = $"new.agent.{Guid.NewGuid().ToString("N")[..8]}@baton.test";

        var response = await admin.PostFormAsync("/Admin/Agents?handler=Create", new()
        {
            ["Input.DisplayName"] = "New Agent", ["Input.Email"] = email, ["Input.Password"] = "Agent-pass-2026", ["Input.Role"] = Roles.Agent,
            ["Input.TeamIds"] = teamId.ToString(CultureInfo.InvariantCulture),
        }, "/Admin/Agents");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var agent = await app.SignInAsync(email, "Agent-pass-2026");
        Assert.Contains("Queue", await agent.GetHtmlAsync("/Tickets"), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.TeamMembers.AnyAsync(m => m.TeamId == teamId)));
    }

    [Fact]
    public async Task DuplicateTeamOrCategoryName_IgnoringCase_IsAnsweredInline_AndSavesNothing()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var name = "Desk " + Code();

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/Teams?handler=Save", new() { ["Input.Name"] = name }, "/Admin/Teams")).StatusCode);
        var team = await admin.PostFormAsync("/Admin/Teams?handler=Save", new() { ["Input.Name"] = name.ToUpperInvariant() }, "/Admin/Teams");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/Categories?handler=Save", new() { ["Input.Name"] = name }, "/Admin/Categories")).StatusCode);
        var category = await admin.PostFormAsync("/Admin/Categories?handler=Save", new() { ["Input.Name"] = name.ToLowerInvariant() }, "/Admin/Categories");

        Assert.Equal(HttpStatusCode.OK, team.StatusCode);
        Assert.Contains($"There is already a team called {name}.", WebUtility.HtmlDecode(await team.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, category.StatusCode);
        Assert.Contains($"There is already a category called {name}.", WebUtility.HtmlDecode(await category.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var lower = name.ToLowerInvariant();
        Assert.Equal(1, await app.WithDbAsync(db => db.Teams.CountAsync(t => t.Name.ToLower() == lower)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Categories.CountAsync(c => c.Name.ToLower() == lower)));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Informing;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Informing;

/// <summary>The RASCI matrix over HTTP: revisions, client overrides, checks, and who's involved on a ticket.</summary>
public sealed class RasciTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private const string P4 = "incident-p4";
    private const string P1 = "incident-p1";
    private static readonly string ItManager = PartyRoles.ForContactRole(ContactRoleKeys.ItManager);

    private async Task<HttpClient> AdminApiAsync() =>
        await app.ApiAsAsync(new BatonAppFactory.TestUser(await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == BatonAppFactory.AdminEmail).Id)), BatonAppFactory.AdminEmail, "Admin", "Administrator", null));

    private static async Task<JsonElement> MatrixAsync(HttpClient api, int? clientId = null)
    {
        var response = await api.GetAsync(clientId is null ? "/api/v1/rasci" : $"/api/v1/rasci?clientId={clientId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement? CellOf(JsonElement matrix, string activity, string role) =>
        matrix.GetProperty("cells").EnumerateArray().Cast<JsonElement?>()
            .FirstOrDefault(c => c!.Value.GetProperty("activity").GetString() == activity && c.Value.GetProperty("role").GetString() == role);

    private static object[] DefaultCellsWith(JsonElement matrix, params (string Activity, string Role, string? Letter)[] changes)
    {
        var cells = matrix.GetProperty("cells").EnumerateArray()
            .Select(c => (Activity: c.GetProperty("activity").GetString()!, Role: c.GetProperty("role").GetString()!, Letter: (string?)c.GetProperty("letter").GetString()))
            .Where(c => !changes.Any(x => x.Activity == c.Activity && x.Role == c.Role))
            .Concat(changes.Where(x => x.Letter is not null));
        return [.. cells.Select(c => new { activity = c.Activity, role = c.Role, letter = c.Letter })];
    }

    private Task GiveRoleAsync(int contactId, string roleKey) => app.WithDbAsync(async db =>
    {
        var role = db.ContactRoles.Single(r => r.Key == roleKey);
        db.ContactRoleMemberships.Add(new ContactRoleMembership(contactId, role.Id));
        await db.SaveChangesAsync();
    });

    private Task<int> AddContactAsync(BatonAppFactory.ClientSetup client, string name) => app.WithDbAsync(async db =>
    {
        var contact = new Baton.Domain.Clients.Contact(client.ClientId, name, $"{name.Replace(" ", ".", StringComparison.Ordinal).ToLowerInvariant()}.{client.Code.ToLowerInvariant()}@example.test", null, null, null);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    });

    [Fact]
    public async Task SavingTheDefaultMatrix_MakesANumberedRevisionInWords_AndASaveFromAnOlderRevisionIs409()
    {
        var api = await AdminApiAsync();
        var before = await MatrixAsync(api);
        var revision = before.GetProperty("revision").GetInt32();

        var saved = await api.PutAsJsonAsync("/api/v1/rasci", new { revision, cells = DefaultCellsWith(before, (P4, PartyRoles.AccountManager, "I")), note = "Account managers hear of every incident" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(revision + 1, after.GetProperty("revision").GetInt32());
        Assert.Equal("Informed", CellOf(after, P4, PartyRoles.AccountManager)!.Value.GetProperty("letter").GetString());

        var stale = await api.PutAsJsonAsync("/api/v1/rasci", new { revision, cells = DefaultCellsWith(before, (P4, PartyRoles.ServiceManager, "I")) });
        Assert.True(stale.StatusCode == HttpStatusCode.Conflict, await stale.Content.ReadAsStringAsync());
        Assert.Contains("while you edited", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var history = await app.WithDbAsync(db => Task.FromResult(db.RasciRevisions.Where(r => r.Scope == "default").OrderByDescending(r => r.Number).First()));
        Assert.Equal(["Incident P4 (low) × Account manager: — → I"], history.Changes);
        Assert.Equal("Account managers hear of every incident", history.Note);
    }

    [Fact]
    public async Task AMatrixWithoutExactlyOneAccountable_IsRefused_NamingTheActivity_AndNothingIsSaved()
    {
        var api = await AdminApiAsync();
        var client = await app.CreateClientAsync();
        var response = await api.PutAsJsonAsync($"/api/v1/rasci?clientId={client.ClientId}",
            new { revision = 0, cells = new[] { new { activity = P1, role = PartyRoles.ServiceManager, letter = "A" } } });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.GetRawText());
        Assert.True(problem.TryGetProperty("errors", out _), problem.GetRawText());
        var errors = problem.GetProperty("errors").GetProperty($"cells[{P1}]");
        Assert.Contains("2 Accountable roles for this client (Team lead, Service manager)", errors[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(db.RasciRevisions.Count(r => r.ClientId == client.ClientId))));
    }

    [Fact]
    public async Task ALetterThatIsNotRASCI_IsRefusedOnItsCell()
    {
        var api = await AdminApiAsync();
        var response = await api.PutAsJsonAsync("/api/v1/rasci", new { revision = 0, cells = new[] { new { activity = P1, role = PartyRoles.Team, letter = "X" } } });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.GetRawText());
        Assert.True(problem.TryGetProperty("errors", out _), problem.GetRawText());
        Assert.Contains("'X' is not R, A, S, C or I", problem.GetProperty("errors").GetProperty("cells[0].letter")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientsOverride_ChangesWhoIsInvolvedForThatClientOnly()
    {
        var api = await AdminApiAsync();
        var northwind = await app.CreateClientAsync();
        var contoso = await app.CreateClientAsync();
        var omar = await AddContactAsync(northwind, "Omar Vance");
        var eve = await AddContactAsync(contoso, "Eve Else");
        await GiveRoleAsync(omar, ContactRoleKeys.ItManager);
        await GiveRoleAsync(eve, ContactRoleKeys.ItManager);
        var agentApi = await app.ApiAsNewAgentAsync();
        var p4North = await BatonAppFactory.OpenIncidentAsync(agentApi, northwind, extra: new { impact = "Low", urgency = "Low" });
        var p4Contoso = await BatonAppFactory.OpenIncidentAsync(agentApi, contoso, extra: new { impact = "Low", urgency = "Low" });
        Assert.Equal("P4", p4North.Priority);

        Assert.DoesNotContain("Omar Vance", await (await agentApi.GetAsync($"/api/v1/tickets/{p4North.Number}/involved")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await api.PutAsJsonAsync($"/api/v1/rasci?clientId={northwind.ClientId}",
            new { revision = 0, cells = new[] { new { activity = P4, role = ItManager, letter = "I" } }, note = "Contract: IT manager hears of everything" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True(CellOf(await MatrixAsync(api, northwind.ClientId), P4, ItManager)!.Value.GetProperty("overridden").GetBoolean());
        Assert.Null(CellOf(await MatrixAsync(api), P4, ItManager));

        var involved = await agentApi.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{p4North.Number}/involved");
        var line = involved.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Omar Vance");
        Assert.Equal("Informed", line.GetProperty("letter").GetString());
        Assert.EndsWith("'s matrix)", line.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Eve Else", involved.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Eve Else", await (await agentApi.GetAsync($"/api/v1/tickets/{p4Contoso.Number}/involved")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoIsInvolved_NamesTheAssigneeTeamLeadAndAccountManager_WithTheCellThatBroughtThemIn()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Lee Lead");
        var agent = await app.CreateAgentAsync("Dana Assignee");
        var accountManager = await app.CreateUserAsync(Baton.Web.Data.Roles.Manager, null, "Ann Account");
        var teamId = await app.CreateTeamAsync();
        await app.AddTeamMembersAsync(teamId, leadFirst: true, lead, agent);
        await app.WithDbAsync(async db =>
        {
            db.Clients.Single(c => c.Id == client.ClientId).SetAccountManager(accountManager.Id);
            await db.SaveChangesAsync();
        });
        var api = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, extra: new { impact = "High", urgency = "High" });
        var assigned = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId, assigneeId = agent.Id });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);

        var involved = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticket.Number}/involved");
        var people = involved.GetProperty("people").EnumerateArray().ToList();
        Assert.Equal(P1, involved.GetProperty("activity").GetString());
        Assert.Contains(people, p => p.GetProperty("name").GetString() == "Dana Assignee" && p.GetProperty("letter").GetString() == "Responsible");
        Assert.Contains(people, p => p.GetProperty("name").GetString() == "Lee Lead" && p.GetProperty("letter").GetString() == "Accountable"
            && p.GetProperty("why").GetString() == "Incident P1 (critical) × Team lead: A (default matrix)");
        Assert.Contains(people, p => p.GetProperty("name").GetString() == "Ann Account" && p.GetProperty("role").GetString() == PartyRoles.AccountManager);

        var page = WebUtility.HtmlDecode(await (await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword)).GetHtmlAsync($"/Tickets/{ticket.Number}"));
        Assert.Contains("Who's involved", page, StringComparison.Ordinal);
        Assert.Contains("Incident P1 (critical) × Account manager: I (default matrix)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientContact_CannotReadTheMatrixOrWhoIsInvolved_AndAnAgentCannotSaveIt()
    {
        var client = await app.CreateClientAsync();
        var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        var agentApi = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client);

        Assert.Equal(HttpStatusCode.Forbidden, (await contact.GetAsync("/api/v1/rasci")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contact.GetAsync($"/api/v1/tickets/{ticket.Number}/involved")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentApi.PutAsJsonAsync("/api/v1/rasci", new { revision = 0, cells = Array.Empty<object>() })).StatusCode);
        var page = await (await app.SignInAsync((await app.CreateContactUserAsync(client)).Email, BatonAppFactory.UserPassword)).GetHtmlAsync($"/Tickets/{ticket.Number}");
        Assert.DoesNotContain("data-testid=\"involved\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_PreviewsTheEditOnAnExampleTicket_WithoutSaving_ThenSavesIt()
    {
        var client = await app.CreateClientAsync();
        var omar = await AddContactAsync(client, "Omar Preview");
        await GiveRoleAsync(omar, ContactRoleKeys.ItManager);
        var ticket = await BatonAppFactory.OpenIncidentAsync(await app.ApiAsNewAgentAsync(), client, extra: new { impact = "Low", urgency = "Low" });
        var admin = await app.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);
        var url = $"/Admin/Rasci?client={client.ClientId}";
        var form = new Dictionary<string, string>
        {
            ["Input.Revision"] = "0", [$"Input.Cells[{P4}/{ItManager}]"] = "I", ["Input.Example"] = ticket.Number, ["Input.Note"] = "Omar wants to know",
        };

        var preview = await admin.PostFormAsync($"/Admin/Rasci?client={client.ClientId}&handler=Preview", form, url);
        var html = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var edited = html[html.IndexOf("As edited", StringComparison.Ordinal)..];
        var now = html[html.IndexOf("<h3>Now</h3>", StringComparison.Ordinal)..html.IndexOf("As edited", StringComparison.Ordinal)];
        Assert.Contains("Omar Preview", edited, StringComparison.Ordinal);
        Assert.DoesNotContain("Omar Preview", now, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(db.RasciRevisions.Count(r => r.ClientId == client.ClientId))));

        var bad = await admin.PostFormAsync(url, new Dictionary<string, string>(form) { [$"Input.Cells[{P4}/{PartyRoles.TeamLead}]"] = "I" }, url);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Incident P4 (low) needs one Accountable role for this client", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var saved = await admin.PostFormAsync(url, form, url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync(url));
        Assert.Contains("Revision 1", page, StringComparison.Ordinal);
        Assert.Contains("Incident P4 (low) × IT manager: as default → I", page, StringComparison.Ordinal);
    }
}

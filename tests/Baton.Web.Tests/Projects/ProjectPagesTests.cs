using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>The project pages through their forms: list, plan, details, edit, lifecycle, escalation contacts, project types, client zone.</summary>
public sealed class ProjectPagesTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task TheList_FiltersByClientStatusAndType_AndEveryoneHasTheNavLink()
    {
        var client = await app.CreateClientAsync("Filter Client " + Guid.NewGuid().ToString("N")[..4]);
        var lead = await app.CreateAgentAsync("Filter Lead");
        var active = await app.CreateProjectAsync(client, lead, ProjectStatus.Active, Unique("Active one"));
        var closed = await app.CreateProjectAsync(client, lead, ProjectStatus.Closed, Unique("Closed one"));
        using var page = await app.SignInAsync(lead.Email, UserPassword);
        var typeId = await FirstTypeIdAsync(app);

        var open = await page.GetHtmlAsync($"/Projects?Filter.ClientId={client.ClientId}");
        Assert.Contains(active.Number, open, StringComparison.Ordinal);
        Assert.DoesNotContain(closed.Number, open, StringComparison.Ordinal);
        Assert.Contains("href=\"/Projects\"", open, StringComparison.Ordinal);
        Assert.Contains("<caption", open, StringComparison.Ordinal);
        var onlyClosed = await page.GetHtmlAsync($"/Projects?Filter.ClientId={client.ClientId}&Filter.Status=Closed&Filter.ProjectTypeId={typeId}");
        Assert.Contains(closed.Number, onlyClosed, StringComparison.Ordinal);
        Assert.DoesNotContain(active.Number, onlyClosed, StringComparison.Ordinal);
        var otherType = await app.WithDbAsync(async db =>
        {
            var type = new ProjectType(Unique("Other kind"));
            db.ProjectTypes.Add(type);
            await db.SaveChangesAsync();
            return type.Id;
        });
        Assert.DoesNotContain(active.Number, await page.GetHtmlAsync($"/Projects?Filter.ClientId={client.ClientId}&Filter.Status=all&Filter.ProjectTypeId={otherType}"), StringComparison.Ordinal);

        var contact = await app.CreateContactUserAsync(client);
        using var portal = await app.SignInAsync(contact.Email, UserPassword);
        var ours = await portal.GetHtmlAsync("/Projects?Filter.Status=all");
        Assert.Contains("Our projects", ours, StringComparison.Ordinal);
        Assert.Contains(active.Number, ours, StringComparison.Ordinal);
        Assert.DoesNotContain("Plan a project", ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanningAProject_FirstChoosesTheClient_ThenOffersOnlyItsSitesAndItems()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Plan Lead");
        using var page = await app.SignInAsync(lead.Email, UserPassword);

        Assert.Contains("Choose the client", await page.GetHtmlAsync("/Projects/New"), StringComparison.Ordinal);
        var form = await page.GetHtmlAsync($"/Projects/New?clientId={client.ClientId}");
        Assert.Contains($"value=\"{client.SiteId}\"", form, StringComparison.Ordinal);
        Assert.Contains(client.Code + "-SRV01", form, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Code + "-SRV01", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/Projects/New?clientId=999999")).StatusCode);

        var fields = new Dictionary<string, string>
        {
            ["Input.ClientId"] = Id(client.ClientId), ["Input.Name"] = "Office move", ["Input.ProjectTypeId"] = Id(await FirstTypeIdAsync(app)),
            ["Input.LeadTechId"] = lead.Id, ["Input.StartsOn"] = "2027-02-01", ["Input.EndsOn"] = "2027-01-01", ["Input.SiteIds"] = Id(client.SiteId),
            ["Input.ConfigurationItemIds"] = Id(client.ConfigurationItemId), ["Input.Description"] = "Move **everything**",
        };
        var bad = await page.PostFormAsync("/Projects/New", fields, $"/Projects/New?clientId={client.ClientId}");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("before the start", FieldError(badHtml, "Input.EndsOn") ?? "", StringComparison.Ordinal);
        Assert.Contains($"id=\"site-{client.SiteId}\" name=\"Input.SiteIds\" value=\"{client.SiteId}\" checked=\"checked\"", badHtml, StringComparison.Ordinal);
        Assert.Equal(0, await CountProjectsAsync(app, client));

        fields["Input.SiteIds"] = Id(other.SiteId);
        fields["Input.EndsOn"] = "2027-03-01";
        var foreign = await page.PostFormAsync("/Projects/New", fields, $"/Projects/New?clientId={client.ClientId}");
        Assert.Contains("Not a site of this client", FieldError(await foreign.Content.ReadAsStringAsync(), "Input.SiteIds") ?? "", StringComparison.Ordinal);

        fields["Input.SiteIds"] = Id(client.SiteId);
        var created = await page.PostFormAsync("/Projects/New", fields, $"/Projects/New?clientId={client.ClientId}");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var project = await app.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.ClientId == client.ClientId));
        Assert.Equal($"/Projects/{project.Number}", created.Headers.Location?.ToString());
        Assert.Equal([client.SiteId], project.SiteIds);
        Assert.Equal(lead.Id, project.LeadTechId);
        Assert.Equal(new DateOnly(2027, 3, 1), project.EndsOn);
    }

    [Fact]
    public async Task TheDetailsPage_ShowsEverythingAboutTheProject_AndLinksTheHandOff()
    {
        var client = await app.CreateClientAsync("Details Client " + Guid.NewGuid().ToString("N")[..4]);
        await SetTimeZoneAsync(app, client, "Europe/London");
        var lead = await app.CreateAgentAsync("Dee Lead");
        var manager = await app.CreateUserAsync(Roles.Manager, null, "Max Manager");
        using var api = await app.ApiAsAsync(lead);
        var number = (await PlanAsync(app, api, client, new
        {
            leadTechId = lead.Id, projectManagerId = manager.Id, siteIds = new[] { client.SiteId }, configurationItemIds = new[] { client.ConfigurationItemId },
            description = "Swap the **PBX** for Teams phones",
        })).GetProperty("number").GetString()!;
        var url = $"/api/v1/projects/{number}";
        await JsonAsync(await api.PostAsJsonAsync(url + "/transitions", new { transition = "Start" }), HttpStatusCode.OK);
        await JsonAsync(await api.PutAsJsonAsync(url + "/escalation-contacts", new[] { new { name = "Nora Network", role = "Carrier TAM", phone = "+44 20 7946 0999", email = "nora@carrier.test", kind = "EscalateTo" } }), HttpStatusCode.OK);
        await JsonAsync(await api.PostAsJsonAsync(url + "/engagements", new { date = "2027-01-12", start = "18:00", end = "22:00", kind = "CutOver", technicianIds = new[] { lead.Id }, touches = "PBX" }), HttpStatusCode.Created);
        var accepted = (await JsonAsync(await api.PostAsJsonAsync(url + "/deliverables", new { title = "Teams phones live", inScope = true }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await JsonAsync(await api.PostAsJsonAsync(url + "/deliverables", new { title = "Fax to e-mail", inScope = false }), HttpStatusCode.Created);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        await JsonAsync(await contact.PostAsync($"{url}/deliverables/{accepted}/accept", null), HttpStatusCode.OK);
        await JsonAsync(await api.PostAsJsonAsync(url + "/scope-changes", new { description = "Also the warehouse DECT", timeImpact = "+1 day" }), HttpStatusCode.Created);
        await JsonAsync(await api.PostAsJsonAsync(url + "/cleanup-items", new { description = "Relabel the patch panel" }), HttpStatusCode.Created);
        var ticket = await OpenIncidentAsync(api, client, "No dial tone after cut-over");
        var projectId = await app.WithDbAsync(db => db.Projects.Where(p => p.Number == number).Select(p => p.Id).SingleAsync());
        await AttributeAsync(app, ticket.Id, projectId, AttributionVerdict.CausedBy, "Trunk not ported", lead, new DateTimeOffset(2027, 1, 13, 8, 0, 0, TimeSpan.Zero));
        var unrelated = await OpenIncidentAsync(api, client, "Mouse broken");
        await AttributeAsync(app, unrelated.Id, projectId, AttributionVerdict.NotRelated, "", lead, new DateTimeOffset(2027, 1, 13, 9, 0, 0, TimeSpan.Zero));
        using var page = await app.SignInAsync(lead.Email, UserPassword);

        var raw = await page.GetHtmlAsync($"/Projects/{number}");
        var html = Text(raw);

        foreach (var expected in new[]
        {
            "Dee Lead", "Max Manager", "Head office", client.Code + "-SRV01", "<strong>PBX</strong>", "Nora Network", "Carrier TAM", "Escalate to",
            "Tue 12 Jan 2027 18:00–22:00 Europe/London (UTC+00:00)", "Cut-over", "Teams phones live", "Accepted", "Explicitly out of scope", "Fax to e-mail",
            "Relabel the patch panel", "Also the warehouse DECT", "+1 day", "Awaiting a decision", "Caused incidents", "No dial tone after cut-over", "Trunk not ported",
            "1 ticket was judged not related",
        })
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"/Tickets/{ticket.Number}\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Mouse broken", html, StringComparison.Ordinal);
        foreach (var link in new[] { "Closeout", "Handoff", "Handbook", "Hypercare", "Edit", "Escalation", "Engagements", "Deliverables" })
        {
            Assert.Contains($"href=\"/Projects/{number}/{link}\"", raw, StringComparison.Ordinal);
        }

        Assert.Contains("Cancel project", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Start project", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Close project", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/Projects/PRJ-999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/Projects/not-a-number")).StatusCode);
    }

    [Fact]
    public async Task TheLifecycleButtons_StartCancelAndClose_WhereTheDomainAllows()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var planned = await app.CreateProjectAsync(client, lead, ProjectStatus.Planned);
        var hypercare = await app.CreateProjectAsync(client, lead, ProjectStatus.Hypercare);
        using var page = await app.SignInAsync(lead.Email, UserPassword);

        var html = await page.GetHtmlAsync($"/Projects/{planned.Number}");
        Assert.Contains("Start project", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Close project", html, StringComparison.Ordinal);
        var started = await page.PostFormAsync($"/Projects/{planned.Number}?handler=Move", new() { ["Move.Transition"] = "Start", ["Move.Version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal(ProjectStatus.Active, await StatusAsync(planned.Id));

        var stale = await page.PostFormAsync($"/Projects/{planned.Number}?handler=Move", new() { ["Move.Transition"] = "Cancel", ["Move.Reason"] = "Budget", ["Move.Version"] = "1" });
        Assert.Contains("changed by someone else", Alert(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var noReason = await page.PostFormAsync($"/Projects/{planned.Number}?handler=Move", new() { ["Move.Transition"] = "Cancel", ["Move.Reason"] = "", ["Move.Version"] = "2" });
        Assert.False(string.IsNullOrEmpty(FieldError(await noReason.Content.ReadAsStringAsync(), "Move.Reason")));
        Assert.Equal(ProjectStatus.Active, await StatusAsync(planned.Id));
        var cancelled = await page.PostFormAsync($"/Projects/{planned.Number}?handler=Move", new() { ["Move.Transition"] = "Cancel", ["Move.Reason"] = "Budget cut", ["Move.Version"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(ProjectStatus.Cancelled, await StatusAsync(planned.Id));
        Assert.Contains("Budget cut", Text(await page.GetHtmlAsync($"/Projects/{planned.Number}")), StringComparison.Ordinal);

        var version = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == hypercare.Id).Select(p => p.Version).SingleAsync());
        Assert.Contains("Close project", await page.GetHtmlAsync($"/Projects/{hypercare.Number}"), StringComparison.Ordinal);
        var closed = await page.PostFormAsync($"/Projects/{hypercare.Number}?handler=Move", new() { ["Move.Transition"] = "Close", ["Move.Version"] = Id(version) });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(ProjectStatus.Closed, await StatusAsync(hypercare.Id));
        var refused = await page.PostFormAsync($"/Projects/{hypercare.Number}?handler=Move", new() { ["Move.Transition"] = "Start", ["Move.Version"] = Id(version + 1) });
        Assert.Contains("closed", Alert(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_SavesWithTheVersion_AndAStaleEditSaysSomeoneElseChangedIt()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(lead);
        var number = (await PlanAsync(app, api, client, new { leadTechId = lead.Id })).GetProperty("number").GetString()!;
        using var page = await app.SignInAsync(lead.Email, UserPassword);
        var form = await page.GetHtmlAsync($"/Projects/{number}/Edit");
        Assert.Contains("name=\"Input.Version\" value=\"1\"", form, StringComparison.Ordinal);
        var typeId = Id(await FirstTypeIdAsync(app));

        var saved = await page.PostFormAsync($"/Projects/{number}/Edit", new()
        {
            ["Input.Name"] = "Renamed on the page", ["Input.ProjectTypeId"] = typeId, ["Input.LeadTechId"] = lead.Id, ["Input.Version"] = "1",
            ["Input.ConfigurationItemIds"] = Id(client.ConfigurationItemId),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await app.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Number == number));
        Assert.Equal("Renamed on the page", after.Name);
        Assert.Equal([client.ConfigurationItemId], after.ConfigurationItemIds);
        Assert.Equal(2, after.Version);

        var stale = await page.PostFormAsync($"/Projects/{number}/Edit", new()
        {
            ["Input.Name"] = "Overwrites the other change", ["Input.ProjectTypeId"] = typeId, ["Input.Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var staleHtml = await stale.Content.ReadAsStringAsync();
        Assert.Contains("changed by someone else", Alert(staleHtml), StringComparison.Ordinal);
        Assert.Contains("value=\"Renamed on the page\"", staleHtml, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Version\" value=\"2\"", staleHtml, StringComparison.Ordinal);
        Assert.Equal("Renamed on the page", await app.WithDbAsync(db => db.Projects.Where(p => p.Number == number).Select(p => p.Name).SingleAsync()));

        var blank = await page.PostFormAsync($"/Projects/{number}/Edit", new() { ["Input.Name"] = "", ["Input.ProjectTypeId"] = typeId, ["Input.Version"] = "2" });
        Assert.False(string.IsNullOrEmpty(FieldError(await blank.Content.ReadAsStringAsync(), "Input.Name")));
    }

    [Fact]
    public async Task TheEscalationEditor_AddsRemovesAndNamesTheRowThatIsWrong()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead);
        using var page = await app.SignInAsync(lead.Email, UserPassword);
        var url = $"/Projects/{project.Number}/Escalation";
        Assert.Contains("Name (contact 2)", await page.GetHtmlAsync(url), StringComparison.Ordinal);
        var version = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.Version).SingleAsync());

        var bad = await page.PostFormAsync(url, new()
        {
            ["Input.Version"] = Id(version),
            ["Input.Contacts[0].Name"] = "Ravi Router", ["Input.Contacts[0].Phone"] = "+44 1632 960000", ["Input.Contacts[0].Kind"] = "ConferWith",
            ["Input.Contacts[1].Name"] = "", ["Input.Contacts[1].Phone"] = "",
            ["Input.Contacts[2].Name"] = "Unreachable", ["Input.Contacts[2].Kind"] = "EscalateTo",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("phone number or an e-mail", FieldError(badHtml, "Input.Contacts[2].Phone") ?? "", StringComparison.Ordinal);
        Assert.Empty(await app.WithDbAsync(async db => (await db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id)).EscalationContacts));

        var saved = await page.PostFormAsync(url, new()
        {
            ["Input.Version"] = Id(version),
            ["Input.Contacts[0].Name"] = "Ravi Router", ["Input.Contacts[0].Phone"] = "+44 1632 960000", ["Input.Contacts[0].Kind"] = "ConferWith",
            ["Input.Contacts[1].Name"] = "Eve Escalation", ["Input.Contacts[1].Email"] = "eve@client.test", ["Input.Contacts[1].Kind"] = "EscalateTo",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var contacts = await app.WithDbAsync(async db => (await db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id)).EscalationContacts);
        Assert.Equal(["Ravi Router", "Eve Escalation"], contacts.Select(c => c.Name));
        Assert.Equal(EscalationKind.EscalateTo, contacts[1].Kind);

        var removed = await page.PostFormAsync(url, new()
        {
            ["Input.Version"] = Id(version + 1),
            ["Input.Contacts[0].Name"] = "Ravi Router", ["Input.Contacts[0].Phone"] = "+44 1632 960000", ["Input.Contacts[0].Remove"] = "true",
            ["Input.Contacts[1].Name"] = "Eve Escalation", ["Input.Contacts[1].Email"] = "eve@client.test", ["Input.Contacts[1].Kind"] = "EscalateTo",
        });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(["Eve Escalation"], (await app.WithDbAsync(async db => (await db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id)).EscalationContacts)).Select(c => c.Name));
    }

    [Fact]
    public async Task ProjectTypes_AreAdministeredByManagers_AndRenamedOrRetiredOnThePage()
    {
        var manager = await app.CreateUserAsync(Roles.Manager);
        using var page = await app.SignInAsync(manager.Email, UserPassword);
        using var agent = await app.SignInAsAgentAsync();
        var name = Unique("Firewall upgrade");

        Assert.Contains("/Account/AccessDenied", (await agent.GetAsync("/Admin/ProjectTypes")).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("UCaaS migration", await page.GetHtmlAsync("/Admin/ProjectTypes"), StringComparison.Ordinal);
        Assert.Contains("/Admin/ProjectTypes", await page.GetHtmlAsync("/Admin"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync("/Admin/ProjectTypes?handler=Save", new() { ["Input.Name"] = name }, "/Admin/ProjectTypes")).StatusCode);
        var duplicate = await page.PostFormAsync("/Admin/ProjectTypes?handler=Save", new() { ["Input.Name"] = name.ToLowerInvariant() }, "/Admin/ProjectTypes");
        Assert.Contains("already", FieldError(await duplicate.Content.ReadAsStringAsync(), "Input.Name") ?? "", StringComparison.Ordinal);
        var id = await app.WithDbAsync(db => db.ProjectTypes.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync("/Admin/ProjectTypes?handler=Save", new() { ["Input.Id"] = Id(id), ["Input.Name"] = name + " v2" }, "/Admin/ProjectTypes")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync($"/Admin/ProjectTypes?handler=Toggle&id={id}", [], "/Admin/ProjectTypes")).StatusCode);
        var type = await app.WithDbAsync(db => db.ProjectTypes.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Equal(name + " v2", type.Name);
        Assert.False(type.IsActive);
        var client = await app.CreateClientAsync();
        Assert.Contains("deactivated", await page.GetHtmlAsync("/Admin/ProjectTypes"), StringComparison.Ordinal); // the flash, read once
        Assert.DoesNotContain(name, await page.GetHtmlAsync($"/Projects/New?clientId={client.ClientId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientsTimeZone_IsSetOnTheAdminFormAndThroughTheApi()
    {
        var client = await app.CreateClientAsync();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var page = $"/Admin/Clients/Details/{client.ClientId}";
        var name = await app.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.Name).SingleAsync());

        Assert.Matches("<input[^>]*id=\"Input_TimeZoneId\"[^>]*value=\"UTC\"", await admin.GetHtmlAsync(page));
        var saved = await admin.PostFormAsync($"{page}?handler=Client", new()
        {
            ["Input.Name"] = name, ["Input.Code"] = client.Code, ["Input.IsActive"] = "true", ["Input.TimeZoneId"] = "Australia/Sydney",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Australia/Sydney", await app.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.TimeZoneId).SingleAsync()));
        var bad = await admin.PostFormAsync($"{page}?handler=Client", new()
        {
            ["Input.Name"] = name, ["Input.Code"] = client.Code, ["Input.IsActive"] = "true", ["Input.TimeZoneId"] = "Mars/Olympus",
        });
        Assert.Contains("Unknown time zone", FieldError(await bad.Content.ReadAsStringAsync(), "Input.TimeZoneId") ?? "", StringComparison.Ordinal);

        var code = "TZ" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var created = await admin.PostFormAsync("/Admin/Clients", new() { ["Input.Name"] = "Zoned Ltd", ["Input.Code"] = code, ["Input.TimeZoneId"] = "Asia/Tokyo" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("Asia/Tokyo", await app.WithDbAsync(db => db.Clients.Where(c => c.Code == code).Select(c => c.TimeZoneId).SingleAsync()));

        using var api = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));
        var apiCode = "API" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var made = await JsonAsync(await api.PostAsJsonAsync("/api/v1/clients", new { name = "Api Zoned", code = apiCode, timeZoneId = "Europe/Dublin" }), HttpStatusCode.Created);
        Assert.Equal("Europe/Dublin", made.GetProperty("timeZoneId").GetString());
        var id = made.GetProperty("id").GetInt32();
        var moved = await JsonAsync(await api.PutAsJsonAsync($"/api/v1/clients/{id}", new { name = "Api Zoned", code = apiCode, timeZoneId = "America/Chicago" }), HttpStatusCode.OK);
        Assert.Equal("America/Chicago", moved.GetProperty("timeZoneId").GetString());
        Assert.NotEmpty(await FieldProblemAsync(await api.PutAsJsonAsync($"/api/v1/clients/{id}", new { name = "Api Zoned", code = apiCode, timeZoneId = "Nowhere" }), "timeZoneId"));
        Assert.Equal("America/Chicago", (await JsonAsync(await api.GetAsync($"/api/v1/clients/{id}"), HttpStatusCode.OK)).GetProperty("timeZoneId").GetString());
        using var agentApi = await app.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await agentApi.PutAsJsonAsync($"/api/v1/clients/{id}", new { name = "x", code = apiCode })).StatusCode);
    }

    private Task<ProjectStatus> StatusAsync(int projectId) => app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.Status).SingleAsync());
}

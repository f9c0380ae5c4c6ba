using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>Planning, reading, editing and moving projects through /api/v1/projects.</summary>
public sealed class ProjectsApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static HttpRequestMessage Patch(string number, object body, string? ifMatch) => new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/projects/{number}")
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/merge-patch+json"),
    }.WithIfMatch(ifMatch);

    [Fact]
    public async Task Planning_ReturnsTheProjectWithNamesAndAnETag()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Lena Lead");
        var manager = await app.CreateUserAsync(Roles.Manager, null, "Pat Manager");
        using var api = await app.ApiAsNewAgentAsync();
        var typeId = await FirstTypeIdAsync(app);

        var response = await api.PostAsJsonAsync("/api/v1/projects", new
        {
            clientId = client.ClientId, name = "Core switch refresh", projectTypeId = typeId, leadTechId = lead.Id, projectManagerId = manager.Id,
            startsOn = "2026-04-01", plannedGoLiveOn = "2026-05-15", description = "Replace both core switches.",
            siteIds = new[] { client.SiteId }, configurationItemIds = new[] { client.ConfigurationItemId },
        });

        var project = await JsonAsync(response, HttpStatusCode.Created);
        var number = project.GetProperty("number").GetString()!;
        Assert.Matches("^PRJ-[0-9]{6}$", number);
        Assert.Equal($"/api/v1/projects/{number}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("Planned", project.GetProperty("status").GetString());
        Assert.Equal("Lena Lead", project.GetProperty("leadTech").GetProperty("name").GetString());
        Assert.Equal("Pat Manager", project.GetProperty("projectManager").GetProperty("name").GetString());
        Assert.Equal("Head office", project.GetProperty("sites")[0].GetProperty("name").GetString());
        Assert.StartsWith(client.Code + "-SRV01", project.GetProperty("configurationItems")[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Start", "Cancel"], project.GetProperty("availableTransitions").EnumerateArray().Select(t => t.GetString()));

        var read = await api.GetAsync($"/api/v1/projects/{number.ToLowerInvariant()}");
        Assert.Equal("2026-05-15", (await JsonAsync(read, HttpStatusCode.OK)).GetProperty("plannedGoLiveOn").GetString());
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Listing_FiltersByClientStatusTypeAndWords()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var active = await app.CreateProjectAsync(client, lead, ProjectStatus.Active, name: Unique("Wi-Fi survey"));
        var planned = await app.CreateProjectAsync(client, lead, ProjectStatus.Planned, name: Unique("Phones"));
        var elsewhere = await app.CreateProjectAsync(other, lead, ProjectStatus.Active);
        using var api = await app.ApiAsNewAgentAsync();
        var typeId = await FirstTypeIdAsync(app);

        async Task<List<string>> Numbers(string query) =>
            (await JsonAsync(await api.GetAsync("/api/v1/projects?" + query), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .Select(p => p.GetProperty("number").GetString()!).ToList();

        Assert.Equal([planned.Number, active.Number], await Numbers($"clientId={client.ClientId}"));
        Assert.Equal([active.Number], await Numbers($"clientId={client.ClientId}&status=Active"));
        Assert.Equal([planned.Number, active.Number], await Numbers($"clientId={client.ClientId}&status=Active&status=Planned&projectTypeId={typeId}"));
        Assert.Empty(await Numbers($"clientId={client.ClientId}&status=Closed"));
        Assert.Equal([active.Number], await Numbers("q=" + Uri.EscapeDataString("wi-fi SURVEY")));
        Assert.Equal([elsewhere.Number], await Numbers("q=" + elsewhere.Number.ToLowerInvariant()));

        var first = await JsonAsync(await api.GetAsync($"/api/v1/projects?clientId={client.ClientId}&limit=1"), HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await JsonAsync(await api.GetAsync($"/api/v1/projects?clientId={client.ClientId}&limit=1&cursor={cursor}"), HttpStatusCode.OK);
        Assert.Equal(active.Number, second.GetProperty("items")[0].GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Contains("limit", await FieldProblemAsync(await api.GetAsync("/api/v1/projects?limit=0"), "limit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patching_RequiresIfMatch_RefusesAStaleVersion_AndChangesOnlyWhatWasSent()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var project = await PlanAsync(app, api, client, new { description = "Keep me" });
        var number = project.GetProperty("number").GetString()!;

        var without = await api.SendAsync(Patch(number, new { name = "Renamed" }, null));
        Assert.Equal(HttpStatusCode.PreconditionRequired, without.StatusCode);

        var changed = await api.SendAsync(Patch(number, new { name = "Renamed", endsOn = "2026-12-31" }, "\"1\""));
        var body = await JsonAsync(changed, HttpStatusCode.OK);
        Assert.Equal("Renamed", body.GetProperty("name").GetString());
        Assert.Equal("Keep me", body.GetProperty("description").GetString());
        Assert.Equal("2026-12-31", body.GetProperty("endsOn").GetString());
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);

        var stale = await api.SendAsync(Patch(number, new { name = "Lost update" }, "\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var cleared = await JsonAsync(await api.SendAsync(Patch(number, new { endsOn = (string?)null }, "\"2\"")), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("endsOn").ValueKind);
        Assert.Equal("Renamed", await app.WithDbAsync(db => db.Projects.Where(p => p.Number == number).Select(p => p.Name).SingleAsync()));
    }

    [Fact]
    public async Task Patching_WithBadInput_NamesTheFieldAndChangesNothing()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var number = (await PlanAsync(app, api, client)).GetProperty("number").GetString()!;

        Assert.Contains("site", await FieldProblemAsync(await api.SendAsync(Patch(number, new { siteIds = new[] { other.SiteId } }, "\"1\"")), "siteIds"), StringComparison.Ordinal);
        Assert.NotEmpty(await FieldProblemAsync(await api.SendAsync(Patch(number, new { name = (string?)null }, "\"1\"")), "name"));
        Assert.NotEmpty(await FieldProblemAsync(await api.SendAsync(Patch(number, new { startsOn = "2026-06-01", endsOn = "2026-05-01" }, "\"1\"")), "endsOn"));
        Assert.NotEmpty(await FieldProblemAsync(await api.SendAsync(Patch(number, new { colour = "blue" }, "\"1\"")), "colour"));

        var stored = await app.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Number == number));
        Assert.Equal(1, stored.Version);
        Assert.Empty(stored.SiteIds);
    }

    [Fact]
    public async Task Transitions_FollowTheLifecycle_AndRefuseWhatTheDomainDoesNotAllow()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var leadless = (await PlanAsync(app, api, client)).GetProperty("number").GetString()!;
        var number = (await PlanAsync(app, api, client, new { leadTechId = lead.Id })).GetProperty("number").GetString()!;

        Assert.NotEmpty(await FieldProblemAsync(await api.PostAsJsonAsync($"/api/v1/projects/{leadless}/transitions", new { transition = "Start" }), "leadTechId"));

        var close = await api.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Close" });
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);

        var started = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Start" }), HttpStatusCode.OK);
        Assert.Equal("Active", started.GetProperty("status").GetString());
        Assert.Equal(["Cancel"], started.GetProperty("availableTransitions").EnumerateArray().Select(t => t.GetString()));

        var staleMove = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{number}/transitions") { Content = JsonContent.Create(new { transition = "Cancel", reason = "x" }) };
        staleMove.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.SendAsync(staleMove)).StatusCode);

        Assert.NotEmpty(await FieldProblemAsync(await api.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Cancel" }), "reason"));
        var cancelled = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Cancel", reason = "Client postponed" }), HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("Client postponed", cancelled.GetProperty("cancellationReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Start" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Teleport" })).StatusCode);
    }

    [Fact]
    public async Task Closing_IsOfferedAndAllowedFromHypercare()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead, ProjectStatus.Hypercare);
        using var api = await app.ApiAsNewAgentAsync();

        var before = await JsonAsync(await api.GetAsync($"/api/v1/projects/{project.Number}"), HttpStatusCode.OK);
        Assert.Equal(["Close"], before.GetProperty("availableTransitions").EnumerateArray().Select(t => t.GetString()));

        var closed = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/transitions", new { transition = "Close" }), HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Empty(closed.GetProperty("availableTransitions").EnumerateArray());
    }

    [Fact]
    public async Task EscalationContacts_AreReplacedWhole_AndEveryBadRowIsNamed()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var number = (await PlanAsync(app, api, client)).GetProperty("number").GetString()!;

        var bad = await api.PutAsJsonAsync($"/api/v1/projects/{number}/escalation-contacts", new object[]
        {
            new { name = "Ok Person", role = "Network lead", phone = "+44 20 7946 0000", email = "", kind = "EscalateTo" },
            new { name = "No Way", role = "", phone = "", email = "", kind = "ConferWith" },
            new { name = "", role = "", phone = "1", email = "not-an-email", kind = "ConferWith" },
        });
        var problem = await JsonAsync(bad, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("escalationContacts[1].phone", errors);
        Assert.Contains("escalationContacts[2].name", errors);
        Assert.Empty((await JsonAsync(await api.GetAsync($"/api/v1/projects/{number}/escalation-contacts"), HttpStatusCode.OK)).EnumerateArray());

        var saved = await JsonAsync(await api.PutAsJsonAsync($"/api/v1/projects/{number}/escalation-contacts", new object[]
        {
            new { name = "Ok Person", role = "Network lead", phone = "+44 20 7946 0000", email = "OK@Example.test", kind = "EscalateTo" },
            new { name = "Vendor TAC", role = "Carrier", phone = "", email = "tac@carrier.test", kind = "ConferWith" },
        }), HttpStatusCode.OK);
        var contacts = saved.GetProperty("escalationContacts");
        Assert.Equal(2, contacts.GetArrayLength());
        Assert.Equal("ok@example.test", contacts[0].GetProperty("email").GetString());
        Assert.Equal("EscalateTo", contacts[0].GetProperty("kind").GetString());
        Assert.Equal(2, saved.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task CausedIncidents_ListTheAttributedTickets_AndCountTheNotRelated()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync("Tess Tech");
        var project = await app.CreateProjectAsync(client, agent);
        using var api = await app.ApiAsAsync(agent);
        var caused = await BatonAppFactory.OpenIncidentAsync(api, client, "Phones down after cut-over");
        var coincidence = await BatonAppFactory.OpenIncidentAsync(api, client, "Printer jam");
        var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        await AttributeAsync(app, caused.Id, project.Id, AttributionVerdict.CausedBy, "SIP trunk left on the old carrier", agent, at);
        await AttributeAsync(app, coincidence.Id, project.Id, AttributionVerdict.NotRelated, "", agent, at);

        var list = await JsonAsync(await api.GetAsync($"/api/v1/projects/{project.Number}/caused-incidents"), HttpStatusCode.OK);

        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(caused.Number, item.GetProperty("number").GetString());
        Assert.Equal("Tess Tech", item.GetProperty("attributedBy").GetString());
        Assert.Equal("SIP trunk left on the old carrier", item.GetProperty("note").GetString());
        Assert.Equal(1, list.GetProperty("notRelatedCount").GetInt32());
    }

    [Fact]
    public async Task ProjectTypes_AreListedToStaff_AndChangedByManagersOnly()
    {
        using var agent = await app.ApiAsNewAgentAsync();
        using var manager = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));
        var name = Unique("SD-WAN rollout");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/project-types", new { name })).StatusCode);
        var created = await JsonAsync(await manager.PostAsJsonAsync("/api/v1/project-types", new { name }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Contains("already", await FieldProblemAsync(await manager.PostAsJsonAsync("/api/v1/project-types", new { name = name.ToUpperInvariant() }), "name"), StringComparison.Ordinal);

        var off = await JsonAsync(await manager.PutAsJsonAsync($"/api/v1/project-types/{id}", new { name, isActive = false }), HttpStatusCode.OK);
        Assert.False(off.GetProperty("isActive").GetBoolean());
        var offered = await JsonAsync(await agent.GetAsync("/api/v1/project-types?activeOnly=true"), HttpStatusCode.OK);
        Assert.DoesNotContain(offered.EnumerateArray(), t => t.GetProperty("id").GetInt32() == id);
        Assert.Contains((await JsonAsync(await agent.GetAsync("/api/v1/project-types"), HttpStatusCode.OK)).EnumerateArray(), t => t.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutAsJsonAsync("/api/v1/project-types/999999", new { name = "x" })).StatusCode);

        var client = await app.CreateClientAsync();
        var inactive = await agent.PostAsJsonAsync("/api/v1/projects", new { clientId = client.ClientId, name = "Old kind", projectTypeId = id });
        Assert.Contains("no longer offered", await FieldProblemAsync(inactive, "projectTypeId"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheProjectEndpoints()
    {
        using var http = app.CreateClient();
        var doc = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        foreach (var path in new[]
        {
            "/api/v1/projects", "/api/v1/projects/{number}", "/api/v1/projects/{number}/transitions", "/api/v1/projects/{number}/escalation-contacts",
            "/api/v1/projects/{number}/engagements", "/api/v1/projects/{number}/engagements/{engagementId}", "/api/v1/projects/{number}/deliverables",
            "/api/v1/projects/{number}/deliverables/{deliverableId}/accept", "/api/v1/projects/{number}/deliverables/{deliverableId}/reject",
            "/api/v1/projects/{number}/cleanup-items/{itemId}/complete", "/api/v1/projects/{number}/scope-changes/{changeId}/approve",
            "/api/v1/projects/calendar.ics", "/api/v1/projects/{number}/calendar.ics", "/api/v1/project-types",
        })
        {
            Assert.Contains(path, paths);
        }
    }
}

internal static class ProjectRequestExtensions
{
    public static HttpRequestMessage WithIfMatch(this HttpRequestMessage request, string? etag)
    {
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        }

        return request;
    }
}

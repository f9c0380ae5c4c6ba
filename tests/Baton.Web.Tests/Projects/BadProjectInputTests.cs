using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>Bad input is answered on the field it is about, and nothing is half-written (not even a PRJ number).</summary>
public sealed class BadProjectInputTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    public static TheoryData<string, string> BadPlans => new()
    {
        // case, field the problem must name
        { "blank name", "name" },
        { "no client", "clientId" },
        { "unknown client", "clientId" },
        { "unknown type", "projectTypeId" },
        { "another client's site", "siteIds" },
        { "another client's configuration item", "configurationItemIds" },
        { "a client contact as lead tech", "leadTechId" },
        { "an unknown project manager", "projectManagerId" },
        { "end before start", "endsOn" },
        { "go-live before start", "plannedGoLiveOn" },
        { "a misspelt field", "nmae" },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task PlanningWithBadInput_NamesTheField_AndWritesNothing(string name, string field)
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var contactUser = await app.CreateContactUserAsync(client);
        using var api = await app.ApiAsNewAgentAsync();
        var body = new Dictionary<string, object?> { ["clientId"] = client.ClientId, ["name"] = "Bad plan", ["projectTypeId"] = await FirstTypeIdAsync(app) };
        switch (name)
        {
            case "blank name": body["name"] = "  "; break;
            case "no client": body.Remove("clientId"); break;
            case "unknown client": body["clientId"] = 999_999; break;
            case "unknown type": body["projectTypeId"] = 999_999; break;
            case "another client's site": body["siteIds"] = new[] { client.SiteId, other.SiteId }; break;
            case "another client's configuration item": body["configurationItemIds"] = new[] { other.ConfigurationItemId }; break;
            case "a client contact as lead tech": body["leadTechId"] = contactUser.Id; break;
            case "an unknown project manager": body["projectManagerId"] = "nobody"; break;
            case "end before start": body["startsOn"] = "2026-06-01"; body["endsOn"] = "2026-05-01"; break;
            case "go-live before start": body["startsOn"] = "2026-06-01"; body["plannedGoLiveOn"] = "2026-05-01"; break;
            case "a misspelt field": body["nmae"] = "typo"; break;
        }

        var response = await api.PostAsJsonAsync("/api/v1/projects", body);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(await FieldProblemAsync(response, field)), name);
        Assert.Equal(0, await CountProjectsAsync(app, client));
    }

    [Fact]
    public async Task ARuleBrokenAfterTheNumberWasTaken_GivesTheNumberBack()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var before = await app.WithDbAsync(db => db.NumberSequences.Where(s => s.Name == ProjectNumber.Prefix).Select(s => s.Last).SingleAsync());

        // Dates are checked by the domain, after the references and inside the numbering transaction.
        var bad = await api.PostAsJsonAsync("/api/v1/projects", new
        {
            clientId = client.ClientId, name = "Backwards", projectTypeId = await FirstTypeIdAsync(app), startsOn = "2026-06-01", endsOn = "2026-01-01",
        });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.NumberSequences.Where(s => s.Name == ProjectNumber.Prefix).Select(s => s.Last).SingleAsync()));
    }

    private static readonly string[] Nobody = ["nobody"];

    public static TheoryData<string, object, string> BadEngagements => new()
    {
        { "no length", new { date = "2026-04-02", start = "09:00", end = "09:00", kind = "OnSite" }, "end" },
        { "notes too long", new { date = "2026-04-02", start = "09:00:00", end = "10:00:00", kind = "OnSite", notes = new string('x', 2001) }, "notes" },
        { "longer than a day (the clocks go back overnight)", new { date = "2026-10-24", start = "09:00", end = "08:30", kind = "MaintenanceWindow" }, "end" },
        { "a time the clocks skip", new { date = "2026-03-29", start = "01:30", end = "03:00", kind = "CutOver" }, "start" },
        { "an unknown kind", new { date = "2026-04-02", start = "09:00", end = "10:00", kind = "Picnic" }, "kind" },
        { "a technician who is not staff", new { date = "2026-04-02", start = "09:00", end = "10:00", kind = "Remote", technicianIds = Nobody }, "technicianIds" },
        { "no date", new { start = "09:00", end = "10:00", kind = "Remote" }, "date" },
        { "an unreadable time", new { date = "2026-04-02", start = "nine", end = "10:00", kind = "Remote" }, "start" },
    };

    [Theory]
    [MemberData(nameof(BadEngagements))]
    public async Task SchedulingWithBadInput_NamesTheField_AndSchedulesNothing(string name, object body, string field)
    {
        var client = await app.CreateClientAsync();
        await SetTimeZoneAsync(app, client, "Europe/London");
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead);
        using var api = await app.ApiAsNewAgentAsync();

        var response = await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/engagements", body);

        Assert.False(string.IsNullOrWhiteSpace(await FieldProblemAsync(response, field)), name);
        Assert.False(await app.WithDbAsync(db => db.Engagements.AnyAsync(e => e.ProjectId == project.Id)));
    }

    [Fact]
    public async Task DeliverablesAndScopeChanges_WithBadInput_NameTheField()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead);
        using var staff = await app.ApiAsNewAgentAsync();
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        var url = $"/api/v1/projects/{project.Number}";

        Assert.NotEmpty(await FieldProblemAsync(await staff.PostAsJsonAsync(url + "/deliverables", new { title = "", inScope = true }), "title"));
        Assert.NotEmpty(await FieldProblemAsync(await staff.PostAsJsonAsync(url + "/deliverables", new { inScope = true }), "title"));
        Assert.NotEmpty(await FieldProblemAsync(await contact.PostAsJsonAsync(url + "/scope-changes", new { description = " " }), "description"));
        Assert.NotEmpty(await FieldProblemAsync(await staff.PostAsJsonAsync(url + "/scope-changes", new { description = "More", costImpact = new string('£', 401) }), "costImpact"));
        Assert.NotEmpty(await FieldProblemAsync(await staff.PostAsJsonAsync(url + "/cleanup-items", new { description = "Fix it", deliverableId = 999_999 }), "deliverableId"));

        Assert.False(await app.WithDbAsync(db => db.Deliverables.AnyAsync(d => d.ProjectId == project.Id)));
        Assert.False(await app.WithDbAsync(db => db.ScopeChangeRequests.AnyAsync(s => s.ProjectId == project.Id)));
        Assert.False(await app.WithDbAsync(db => db.CleanupItems.AnyAsync(c => c.ProjectId == project.Id)));
    }

    [Fact]
    public async Task AClientContact_CannotPlanOrEdit_TheirOwnOrganisationsProject()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));

        var plan = await contact.PostAsJsonAsync("/api/v1/projects", new { clientId = client.ClientId, name = "Mine", projectTypeId = await FirstTypeIdAsync(app) });
        var move = await contact.PostAsJsonAsync($"/api/v1/projects/{project.Number}/transitions", new { transition = "Cancel", reason = "We changed our minds" });
        var schedule = await contact.PostAsJsonAsync($"/api/v1/projects/{project.Number}/engagements", new { date = "2026-04-02", start = "09:00", end = "10:00", kind = "Remote" });

        Assert.Equal(HttpStatusCode.Forbidden, plan.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, schedule.StatusCode);
        Assert.Equal(ProjectStatus.Active, await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.Status).SingleAsync()));
        Assert.Equal(1, await CountProjectsAsync(app, client));
    }
}

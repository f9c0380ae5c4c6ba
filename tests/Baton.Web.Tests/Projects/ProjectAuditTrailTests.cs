using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>Project changes through the pages and the API land on the one audit trail, naming who made them.</summary>
public sealed class ProjectAuditTrailTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static async Task<List<(string Field, string? Old, string? New, string Who)>> TrailAsync(HttpClient api, string number)
    {
        var trail = await JsonAsync(await api.GetAsync($"/api/v1/projects/{number}/audit"), HttpStatusCode.OK);
        return trail.EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("oldValue").GetString(), e.GetProperty("newValue").GetString(), e.GetProperty("actorName").GetString()!))
            .ToList();
    }

    [Fact]
    public async Task ChangesThroughTheApi_AreOnTheTrail_WithTheirActor_AndPeopleByName()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Audit Lead");
        var editor = await app.CreateAgentAsync("Audit Editor");
        using var leadApi = await app.ApiAsAsync(lead);
        using var editorApi = await app.ApiAsAsync(editor);
        var planned = await PlanAsync(app, leadApi, client, new { leadTechId = lead.Id });
        var number = planned.GetProperty("number").GetString()!;

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/projects/{number}") { Content = JsonContent.Create(new { name = "Renamed", projectManagerId = editor.Id }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await JsonAsync(await editorApi.SendAsync(patch), HttpStatusCode.OK);
        await JsonAsync(await editorApi.PostAsJsonAsync($"/api/v1/projects/{number}/transitions", new { transition = "Start" }), HttpStatusCode.OK);
        await JsonAsync(await leadApi.PostAsJsonAsync($"/api/v1/projects/{number}/deliverables", new { title = "Handsets", inScope = true }), HttpStatusCode.Created);
        await JsonAsync(await leadApi.PutAsJsonAsync($"/api/v1/projects/{number}/escalation-contacts",
            new[] { new { name = "Pat Vendor", role = "Carrier", phone = "+44 20 7946 0000", email = "", kind = "EscalateTo" } }), HttpStatusCode.OK);

        var trail = await TrailAsync(leadApi, number);
        Assert.Equal(("Created", null, $"{number} {planned.GetProperty("name").GetString()}", "Audit Lead"), trail[0]);
        Assert.Contains(("Name", planned.GetProperty("name").GetString(), "Renamed", "Audit Editor"), trail);
        Assert.Contains(("Project manager", null, "Audit Editor", "Audit Editor"), trail);
        Assert.Contains(("Status", "Planned", "Active", "Audit Editor"), trail);
        Assert.Contains(("Deliverable", null, "Handsets (in scope)", "Audit Lead"), trail);
        Assert.Contains(trail, e => e is { Field: "Escalation contacts", Who: "Audit Lead" } && e.New!.Contains("Pat Vendor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientContact_GetsTheTrailTheirProjectPageShows_WithoutEscalationContacts_AndAnotherClientGets404()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead);
        using var staff = await app.ApiAsAsync(lead);
        await JsonAsync(await staff.PutAsJsonAsync($"/api/v1/projects/{project.Number}/escalation-contacts",
            new[] { new { name = "Pat Vendor", role = "Carrier", phone = "+44 20 7946 0000", email = "", kind = "EscalateTo" } }), HttpStatusCode.OK);
        var deliverable = (await JsonAsync(await staff.PostAsJsonAsync($"/api/v1/projects/{project.Number}/deliverables", new { title = "Handsets", inScope = true }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var contactUser = await app.CreateContactUserAsync(client);
        using var contact = await app.ApiAsAsync(contactUser);
        await JsonAsync(await contact.PostAsync($"/api/v1/projects/{project.Number}/deliverables/{deliverable}/reject",
            JsonContent.Create(new { reason = "Two are missing" })), HttpStatusCode.OK);

        var theirs = await TrailAsync(contact, project.Number);
        Assert.Contains(theirs, e => e.Field == "Status");
        Assert.Contains(theirs, e => e.Field == "Acceptance" && e.Who == contactUser.DisplayName && e.New == "Handsets: rejected (Two are missing)");
        Assert.Contains(theirs, e => e.Field == "Clean-up item");
        Assert.DoesNotContain(theirs, e => e.Field == "Escalation contacts");
        Assert.Contains(await TrailAsync(staff, project.Number), e => e.Field == "Escalation contacts");

        using var stranger = await app.ApiAsAsync(await app.CreateContactUserAsync(other));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{project.Number}/audit")).StatusCode);

        using var page = await app.SignInAsync(contactUser.Email, UserPassword);
        var html = await page.GetHtmlAsync($"/Projects/{project.Number}");
        Assert.Contains("History (", html, StringComparison.Ordinal);
        Assert.Contains("Acceptance: Handsets: pending → Handsets: rejected (Two are missing)", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Pat Vendor", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALifecycleMoveOnThePage_IsOnTheHistory_WithWhoMadeIt()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("History Lead");
        var project = await app.CreateProjectAsync(client, lead, Baton.Domain.Projects.ProjectStatus.Planned);
        var mover = await app.CreateAgentAsync("History Mover");
        using var page = await app.SignInAsync(mover.Email, UserPassword);

        var started = await page.PostFormAsync($"/Projects/{project.Number}?handler=Move", new() { ["Move.Transition"] = "Start", ["Move.Version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Projects/{project.Number}"));
        Assert.Contains("History (2 changes)", html, StringComparison.Ordinal);
        Assert.Contains($"planned {project.Number}", html, StringComparison.Ordinal);
        Assert.Matches("History Mover</strong>\\s*Status: Planned → Active", html);
        using var api = await app.ApiAsAsync(lead);
        Assert.Contains(("Status", "Planned", "Active", "History Mover"), await TrailAsync(api, project.Number));
    }
}

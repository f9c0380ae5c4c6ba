using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Insight;

/// <summary>POST /api/v1/tickets/{number}/attributions: one verdict per ticket and project, replaced in place, on the audit trail.</summary>
public sealed class AttributionApiTests(InsightDesk desk) : IClassFixture<InsightDesk>
{
    [Fact]
    public async Task Post_FirstVerdict_IsCreated_OnTheAuditTrail_AndBumpsTheTicketVersion()
    {
        var (scene, project, ticket) = await ArrangeAsync();

        var response = await InsightDesk.AttributeAsync(scene.Api, ticket.Number, project.Number.ToLowerInvariant(), "CausedBy", "  Switch swapped at 09:00 ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<AttributionDto>(BatonAppFactory.Json))!;
        Assert.Equal((ticket.Number, project.Number, "CausedBy", "Switch swapped at 09:00", "Ada Agent"), (body.TicketNumber, body.ProjectNumber, body.Verdict, body.Note, body.ByName));
        Assert.Equal($"\"{ticket.Version + 1}\"", response.Headers.ETag?.Tag);
        var audit = await AuditAsync(scene.Api, ticket.Number);
        Assert.Equal([(null, $"Caused by {project.Number} (Switch swapped at 09:00)", "Ada Agent")], audit.Select(a => (a.OldValue, a.NewValue, a.ActorName)));
        var listed = Assert.Single((await InsightApiTests.GetAsync(scene.Api, ticket.Number)).Projects);
        Assert.Equal(("CausedBy", "Switch swapped at 09:00"), (listed.Attribution!.Verdict, listed.Attribution.Note));
    }

    [Fact]
    public async Task Post_ASecondVerdict_ReplacesTheFirstInPlace_AndTheAuditTrailKeepsBoth()
    {
        var (scene, project, ticket) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.Created, (await InsightDesk.AttributeAsync(scene.Api, ticket.Number, project.Number, "CausedBy", "Looked like the cut-over")).StatusCode);
        using var other = await desk.App.ApiAsAsync(await desk.App.CreateAgentAsync("Bo Second"));

        var response = await other.PutAsJsonAsync($"/api/v1/tickets/{ticket.Number}/attributions", new { projectNumber = project.Number, verdict = "NotRelated", note = "ISP outage, not the project" });
        var again = await InsightDesk.AttributeAsync(other, ticket.Number, project.Number, "NotRelated", "ISP outage, not the project");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (response.StatusCode, again.StatusCode));
        var rows = await desk.App.WithDbAsync(db => db.ProjectAttributions.Where(a => a.TicketId == ticket.Id).ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal((AttributionVerdict.NotRelated, "ISP outage, not the project", "Bo Second"), (row.Verdict, row.Note, row.ByName));
        // The repeat changed nothing: two entries, not three.
        Assert.Equal(
            [
                (null, $"Caused by {project.Number} (Looked like the cut-over)"),
                ($"Caused by {project.Number} (Looked like the cut-over)", $"Not related to {project.Number} (ISP outage, not the project)"),
            ],
            (await AuditAsync(scene.Api, ticket.Number)).Select(a => (a.OldValue, a.NewValue)));
        var verdicts = await scene.Api.GetFromJsonAsync<List<AttributionDto>>($"/api/v1/tickets/{ticket.Number}/attributions", BatonAppFactory.Json);
        Assert.Equal([(project.Number, "NotRelated")], verdicts!.Select(v => (v.ProjectNumber, v.Verdict)));
    }

    [Fact]
    public async Task Post_VerdictsOnTwoProjects_AreKeptApart_AndTheProjectListsItsTickets()
    {
        var (scene, project, ticket) = await ArrangeAsync();
        var second = await desk.ProjectAsync(scene, ProjectStatus.Hypercare, "Second", desk.Clock.Now.AddDays(-1));
        var otherTicket = await desk.IncidentAsync(scene, "Printer offline");

        await InsightDesk.AttributeAsync(scene.Api, ticket.Number, project.Number, "CausedBy");
        await InsightDesk.AttributeAsync(scene.Api, ticket.Number, second.Number, "NotRelated");
        await InsightDesk.AttributeAsync(scene.Api, otherTicket.Number, project.Number, "CausedBy", "Same VLAN");

        var insight = await InsightApiTests.GetAsync(scene.Api, ticket.Number);
        // A "caused by" verdict puts its project first, ahead of the hypercare one.
        Assert.Equal([(project.Number, "CausedBy"), (second.Number, "NotRelated")], insight.Projects.Select(p => (p.Number, p.Attribution?.Verdict)));
        var caused = await scene.Api.GetFromJsonAsync<List<ProjectVerdictDto>>($"/api/v1/projects/{project.Number}/attributions", BatonAppFactory.Json);
        Assert.Equal([(otherTicket.Number, "CausedBy", "Same VLAN"), (ticket.Number, "CausedBy", "")], caused!.Select(c => (c.TicketNumber, c.Verdict, c.Note)));
    }

    [Fact]
    public async Task Post_AnotherClientsProject_IsRefusedNamingProjectNumber()
    {
        var (scene, _, ticket) = await ArrangeAsync();
        var other = await desk.SceneAsync();
        var theirs = await desk.ProjectAsync(other, ProjectStatus.Active, "Theirs");

        var response = await InsightDesk.AttributeAsync(scene.Api, ticket.Number, theirs.Number, "CausedBy");

        await AssertProblemAsync(response, "projectNumber");
        Assert.Equal(0, await desk.App.WithDbAsync(db => db.ProjectAttributions.CountAsync(a => a.TicketId == ticket.Id)));
        Assert.Empty(await AuditAsync(scene.Api, ticket.Number));
    }

    [Theory]
    [InlineData("""{"projectNumber":"PRJ-999999","verdict":"CausedBy"}""", "projectNumber")]
    [InlineData("""{"projectNumber":"twelve","verdict":"CausedBy"}""", "projectNumber")]
    [InlineData("""{"projectNumber":"{project}","verdict":"Maybe"}""", "verdict")]
    [InlineData("""{"projectNumber":"{project}"}""", "verdict")]
    [InlineData("""{"verdict":"CausedBy"}""", "projectNumber")]
    [InlineData("""{"projectNumber":"{project}","verdict":"CausedBy","note":"{long}"}""", "note")]
    [InlineData("""{"projectNumber":"{project}","verdict":"CausedBy","colour":"red"}""", "colour")]
    public async Task Post_BadInput_AnswersAProblemNamingTheField(string json, string field)
    {
        var (scene, project, ticket) = await ArrangeAsync();
        var body = json.Replace("{project}", project.Number, StringComparison.Ordinal).Replace("{long}", new string('x', ProjectAttribution.NoteMaxLength + 1), StringComparison.Ordinal);

        var response = await scene.Api.PostAsync($"/api/v1/tickets/{ticket.Number}/attributions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, field);
    }

    [Fact]
    public async Task Post_AsAClientContact_IsForbiddenForTheirTicket_AndNotFoundForAnotherClients()
    {
        var (scene, project, ticket) = await ArrangeAsync();
        var other = await desk.SceneAsync();
        var theirs = await desk.IncidentAsync(other);
        using var contact = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(scene.Client));

        var own = await InsightDesk.AttributeAsync(contact, ticket.Number, project.Number, "NotRelated");
        var notTheirs = await InsightDesk.AttributeAsync(contact, theirs.Number, project.Number, "NotRelated");
        var list = await contact.GetAsync($"/api/v1/tickets/{ticket.Number}/attributions");
        var projectList = await contact.GetAsync($"/api/v1/projects/{project.Number}/attributions");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (own.StatusCode, notTheirs.StatusCode, list.StatusCode, projectList.StatusCode));
        Assert.Equal(0, await desk.App.WithDbAsync(db => db.ProjectAttributions.CountAsync(a => a.TicketId == ticket.Id)));
    }

    [Fact]
    public async Task Post_ToAClosedTicket_IsRecorded()
    {
        var (scene, project, ticket) = await ArrangeAsync();
        foreach (var (transition, note) in new[] { ("Acknowledge", (string?)null), ("Resolve", "Rebooted"), ("Close", null) })
        {
            Assert.Equal(HttpStatusCode.OK, (await scene.Api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition, note })).StatusCode);
        }

        var response = await InsightDesk.AttributeAsync(scene.Api, ticket.Number, project.Number, "CausedBy", "Found in the review");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Post_ManyTechniciansAtOnce_OneRowNoError_AndTheLastWriteStands()
    {
        var (scene, project, ticket) = await ArrangeAsync();
        var apis = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            apis.Add(await desk.App.ApiAsAsync(await desk.App.CreateAgentAsync($"Racer {i}")));
        }

        var responses = await Task.WhenAll(apis.Select((api, i) => InsightDesk.AttributeAsync(api, ticket.Number, project.Number, i % 2 == 0 ? "CausedBy" : "NotRelated", $"racer {i}")));

        foreach (var r in responses)
        {
            Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var row = Assert.Single(await desk.App.WithDbAsync(db => db.ProjectAttributions.Where(a => a.TicketId == ticket.Id).ToListAsync()));
        var audit = await AuditAsync(scene.Api, ticket.Number);
        Assert.Equal(6, audit.Count);
        // The row holds what the audit trail's last entry says, and each entry starts from the one before it.
        Assert.Equal(audit[^1].NewValue, $"{(row.Verdict == AttributionVerdict.CausedBy ? "Caused by" : "Not related to")} {project.Number} ({row.Note})");
        Assert.Equal(audit.Take(5).Select(a => a.NewValue), audit.Skip(1).Select(a => a.OldValue));
        apis.ForEach(a => a.Dispose());
    }

    private async Task<(InsightDesk.Scene Scene, BatonAppFactory.ProjectSetup Project, BatonAppFactory.TicketDto Ticket)> ArrangeAsync()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var scene = await desk.SceneAsync();
        var project = await desk.ProjectAsync(scene, ProjectStatus.Active, "Core switch refresh");
        return (scene, project, await desk.IncidentAsync(scene));
    }

    private static async Task<List<AuditDto>> AuditAsync(HttpClient api, string ticket) =>
        (await api.GetFromJsonAsync<List<AuditDto>>($"/api/v1/tickets/{ticket}/audit", BatonAppFactory.Json))!.Where(a => a.Field == "Project").ToList();

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    private sealed record AttributionDto(string TicketNumber, string ProjectNumber, string ProjectName, string Verdict, string Note, string ByName, DateTimeOffset At);

    private sealed record ProjectVerdictDto(string TicketNumber, string Title, string Verdict, string Note);

    private sealed record AuditDto(string Field, string? OldValue, string? NewValue, string ActorName);
}

using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Links;

/// <summary>/api/v1/{tickets|projects}/{number}/links: typed links, read from each side, seen only where both ends are visible.</summary>
public sealed class RecordLinksApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    public sealed record LinkDto(long Id, string Relation, string Phrase, string Kind, string Number, string Title, string Path, string Note, string CreatedByName, bool RecordedByVerdict);

    private sealed record World(HttpClient Staff, BatonAppFactory.ClientSetup Client, BatonAppFactory.TicketDto A, BatonAppFactory.TicketDto B, BatonAppFactory.ProjectSetup Project, BatonAppFactory.TestUser Agent);

    private async Task<World> ArrangeAsync()
    {
        var agent = await app.CreateAgentAsync("Ada Agent");
        var staff = await app.ApiAsAsync(agent);
        var client = await app.CreateClientAsync();
        var a = await BatonAppFactory.OpenIncidentAsync(staff, client, "Phones down");
        var b = await BatonAppFactory.OpenIncidentAsync(staff, client, "Phones down again");
        var project = await app.CreateProjectAsync(client, agent, ProjectStatus.Active, "Teams Phone");
        return new World(staff, client, a, b, project, agent);
    }

    private static Task<HttpResponseMessage> LinkAsync(HttpClient api, string path, string relation, string target, string? note = null) =>
        api.PostAsJsonAsync($"/api/v1/{path}/links", new { relation, target, note });

    private static async Task<List<LinkDto>> ListAsync(HttpClient api, string path) =>
        (await api.GetFromJsonAsync<List<LinkDto>>($"/api/v1/{path}/links", BatonAppFactory.Json))!;

    [Fact]
    public async Task Link_ChildOf_IsCreated_AndEachSideReadsItsOwnPhrase()
    {
        var w = await ArrangeAsync();

        var response = await LinkAsync(w.Staff, $"tickets/{w.B.Number}", "ChildOf", w.A.Number.ToLowerInvariant(), " same outage ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<LinkDto>(BatonAppFactory.Json))!;
        Assert.Equal(("ChildOf", "child of", w.A.Number, "same outage", "Ada Agent"), (created.Relation, created.Phrase, created.Number, created.Note, created.CreatedByName));
        var onParent = Assert.Single(await ListAsync(w.Staff, $"tickets/{w.A.Number}"));
        Assert.Equal(("ParentOf", "parent of", w.B.Number, $"/Tickets/{w.B.Number}"), (onParent.Relation, onParent.Phrase, onParent.Number, onParent.Path));
    }

    [Fact]
    public async Task Link_TicketAndProject_ShowsOnTheProjectToo_AndUnlinkRemovesIt()
    {
        var w = await ArrangeAsync();
        var created = (await (await LinkAsync(w.Staff, $"projects/{w.Project.Number}", "Implements", w.A.Number)).Content.ReadFromJsonAsync<LinkDto>(BatonAppFactory.Json))!;

        var onTicket = Assert.Single(await ListAsync(w.Staff, $"tickets/{w.A.Number}"));
        Assert.Equal(("ImplementedBy", "project", w.Project.Number, "Teams Phone"), (onTicket.Relation, onTicket.Kind, onTicket.Number, onTicket.Title));

        var removed = await w.Staff.DeleteAsync($"/api/v1/tickets/{w.A.Number}/links/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await ListAsync(w.Staff, $"projects/{w.Project.Number}"));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Staff.DeleteAsync($"/api/v1/tickets/{w.A.Number}/links/{created.Id}")).StatusCode);
    }

    [Fact]
    public async Task Link_TheSameLinkAgain_FromEitherSide_Is409()
    {
        var w = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.Created, (await LinkAsync(w.Staff, $"tickets/{w.A.Number}", "RelatedTo", w.B.Number)).StatusCode);

        var again = await LinkAsync(w.Staff, $"tickets/{w.B.Number}", "RelatedTo", w.A.Number);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(await ListAsync(w.Staff, $"tickets/{w.A.Number}"));
    }

    [Fact]
    public async Task Link_AParentChildCycle_Is409()
    {
        var w = await ArrangeAsync();
        var c = await BatonAppFactory.OpenIncidentAsync(w.Staff, w.Client, "Third");
        Assert.Equal(HttpStatusCode.Created, (await LinkAsync(w.Staff, $"tickets/{w.A.Number}", "ParentOf", w.B.Number)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await LinkAsync(w.Staff, $"tickets/{w.B.Number}", "ParentOf", c.Number)).StatusCode);

        var loop = await LinkAsync(w.Staff, $"tickets/{c.Number}", "ParentOf", w.A.Number);

        Assert.Equal(HttpStatusCode.Conflict, loop.StatusCode);
        Assert.Contains("already below", await loop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RelatedTo", "nonsense", "target")]
    [InlineData("RelatedTo", "SELF", "target")]
    [InlineData("DuplicateOf", "PROJECT", "relation")] // a ticket is not a duplicate of a project
    [InlineData("CausedBy", "PROJECT", "relation")] // that is the insight verdict's
    public async Task Link_BadInput_Is400NamingTheField(string relation, string target, string field)
    {
        var w = await ArrangeAsync();
        var number = target switch { "SELF" => w.A.Number, "PROJECT" => w.Project.Number, _ => target };

        var response = await LinkAsync(w.Staff, $"tickets/{w.A.Number}", relation, number);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_AnUnknownRelation_Is400NamingIt()
    {
        var w = await ArrangeAsync();

        var response = await LinkAsync(w.Staff, $"tickets/{w.A.Number}", "BlamedOn", w.B.Number);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("relation", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contacts_SeeOnlyLinksBetweenTheirOwnRecords_WithoutTheDesksNote_AndCannotLinkOrSeeOtherClients()
    {
        var w = await ArrangeAsync();
        var other = await app.CreateClientAsync();
        var theirs = await BatonAppFactory.OpenIncidentAsync(w.Staff, other, "Other client's outage");
        Assert.Equal(HttpStatusCode.Created, (await LinkAsync(w.Staff, $"tickets/{w.A.Number}", "RelatedTo", w.B.Number, "Same flaky switch, I think")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await LinkAsync(w.Staff, $"tickets/{w.A.Number}", "CausedBy", theirs.Number)).StatusCode);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(w.Client));
        using var otherContact = await app.ApiAsAsync(await app.CreateContactUserAsync(other));

        var seen = await ListAsync(contact, $"tickets/{w.A.Number}");

        Assert.Equal([w.B.Number], seen.Select(l => l.Number)); // the link to the other client's ticket is not shown
        Assert.Equal("", seen[0].Note); // the desk's working note, like an internal note, is staff-only
        Assert.Contains(await ListAsync(w.Staff, $"tickets/{w.A.Number}"), l => l.Note == "Same flaky switch, I think");
        Assert.Equal(HttpStatusCode.NotFound, (await otherContact.GetAsync($"/api/v1/tickets/{w.A.Number}/links")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await LinkAsync(otherContact, $"tickets/{w.A.Number}", "RelatedTo", theirs.Number)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await LinkAsync(contact, $"tickets/{w.A.Number}", "RelatedTo", w.B.Number)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contact.DeleteAsync($"/api/v1/tickets/{w.A.Number}/links/{seen[0].Id}")).StatusCode);
        var hidden = (await ListAsync(w.Staff, $"tickets/{w.A.Number}")).Single(l => l.Number == theirs.Number);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.DeleteAsync($"/api/v1/tickets/{w.A.Number}/links/{hidden.Id}")).StatusCode);
    }

    [Fact]
    public async Task Link_ToARecordTheUserCannotSee_Is404NamingTheTarget()
    {
        var w = await ArrangeAsync();
        var missing = await LinkAsync(w.Staff, $"tickets/{w.A.Number}", "RelatedTo", "INC-999999");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("INC-999999", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CausedByVerdict_ShowsAsALinkOnBothSides_CannotBeUnlinked_AndGoesWithNotRelated()
    {
        var w = await ArrangeAsync();
        var verdict = await w.Staff.PostAsJsonAsync($"/api/v1/tickets/{w.A.Number}/attributions", new { projectNumber = w.Project.Number, verdict = "CausedBy", note = "dial plan" });
        Assert.Equal(HttpStatusCode.Created, verdict.StatusCode);

        var onTicket = Assert.Single(await ListAsync(w.Staff, $"tickets/{w.A.Number}"));
        var onProject = Assert.Single(await ListAsync(w.Staff, $"projects/{w.Project.Number}"));
        Assert.Equal(("CausedBy", w.Project.Number, "dial plan", true), (onTicket.Relation, onTicket.Number, onTicket.Note, onTicket.RecordedByVerdict));
        Assert.Equal(("Caused", w.A.Number), (onProject.Relation, onProject.Number));
        Assert.Equal(HttpStatusCode.Conflict, (await w.Staff.DeleteAsync($"/api/v1/tickets/{w.A.Number}/links/{onTicket.Id}")).StatusCode);

        await w.Staff.PostAsJsonAsync($"/api/v1/tickets/{w.A.Number}/attributions", new { projectNumber = w.Project.Number, verdict = "NotRelated", note = "ISP" });

        Assert.Empty(await ListAsync(w.Staff, $"tickets/{w.A.Number}"));
    }
}

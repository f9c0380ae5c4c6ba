using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Tickets;

public sealed class TicketsApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record Page(List<TicketDto> Items, string? NextCursor);

    [Fact]
    public async Task Create_ReturnsCreatedTicket_WithHumanNumber_LocationAndETag()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();

        var response = await api.PostAsJsonAsync("/api/v1/tickets", new
        {
            title = "Mail server down", clientId = client.ClientId, requesterId = client.ContactId, kind = "Incident",
            impact = "High", urgency = "High", siteId = client.SiteId, configurationItemId = client.ConfigurationItemId,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = (await response.Content.ReadFromJsonAsync<TicketDto>(Json))!;
        Assert.Matches("^INC-\\d{6}$", ticket.Number);
        Assert.Equal("P1", ticket.Priority);
        Assert.Equal("New", ticket.Status);
        Assert.Equal($"/api/v1/tickets/{ticket.Number}", response.Headers.Location?.ToString());
        Assert.Equal($"\"{ticket.Version}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Create_ServiceRequest_GetsItsOwnNumberSeries()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();

        var response = await api.PostAsJsonAsync("/api/v1/tickets", new { title = "New laptop", clientId = client.ClientId, requesterId = client.ContactId, kind = "ServiceRequest" });

        var ticket = (await response.Content.ReadFromJsonAsync<TicketDto>(Json))!;
        Assert.Matches("^REQ-\\d{6}$", ticket.Number);
    }

    [Fact]
    public async Task Get_ByNumber_AcceptsWhatPeopleType()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var typed = ticket.Number.ToLowerInvariant().Replace("-0000", "-", StringComparison.Ordinal);
        var found = await api.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{typed}", Json);

        Assert.Equal(ticket.Number, found!.Number);
    }

    [Fact]
    public async Task List_FiltersByClientStatusTeamAssigneeKindAndUnassigned()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        var team = await app.CreateTeamAsync();
        using var api = await app.ApiAsAsync(agent);
        var assigned = await OpenIncidentAsync(api, client, "Assigned one", new { teamId = team, assigneeId = agent.Id });
        var unassigned = await OpenIncidentAsync(api, client, "Unassigned one");
        var request = await api.PostAsJsonAsync("/api/v1/tickets", new { title = "A request", clientId = client.ClientId, requesterId = client.ContactId, kind = "ServiceRequest" });
        var requestNumber = (await request.Content.ReadFromJsonAsync<TicketDto>(Json))!.Number;
        await Transition(api, unassigned.Number, "Acknowledge");

        async Task<List<string>> Numbers(string query) =>
            (await api.GetFromJsonAsync<Page>($"/api/v1/tickets?clientId={client.ClientId}&{query}", Json))!.Items.Select(t => t.Number).ToList();

        Assert.Equal([requestNumber, unassigned.Number, assigned.Number], await Numbers(""));
        Assert.Equal([unassigned.Number], await Numbers("status=Acknowledged"));
        Assert.Equal([requestNumber, assigned.Number], await Numbers("status=New"));
        Assert.Equal([assigned.Number], await Numbers($"teamId={team}"));
        Assert.Equal([assigned.Number], await Numbers($"assigneeId={agent.Id}"));
        Assert.Equal([assigned.Number], await Numbers("mine=true"));
        Assert.Equal([requestNumber, unassigned.Number], await Numbers("unassigned=true"));
        Assert.Equal([requestNumber], await Numbers("kind=ServiceRequest"));
        Assert.Equal([assigned.Number, unassigned.Number, requestNumber], await Numbers("sort=Oldest"));
    }

    [Fact]
    public async Task List_SearchFindsByNumberOrByEveryWordInTitleOrDescription()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var vpn = await OpenIncidentAsync(api, client, "VPN drops every ten minutes", new { description = "Working from HOME office" });
        await OpenIncidentAsync(api, client, "Printer jams");

        async Task<List<string>> Search(string q) =>
            (await api.GetFromJsonAsync<Page>($"/api/v1/tickets?clientId={client.ClientId}&q={Uri.EscapeDataString(q)}", Json))!.Items.Select(t => t.Number).ToList();

        Assert.Equal([vpn.Number], await Search("vpn home"));
        Assert.Equal([vpn.Number], await Search(vpn.Number));
        Assert.Empty(await Search("vpn printer"));
    }

    [Fact]
    public async Task List_CursorPagination_VisitsEveryTicketOnce_InEachSortOrder()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var created = new List<string>();
        var levels = new[] { "High", "Medium", "Low" };
        for (var i = 0; i < 7; i++)
        {
            created.Add((await OpenIncidentAsync(api, client, $"Ticket {i}", new { impact = levels[i % 3], urgency = levels[(i + 1) % 3] })).Number);
        }

        foreach (var sort in new[] { "Newest", "Oldest", "Priority", "Updated" })
        {
            var seen = new List<TicketDto>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = (await api.GetFromJsonAsync<Page>($"/api/v1/tickets?clientId={client.ClientId}&sort={sort}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"), Json))!;
                Assert.True(page.Items.Count <= 3);
                seen.AddRange(page.Items);
                cursor = page.NextCursor;
                pages++;
            }
            while (cursor is not null);

            Assert.Equal(3, pages);
            Assert.Equal(created.Order(), seen.Select(t => t.Number).Order());
            if (sort == "Priority")
            {
                Assert.Equal(seen.Select(t => t.Priority).Order(), seen.Select(t => t.Priority));
            }
        }
    }

    [Fact]
    public async Task Transitions_WalkTheLifecycle_AndAnIllegalMoveIsA409NamingWhatIsAllowed()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var illegal = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Close" });
        Assert.True(illegal.StatusCode == HttpStatusCode.Conflict, await illegal.Content.ReadAsStringAsync());
        var problem = await illegal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Acknowledge", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await Transition(api, ticket.Number, "Acknowledge");
        await Transition(api, ticket.Number, "StartWork");
        await Transition(api, ticket.Number, "AwaitCustomer");
        await Transition(api, ticket.Number, "Resume");
        var resolved = await Transition(api, ticket.Number, "Resolve", "Replaced the toner.");
        Assert.Equal("Resolved", resolved.Status);
        Assert.Equal("Replaced the toner.", resolved.ResolutionNote);
        await Transition(api, ticket.Number, "Reopen", "It jammed again");
        await Transition(api, ticket.Number, "Resolve", "Replaced the fuser.");
        var closed = await Transition(api, ticket.Number, "Close");
        Assert.Equal("Closed", closed.Status);

        var audit = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/audit");
        var statuses = audit!.Where(a => a.GetProperty("field").GetString() == "Status").Select(a => a.GetProperty("newValue").GetString()).ToList();
        Assert.Equal(["Acknowledged", "InProgress", "AwaitingCustomer", "InProgress", "Resolved", "InProgress", "Resolved", "Closed"], statuses);
    }

    [Fact]
    public async Task Resolve_WithoutNote_IsA400NamingTheNote()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        await Transition(api, ticket.Number, "Acknowledge");

        var response = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Resolve" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("note", out _));
    }

    [Fact]
    public async Task Assignment_And_Messages_ShowUpInTheAuditTrailAndTimeline()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync("Ravi Patel");
        var team = await app.CreateTeamAsync("Infra " + Guid.NewGuid().ToString("N")[..6]);
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var assign = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = team, assigneeId = agent.Id });
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "On it." })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Suspect the fuser.", @internal = true })).StatusCode);

        var audit = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/audit");
        Assert.Contains(audit!, a => a.GetProperty("field").GetString() == "Assignee" && a.GetProperty("newValue").GetString() == "Ravi Patel");
        var messages = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/messages");
        Assert.Equal([false, true], messages!.Select(m => m.GetProperty("internal").GetBoolean()));
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheFieldsSent_AndRederivesPriority()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client, "Original title", new { description = "Keep me", siteId = client.SiteId });

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{ticket.Number}")
        {
            Content = JsonContent.Create(new { impact = "High", urgency = "High", siteId = (int?)null }),
        };
        patch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{ticket.Version}\""));
        var response = await api.SendAsync(patch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("P1", updated.GetProperty("priority").GetString());
        Assert.Equal("Original title", updated.GetProperty("title").GetString());
        Assert.Equal("Keep me", updated.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("siteId").ValueKind);
        Assert.NotEqual($"\"{ticket.Version}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Create_AnswersWithExactlyWhatAGetReturns()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync("Dana Ops");
        var team = await app.CreateTeamAsync();
        var categoryId = await app.WithDbAsync(async db =>
        {
            var category = new Baton.Domain.Teams.Category("Network " + Guid.NewGuid().ToString("N")[..6]);
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });
        using var api = await app.ApiAsAsync(agent);

        var created = await api.PostAsJsonAsync("/api/v1/tickets", new
        {
            title = "Everything set", description = "All references", clientId = client.ClientId, requesterId = client.ContactId,
            siteId = client.SiteId, configurationItemId = client.ConfigurationItemId, categoryId, teamId = team, assigneeId = agent.Id,
            kind = "ServiceRequest", requestType = "NonTechnical", impact = "Low", urgency = "High",
        });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var fetched = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{body.GetProperty("number").GetString()}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(fetched.ToString(), body.ToString());
        Assert.Equal("Dana Ops", body.GetProperty("assigneeName").GetString());
        Assert.Equal("Head office", body.GetProperty("siteName").GetString());
    }

    internal static async Task<TicketDto> Transition(HttpClient api, string number, string transition, string? note = null)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition, note });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{transition}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<TicketDto>(Json))!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Tickets;

/// <summary>A client contact of one organisation cannot reach another's ticket by any route: it does not exist for them.</summary>
public sealed class TenantIsolationTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record World(ClientSetup Mine, ClientSetup Theirs, TicketDto MyTicket, TicketDto TheirTicket, long TheirAttachmentId, TestUser Contact);

    private async Task<World> ArrangeAsync()
    {
        var mine = await app.CreateClientAsync();
        var theirs = await app.CreateClientAsync();
        using var agent = await app.ApiAsNewAgentAsync();
        var myTicket = await OpenIncidentAsync(agent, mine, "Mine");
        var theirTicket = await OpenIncidentAsync(agent, theirs, "Theirs");
        using var form = new MultipartFormDataContent { { new ByteArrayContent("secret"u8.ToArray()), "file", "secret.txt" } };
        var upload = await agent.PostAsync($"/api/v1/tickets/{theirTicket.Number}/attachments", form);
        var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return new World(mine, theirs, myTicket, theirTicket, attachmentId, await app.CreateContactUserAsync(mine));
    }

    [Fact]
    public async Task EveryTicketEndpoint_AnswersNotFound_ForAnotherClientsTicket()
    {
        var w = await ArrangeAsync();
        using var api = await app.ApiAsAsync(w.Contact);
        var n = w.TheirTicket.Number;
        var requests = new (string Method, string Url, string? Json)[]
        {
            ("GET", $"/api/v1/tickets/{n}", null),
            ("PATCH", $"/api/v1/tickets/{n}", "{\"title\":\"hijacked\"}"),
            ("POST", $"/api/v1/tickets/{n}/assignment", "{\"teamId\":null,\"assigneeId\":null}"),
            ("POST", $"/api/v1/tickets/{n}/transitions", "{\"transition\":\"Acknowledge\"}"),
            ("GET", $"/api/v1/tickets/{n}/messages", null),
            ("POST", $"/api/v1/tickets/{n}/messages", "{\"body\":\"hello\"}"),
            ("GET", $"/api/v1/tickets/{n}/audit", null),
            ("GET", $"/api/v1/tickets/{n}/attachments", null),
            ("POST", $"/api/v1/tickets/{n}/attachments", null),
            ("GET", $"/api/v1/tickets/{n}/attachments/{w.TheirAttachmentId}", null),
            ("GET", $"/api/v1/tickets/{w.MyTicket.Number}/attachments/{w.TheirAttachmentId}", null),
            ("GET", $"/api/v1/clients/{w.Theirs.ClientId}", null),
            ("GET", $"/api/v1/clients/{w.Theirs.ClientId}/contacts", null),
            ("GET", $"/api/v1/clients/{w.Theirs.ClientId}/sites", null),
            ("GET", $"/api/v1/clients/{w.Theirs.ClientId}/configuration-items", null),
        };

        foreach (var (method, url, json) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method == "PATCH")
            {
                request.Headers.TryAddWithoutValidation("If-Match", $"\"{w.TheirTicket.Version}\"");
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            else if (url.EndsWith("/attachments", StringComparison.Ordinal) && method == "POST")
            {
                request.Content = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "x.txt" } };
            }

            var response = await api.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} → {(int)response.StatusCode}");
        }

        var untouched = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Tickets, t => t.Number == n));
        Assert.Equal("Theirs", untouched.Title);
        Assert.Empty(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            System.Linq.Queryable.Where(db.TicketMessages, m => m.TicketId == untouched.Id))));
    }

    [Fact]
    public async Task TheQueue_AndSearch_ShowOnlyTheirOwnTickets_EvenWhenFilteringForAnotherClient()
    {
        var w = await ArrangeAsync();
        using var api = await app.ApiAsAsync(w.Contact);

        var all = await api.GetFromJsonAsync<JsonElement>("/api/v1/tickets?limit=100");
        var filtered = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets?clientId={w.Theirs.ClientId}");
        var searched = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets?q={w.TheirTicket.Number}");
        var clients = await api.GetFromJsonAsync<JsonElement>("/api/v1/clients");

        Assert.Equal([w.MyTicket.Number], all.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("number").GetString()));
        Assert.Empty(filtered.GetProperty("items").EnumerateArray());
        Assert.Empty(searched.GetProperty("items").EnumerateArray());
        Assert.Equal([w.Mine.ClientId], clients.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task EveryTicketPage_AnswersNotFound_ForAnotherClientsTicket()
    {
        var w = await ArrangeAsync();
        using var page = await app.SignInAsync(w.Contact.Email, UserPassword);
        var n = w.TheirTicket.Number;

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/Tickets/{n}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/Tickets/{n}?handler=Download&attachmentId={w.TheirAttachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/Tickets/{w.MyTicket.Number}?handler=Download&attachmentId={w.TheirAttachmentId}")).StatusCode);
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
        {
            ("Reply", new() { ["Reply.Body"] = "hello" }),
            ("Move", new() { ["Move.Transition"] = "Acknowledge", ["Move.Version"] = "1" }),
            ("Assign", new() { ["Assignment.Version"] = "1" }),
            ("Edit", new() { ["Edit.Title"] = "hijacked", ["Edit.Version"] = "1", ["Edit.Impact"] = "High", ["Edit.Urgency"] = "High", ["Edit.RequestType"] = "Technical" }),
        })
        {
            // The form's token comes from the contact's own ticket page; the post targets the other client's ticket.
            var response = await page.PostFormAsync($"/Tickets/{n}?handler={handler}", fields, formPage: $"/Tickets/{w.MyTicket.Number}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler} → {(int)response.StatusCode}");
        }

        var queue = await page.GetHtmlAsync("/Tickets?Filter.Status=all");
        Assert.Contains(w.MyTicket.Number, queue, StringComparison.Ordinal);
        Assert.DoesNotContain(n, queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContact_SeesNoInternalNotesOrAuditOnTheirOwnTicket_AndCannotActAsAnAgent()
    {
        var w = await ArrangeAsync();
        using var agent = await app.ApiAsNewAgentAsync();
        await agent.PostAsJsonAsync($"/api/v1/tickets/{w.MyTicket.Number}/messages", new { body = "Public answer" });
        await agent.PostAsJsonAsync($"/api/v1/tickets/{w.MyTicket.Number}/messages", new { body = "Internal gossip", @internal = true });
        using var api = await app.ApiAsAsync(w.Contact);

        var messages = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{w.MyTicket.Number}/messages");
        Assert.Equal(["Public answer"], messages!.Select(m => m.GetProperty("body").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/tickets/{w.MyTicket.Number}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync($"/api/v1/tickets/{w.MyTicket.Number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/tickets/{w.MyTicket.Number}/messages", new { body = "psst", @internal = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/tickets/{w.MyTicket.Number}/messages", new { body = "Thanks!" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/agents")).StatusCode);

        using var page = await app.SignInAsync(w.Contact.Email, UserPassword);
        var html = await page.GetHtmlAsync($"/Tickets/{w.MyTicket.Number}");
        Assert.Contains("Public answer", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal gossip", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContact_RaisesTicketsOnlyForTheirOwnOrganisation_AsTheRequester()
    {
        var w = await ArrangeAsync();
        using var api = await app.ApiAsAsync(w.Contact);

        var own = await api.PostAsJsonAsync("/api/v1/tickets", new { title = "My laptop is slow" });
        var other = await api.PostAsJsonAsync("/api/v1/tickets", new { title = "Sneaky", clientId = w.Theirs.ClientId });

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var ticket = await own.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(w.Mine.ClientId, ticket.GetProperty("clientId").GetInt32());
        Assert.Equal(w.Mine.ContactId, ticket.GetProperty("requesterId").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }
}

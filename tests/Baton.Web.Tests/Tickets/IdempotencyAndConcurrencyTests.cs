using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Tickets;

public sealed class IdempotencyAndConcurrencyTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static HttpRequestMessage CreateRequest(ClientSetup client, string key, string title = "Retried create") =>
        new(HttpMethod.Post, "/api/v1/tickets")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { title, clientId = client.ClientId, requesterId = client.ContactId }),
        };

    private Task<int> CountTicketsAsync(ClientSetup client) => app.WithDbAsync(db => db.Tickets.CountAsync(t => t.ClientId == client.ClientId));

    [Fact]
    public async Task RetriedCreate_WithTheSameKey_ReturnsTheOriginalTicket_AndCreatesNoDuplicate()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var key = Guid.NewGuid().ToString();

        var first = await api.SendAsync(CreateRequest(client, key));
        var retry = await api.SendAsync(CreateRequest(client, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var a = await first.Content.ReadFromJsonAsync<TicketDto>(Json);
        var b = await retry.Content.ReadFromJsonAsync<TicketDto>(Json);
        Assert.Equal(a!.Number, b!.Number);
        Assert.Equal(1, await CountTicketsAsync(client));
    }

    [Fact]
    public async Task ConcurrentRetries_WithTheSameKey_CreateExactlyOneTicket()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.SendAsync(CreateRequest(client, key))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<TicketDto>(Json))!.Number));
        Assert.Single(numbers.Distinct());
        Assert.Equal(1, await CountTicketsAsync(client));
    }

    [Fact]
    public async Task SameKey_WithADifferentBody_IsA422_AndCreatesNothing()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var key = Guid.NewGuid().ToString();
        await api.SendAsync(CreateRequest(client, key, "First"));

        var reused = await api.SendAsync(CreateRequest(client, key, "Something else"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountTicketsAsync(client));
    }

    [Fact]
    public async Task TheSameKey_FromAnotherUser_IsTheirOwnKey()
    {
        var client = await app.CreateClientAsync();
        using var one = await app.ApiAsNewAgentAsync();
        using var two = await app.ApiAsNewAgentAsync();
        var key = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await one.SendAsync(CreateRequest(client, key))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await two.SendAsync(CreateRequest(client, key))).StatusCode);
        Assert.Equal(2, await CountTicketsAsync(client));
    }

    [Fact]
    public async Task ConcurrentCreates_GetDistinctConsecutiveNumbers()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();

        var tickets = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => OpenIncidentAsync(api, client, $"Parallel {i}")));

        Assert.Equal(10, tickets.Select(t => t.Number).Distinct().Count());
    }

    [Fact]
    public async Task ARetryInsideABurstOfCreates_FailsAlone_AndEveryOtherCreationIsWritten()
    {
        // Concurrent creations are committed in groups; a duplicate key in a group must not take the others down.
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var shared = Guid.NewGuid().ToString();

        var requests = Enumerable.Range(0, 16).Select(i => i % 4 == 0 ? CreateRequest(client, shared) : CreateRequest(client, Guid.NewGuid().ToString(), $"Burst {i}"));
        var responses = await Task.WhenAll(requests.Select(r => api.SendAsync(r)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(13, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(13, await CountTicketsAsync(client));
        var numbers = await app.WithDbAsync(db => db.Tickets.Where(t => t.ClientId == client.ClientId).Select(t => t.Number).ToListAsync());
        var sequence = numbers.Select(n => int.Parse(n[4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(sequence[0], 13), sequence);
    }

    [Fact]
    public async Task ARetry_AfterTheClientWasDeactivated_StillReturnsTheTicketItCreated()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var key = Guid.NewGuid().ToString();
        var first = await (await api.SendAsync(CreateRequest(client, key))).Content.ReadFromJsonAsync<TicketDto>(Json);
        await app.WithDbAsync(async db =>
        {
            var stored = await db.Clients.SingleAsync(c => c.Id == client.ClientId);
            stored.Update(stored.Name, stored.Code, isActive: false);
            await db.SaveChangesAsync();
        });

        var retry = await api.SendAsync(CreateRequest(client, key));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(first!.Number, (await retry.Content.ReadFromJsonAsync<TicketDto>(Json))!.Number);
    }

    private static HttpRequestMessage Patch(string number, int? version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{number}") { Content = JsonContent.Create(body) };
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        }

        return request;
    }

    [Fact]
    public async Task StaleUpdate_IsRefusedWith412_AndTheOtherEditSurvives()
    {
        var client = await app.CreateClientAsync();
        using var alice = await app.ApiAsNewAgentAsync();
        using var bob = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(alice, client, "Original");

        var aliceEdit = await alice.SendAsync(Patch(ticket.Number, ticket.Version, new { title = "Alice's title" }));
        var bobEdit = await bob.SendAsync(Patch(ticket.Number, ticket.Version, new { title = "Bob's title" }));

        Assert.Equal(HttpStatusCode.OK, aliceEdit.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, bobEdit.StatusCode);
        var problem = await bobEdit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("changed by someone else", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var current = await alice.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Number}", Json);
        Assert.Equal("Alice's title", current!.Title);
    }

    [Fact]
    public async Task UpdateWithoutIfMatch_IsRefusedWith428()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var response = await api.SendAsync(Patch(ticket.Number, null, new { title = "Blind write" }));

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TransitionWithStaleIfMatch_IsRefused_AndTheStatusStays()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        await TicketsApiTests.Transition(api, ticket.Number, "Acknowledge");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{ticket.Number}/transitions") { Content = JsonContent.Create(new { transition = "StartWork" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ticket.Version}\""));
        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("Acknowledged", (await api.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Number}", Json))!.Status);
    }

    [Fact]
    public async Task StaleFormPost_OnTheTicketPage_ShowsWhatHappened_AndDoesNotOverwrite()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client, "Page original");
        using var page = await app.SignInAsAgentAsync();
        var staleVersion = ticket.Version;
        using (var patch = Patch(ticket.Number, ticket.Version, new { title = "Changed via API" }))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(patch)).StatusCode);
        }

        var response = await page.PostFormAsync($"/Tickets/{ticket.Number}?handler=Edit", new()
        {
            ["Edit.Title"] = "Changed on the page", ["Edit.Impact"] = "Low", ["Edit.Urgency"] = "Low", ["Edit.RequestType"] = "Technical",
            ["Edit.Version"] = staleVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("changed by someone else", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Changed via API", (await api.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Number}", Json))!.Title);
    }
}

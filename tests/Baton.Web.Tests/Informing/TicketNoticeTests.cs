using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Informing;

/// <summary>Record events become notifications for the people the ticket names and the matrix informs (issue 13).</summary>
public sealed class TicketNoticeTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static Task<List<JsonElement>> NoticesAsync(HttpClient api, string number) => TicketNoticesRead.NoticesAsync(api, number);

    private static Task UntilAsync(HttpClient api, string number, Func<List<JsonElement>, bool> condition, string what) =>
        Eventually.HoldsAsync(async () => condition(await NoticesAsync(api, number)), what);

    private Task AllHandledAsync(long ticketId) => TicketNoticesRead.AllHandledAsync(app, ticketId);

    [Fact]
    public async Task AssigningATicket_TellsTheNewAssignee_ButNotWhoAssignedIt()
    {
        var client = await app.CreateClientAsync();
        var dispatcher = await app.CreateAgentAsync("Disa Patcher");
        var agent = await app.CreateAgentAsync("Dana Assignee");
        var dispatcherApi = await app.ApiAsAsync(dispatcher);
        var ticket = await BatonAppFactory.OpenIncidentAsync(dispatcherApi, client);

        var assigned = await dispatcherApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = (int?)null, assigneeId = agent.Id });
        Assert.True(assigned.StatusCode == HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());

        var agentApi = await app.ApiAsAsync(agent);
        await UntilAsync(agentApi, ticket.Number, n => n.Any(x => x.GetProperty("kind").GetString() == "AssignedToYou"), "the assignee is told");
        var notice = (await NoticesAsync(agentApi, ticket.Number)).Single(x => x.GetProperty("kind").GetString() == "AssignedToYou");
        Assert.Contains("assigned to you by Disa Patcher", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        await AllHandledAsync(ticket.Id);
        Assert.Empty(await NoticesAsync(dispatcherApi, ticket.Number));
    }

    [Fact]
    public async Task ThreeCustomerRepliesWithinFiveMinutes_AreOneNotification_ForTheAssignee()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        var agentApi = await app.ApiAsAsync(agent);
        var contactApi = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client);
        await agentApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = (int?)null, assigneeId = agent.Id });

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await contactApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = $"Still broken ({i})" })).StatusCode);
            await AllHandledAsync(ticket.Id);
        }

        var replies = (await NoticesAsync(agentApi, ticket.Number)).Where(x => x.GetProperty("kind").GetString() == "CustomerReplied").ToList();
        var one = Assert.Single(replies);
        Assert.Equal(3, one.GetProperty("count").GetInt32());
        Assert.Equal($"3 new replies on {ticket.Number}", one.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ResolvingAP1_InformsTheServiceManager_NeverAnotherClientsItManager_NorWhoResolvedIt()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var manager = await app.CreateUserAsync(Roles.Manager, null, "Grace Manager");
        var otherItManager = await app.CreateContactUserAsync(other);
        await app.WithDbAsync(async db =>
        {
            var role = db.ContactRoles.Single(r => r.Key == ContactRoleKeys.ItManager).Id;
            db.ContactRoleMemberships.Add(new ContactRoleMembership(client.ContactId, role));
            db.ContactRoleMemberships.Add(new ContactRoleMembership(other.ContactId, role));
            await db.SaveChangesAsync();
        });
        var agent = await app.CreateAgentAsync();
        var agentApi = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, extra: new { impact = "High", urgency = "High" });
        Assert.Equal("P1", ticket.Priority);

        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "Acknowledge");
        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "Resolve", "Replaced the switch.");
        await AllHandledAsync(ticket.Id);

        var managerNotices = await NoticesAsync(await app.ApiAsAsync(manager), ticket.Number);
        Assert.Contains(managerNotices, n => n.GetProperty("kind").GetString() == "Resolved");
        Assert.Contains(managerNotices, n => n.GetProperty("kind").GetString() == "Opened");
        // Another client's IT manager (the same contact role, the same matrix cell) hears nothing of this client's P1.
        Assert.Empty(await NoticesAsync(await app.ApiAsAsync(otherItManager), ticket.Number));
        Assert.DoesNotContain(await NoticesAsync(agentApi, ticket.Number), n => n.GetProperty("kind").GetString() == "Resolved");
    }

    [Fact]
    public async Task AnItManagerWhoIsNotTheRequester_IsToldOfTheirClientsP1_InApp()
    {
        var client = await app.CreateClientAsync();
        var itManagerContact = await app.WithDbAsync(async db =>
        {
            var contact = new Baton.Domain.Clients.Contact(client.ClientId, "Omar IT", $"omar.{client.Code.ToLowerInvariant()}@example.test", null, null, null);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            db.ContactRoleMemberships.Add(new ContactRoleMembership(contact.Id, db.ContactRoles.Single(r => r.Key == ContactRoleKeys.ItManager).Id));
            await db.SaveChangesAsync();
            return contact.Id;
        });
        var omar = await app.CreateUserAsync(Roles.ClientContact, client with { ContactId = itManagerContact });
        var agentApi = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, extra: new { impact = "High", urgency = "High" });

        var omarApi = await app.ApiAsAsync(omar);
        await UntilAsync(omarApi, ticket.Number, n => n.Any(x => x.GetProperty("kind").GetString() == "Opened"), "the client's IT manager hears of the P1");
    }

    [Fact]
    public async Task SomeoneWhoTurnedAKindOff_HearsNothingOfIt_AndAnSlaBreachCannotBeTurnedOff()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        var agentApi = await app.ApiAsAsync(agent);
        var saved = await agentApi.PutAsJsonAsync("/api/v1/notifications/preferences", new { preferences = new[] { new { kind = "AssignedToYou", delivery = "Off" } } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains((await saved.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), p => p.GetProperty("kind").GetString() == "AssignedToYou" && p.GetProperty("delivery").GetString() == "Off");

        var refused = await agentApi.PutAsJsonAsync("/api/v1/notifications/preferences", new { preferences = new[] { new { kind = "SlaBreached", delivery = "Off" } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("preferences[0].delivery", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var otherApi = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(otherApi, client);
        await otherApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = (int?)null, assigneeId = agent.Id });
        await AllHandledAsync(ticket.Id);
        Assert.Empty(await NoticesAsync(agentApi, ticket.Number));
    }
}

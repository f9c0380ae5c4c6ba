using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Automation;
using Baton.Domain.Informing;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Automation;

/// <summary>Automation rules (issue 14): written over HTTP, acting on events and as time passes, guarded against loops.</summary>
public sealed class AutomationRulesTests(AutomationDesk desk) : IClassFixture<AutomationDesk>
{
    private BatonAppFactory App => desk.App;

    private async Task<HttpClient> AdminApiAsync() => await App.ApiAsAsync(await App.CreateUserAsync(Roles.Administrator));

    private static object Rule(string name, string trigger, object[] conditions, object[] actions, bool? enabled = null) =>
        new { name, trigger, conditions, actions, enabled };

    private static object If(string field, string op, string? value = null) => new { field, @operator = op, value };

    private static object Then(string kind, string? value = null) => new { kind, value };

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<List<(string Field, string? New, string Actor)>> TrailAsync(long ticketId) => App.WithDbAsync(async db =>
        (await db.AuditEntries.AsNoTracking().Where(a => a.RecordKind == Ticket.RecordKind && a.RecordId == ticketId).OrderBy(a => a.Id)
            .Select(a => new { a.Field, a.NewValue, a.ActorName }).ToListAsync()).Select(a => (a.Field, a.NewValue, a.ActorName)).ToList());

    [Fact]
    public async Task ARuleWrittenOverTheApi_ActsOnTheNextMatchingEvent_AsTheRule_WithItsPlaceholdersFilled()
    {
        var client = await App.CreateClientAsync();
        var lead = await App.CreateAgentAsync("Lena Lead");
        var admin = await AdminApiAsync();
        await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule(
            "Page the lead on P1s", "TicketOpened",
            [If("Client", "Is", client.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), If("Priority", "Is", "P1")],
            [Then("AddInternalNote", "Paged {{ rule.name }} for {{ ticket.number }} ({{ client.name }})."), Then("NotifyPeople", lead.Id)])));
        await desk.InForceAsync("Page the lead on P1s");
        var agentApi = await App.ApiAsNewAgentAsync();

        var p3 = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Mouse squeaks");
        var p1 = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Core switch down", extra: new { impact = "High", urgency = "High" });
        await desk.SettleAsync(p1.Id);
        await desk.SettleAsync(p3.Id);

        var note = await App.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == p1.Id && m.Visibility == MessageVisibility.Internal).SingleAsync());
        Assert.StartsWith($"Paged Page the lead on P1s for {p1.Number} (", note.Body, StringComparison.Ordinal);
        Assert.Equal("Rule: Page the lead on P1s", note.AuthorName);
        Assert.Contains(await TrailAsync(p1.Id), e => e.Field == Ticket.AutomationField && e.New!.Contains("notified 1 person", StringComparison.Ordinal));
        var leadNotices = await Informing.TicketNoticesRead.NoticesAsync(await App.ApiAsAsync(lead), p1.Number);
        Assert.Equal("RuleNotice", Assert.Single(leadNotices).GetProperty("kind").GetString());
        Assert.False(await App.WithDbAsync(db => db.TicketMessages.AnyAsync(m => m.TicketId == p3.Id && m.Visibility == MessageVisibility.Internal)), "a P3 does not match");
        // What the new ticket's event says (client, kind, priority) already rules the P3 out: it costs no automation job at all.
        Assert.True(await App.WithDbAsync(db => db.RecordEvents.AnyAsync(j => j.RecordId == p1.Id && j.Handler == "automation-TicketOpened")));
        Assert.False(await App.WithDbAsync(db => db.RecordEvents.AnyAsync(j => j.RecordId == p3.Id && j.Handler == "automation-TicketOpened")));
    }

    [Fact]
    public async Task ARuleThatCannotWork_IsRefused_NamingTheConditionOrActionToFix_AndNothingIsSaved()
    {
        var admin = await AdminApiAsync();
        var before = await App.WithDbAsync(db => db.AutomationRules.CountAsync());

        var badValue = await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule("x", "TicketOpened", [If("Priority", "Is", "urgent")], [Then("AddInternalNote", "hi")]));
        var noTeam = await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule("x", "TicketOpened", [], [Then("AddInternalNote", "hi"), Then("AssignTeam", "999999")]));
        var badTemplate = await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule("x", "TicketOpened", [], [Then("SendReply", "Hello {{ requester.name ")]));
        var everyMinute = await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule("x", "TimePassed", [If("Status", "Is", "Resolved")], [Then("Move", "Close")]));
        var contact = await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule("x", "TicketOpened", [], [Then("NotifyPeople", (await App.CreateContactUserAsync(await App.CreateClientAsync())).Id)]));

        await AssertProblemAsync(badValue, "conditions[0]", "\"urgent\"");
        await AssertProblemAsync(noTeam, "actions[1].value", "no team 999999");
        await AssertProblemAsync(badTemplate, "actions[0].value", "placeholders");
        await AssertProblemAsync(everyMinute, "conditions", "time condition");
        await AssertProblemAsync(contact, "actions[0].value", "staff only");
        Assert.Equal(before, await App.WithDbAsync(db => db.AutomationRules.CountAsync()));

        static async Task AssertProblemAsync(HttpResponseMessage response, string field, string says)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
            Assert.Contains(messages, m => m!.Contains(says, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task OnlyAnAdministrator_WritesRules()
    {
        var agentApi = await App.ApiAsNewAgentAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await agentApi.GetAsync("/api/v1/automation-rules")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentApi.PostAsJsonAsync("/api/v1/automation-rules", Rule("x", "TicketOpened", [], [Then("AddInternalNote", "hi")]))).StatusCode);
    }

    [Fact]
    public async Task TwoRulesThatSetEachOtherOff_StopAtTheLoopGuard_AndTheTicketsTimelineSaysSo()
    {
        var client = await App.CreateClientAsync();
        var admin = await AdminApiAsync();
        var clientId = client.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule(
            "Wait on the customer", "StatusChanged", [If("Client", "Is", clientId), If("Status", "Is", "InProgress")], [Then("Move", "AwaitCustomer")])));
        await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule(
            "Carry on", "StatusChanged", [If("Client", "Is", clientId), If("Status", "Is", "AwaitingCustomer")], [Then("Move", "Resume")])));
        await desk.InForceAsync("Wait on the customer", "Carry on");
        var agentApi = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client);

        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "Acknowledge");
        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "StartWork");
        await desk.SettleAsync(ticket.Id);

        var runs = await App.WithDbAsync(db => db.AutomationRuns.AsNoTracking().Where(r => r.TicketId == ticket.Id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([AutomationOutcome.Acted, AutomationOutcome.Acted, AutomationOutcome.Acted, AutomationOutcome.StoppedByGuard], runs.Select(r => r.Outcome));
        var stopped = (await TrailAsync(ticket.Id)).Last(e => e.Field == Ticket.AutomationField);
        Assert.Contains("loop guard", stopped.New, StringComparison.Ordinal);
        Assert.Contains("Wait on the customer → Carry on → Wait on the customer → Carry on", stopped.New, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.AwaitingCustomer, await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task ADryRun_ListsTheRecentTicketsTheRuleWouldMatch_WithWhatItWouldDo_AndChangesNothing()
    {
        var client = await App.CreateClientAsync();
        var agentApi = await App.ApiAsNewAgentAsync();
        var p1 = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Payroll down", extra: new { impact = "High", urgency = "High" });
        await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Toner low");
        await desk.SettleAsync(p1.Id);
        var admin = await AdminApiAsync();

        var run = await admin.PostAsJsonAsync("/api/v1/automation-rules/dry-run", Rule(
            "P1s of this client", "TicketOpened", [If("Client", "Is", client.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), If("Priority", "Is", "P1")],
            [Then("AddInternalNote", "dry")]));

        Assert.True(run.StatusCode == HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var body = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("matched").GetInt32());
        var match = Assert.Single(body.GetProperty("matches").EnumerateArray());
        Assert.Equal(p1.Number, match.GetProperty("number").GetString());
        Assert.Contains("Add internal note", match.GetProperty("wouldDo").GetString(), StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync(db => db.TicketMessages.AnyAsync(m => m.TicketId == p1.Id && m.Body == "dry")));
        Assert.False(await App.WithDbAsync(db => db.AutomationRules.AnyAsync(r => r.Name == "P1s of this client")));
    }

    [Fact]
    public async Task EditingARule_FromAnOlderVersion_IsRefused_AndEachEditIsOnItsTrail()
    {
        var admin = await AdminApiAsync();
        var created = await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule("Off by default", "Reopened", [If("Priority", "Is", "P2")], [Then("AddInternalNote", "Reopened.")], enabled: false)));
        var id = created.GetProperty("id").GetInt32();
        var edit = Rule("Off by default", "Reopened", [If("Priority", "Is", "P1, P2")], [Then("AddInternalNote", "Reopened.")]);

        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/automation-rules/{id}") { Content = JsonContent.Create(edit) };
        first.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(first)).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/automation-rules/{id}") { Content = JsonContent.Create(edit) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);
        var trail = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.RecordKind == AutomationRule.RecordKind && a.RecordId == id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Rule", "If"], trail.Select(a => a.Field));
        Assert.Equal("Priority is P1, P2", trail[1].NewValue);
    }

    [Fact]
    public async Task ARuleNotifyingAContactRole_TellsOnlyTheTicketsOwnClient_NeverAnotherClientsContactInTheRole()
    {
        var client = await App.CreateClientAsync();
        var other = await App.CreateClientAsync();
        var mine = await App.CreateContactUserAsync(client);
        var theirs = await App.CreateContactUserAsync(other);
        await App.WithDbAsync(async db =>
        {
            var role = db.ContactRoles.Single(r => r.Key == ContactRoleKeys.ItManager).Id;
            foreach (var contactId in await db.Users.Where(u => u.Id == mine.Id || u.Id == theirs.Id).Select(u => u.ContactId!.Value).ToListAsync())
            {
                db.ContactRoleMemberships.Add(new ContactRoleMembership(contactId, role));
            }

            await db.SaveChangesAsync();
        });
        var admin = await AdminApiAsync();
        // No client condition: the rule runs for every client's tickets, and still only ever names the ticket's own people.
        await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/automation-rules", Rule(
            "Tell the IT manager of requests", "TicketOpened", [If("Kind", "Is", "ServiceRequest")], [Then("NotifyRoles", "contact:" + ContactRoleKeys.ItManager)])));
        await desk.InForceAsync("Tell the IT manager of requests");
        var agentApi = await App.ApiAsNewAgentAsync();

        var request = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "New starter laptop", extra: new { kind = "ServiceRequest" });
        await desk.SettleAsync(request.Id);

        Assert.Single(await Informing.TicketNoticesRead.NoticesAsync(await App.ApiAsAsync(mine), request.Number), n => n.GetProperty("kind").GetString() == "RuleNotice");
        Assert.Empty(await Informing.TicketNoticesRead.NoticesAsync(await App.ApiAsAsync(theirs), request.Number));
        await App.WithDbAsync(async db => await db.AutomationRules.Where(r => r.Name == "Tell the IT manager of requests").ExecuteDeleteAsync());
    }

    [Fact]
    public async Task TheShippedRules_TellTheRequesterTheDayBefore_ThenCloseAResolvedTicketAfterFiveDays_EachOnce()
    {
        var client = await App.CreateClientAsync();
        var agentApi = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Shared drive slow");
        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "Acknowledge");
        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "Resolve", "Cleared the cache.");
        await desk.SettleAsync(ticket.Id);
        var resolvedAt = desk.Clock.Now;

        desk.Clock.Set(resolvedAt.AddDays(4).AddMinutes(1));
        await desk.SweepAsync();
        await desk.SweepAsync(); // a second sweep of the same occasion does nothing
        await desk.SettleAsync(ticket.Id);

        var reminders = await App.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticket.Id && m.AuthorId.StartsWith("automation:")).ToListAsync());
        Assert.Contains("will close it tomorrow", Assert.Single(reminders).Body, StringComparison.Ordinal);
        await desk.Sink.WaitUntilAsync(s => s.Any(m => m.Message.TextBody?.Contains("will close it tomorrow", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(10));
        var mail = desk.Sink.Messages.Single(m => m.Message.TextBody?.Contains("will close it tomorrow", StringComparison.Ordinal) == true);
        Assert.Equal("auto-generated", mail.Message.Headers["Auto-Submitted"]); // a rule's reply is automatic mail: no auto-responder answers it
        Assert.Equal(TicketStatus.Resolved, await StatusAsync(ticket.Id));

        desk.Clock.Set(resolvedAt.AddDays(5).AddMinutes(1));
        await desk.SweepAsync();

        Assert.Equal(TicketStatus.Closed, await StatusAsync(ticket.Id));
        Assert.Contains(await TrailAsync(ticket.Id), e => e.Field == "Status" && e.New == "Closed" && e.Actor == "Rule: Close a resolved ticket after 5 days without a customer reply");
        desk.Clock.Set(resolvedAt.AddDays(6));
        await desk.SweepAsync();
        Assert.Single(await App.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticket.Id && m.AuthorId.StartsWith("automation:")).ToListAsync()));
        desk.Clock.Set(TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public async Task TheShippedRule_TellsTheTeamLead_WhenAP1IsUnassignedForFifteenMinutes_Once()
    {
        var client = await App.CreateClientAsync();
        var lead = await App.CreateAgentAsync("Tara Teamlead");
        var teamId = await App.CreateTeamAsync();
        await App.WithDbAsync(async db =>
        {
            (await db.Teams.SingleAsync(t => t.Id == teamId)).SetLead(lead.Id);
            await db.SaveChangesAsync();
        });
        var agentApi = await App.ApiAsNewAgentAsync();
        var start = desk.Clock.Now;
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Email down for everyone", extra: new { impact = "High", urgency = "High" });
        Assert.Equal(HttpStatusCode.OK, (await agentApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId, assigneeId = (string?)null })).StatusCode);
        await desk.SettleAsync(ticket.Id);
        var leadApi = await App.ApiAsAsync(lead);

        desk.Clock.Set(start.AddMinutes(14));
        await desk.SweepAsync();
        Assert.DoesNotContain(await Informing.TicketNoticesRead.NoticesAsync(leadApi, ticket.Number), n => n.GetProperty("kind").GetString() == "RuleNotice");

        desk.Clock.Set(start.AddMinutes(16));
        await desk.SweepAsync();
        desk.Clock.Set(start.AddMinutes(20));
        await desk.SweepAsync();

        Assert.Single(await Informing.TicketNoticesRead.NoticesAsync(leadApi, ticket.Number), n => n.GetProperty("kind").GetString() == "RuleNotice");
        desk.Clock.Set(TimeProvider.System.GetUtcNow());
    }

    private Task<TicketStatus> StatusAsync(long id) => App.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Status).SingleAsync());
}

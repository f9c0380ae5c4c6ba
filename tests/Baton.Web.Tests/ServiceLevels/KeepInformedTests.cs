using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Informing;
using Baton.Domain.ServiceLevels;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>
/// The keep-informed clock over HTTP on the default policy (24×7; P1 owes an update every hour, at risk from 45 min,
/// stuck after 2 h; P4 owes none): on the ticket resource, in the queue, and the job's escalations, each once.
/// </summary>
public sealed class KeepInformedTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private Task<List<(string UserId, string Text)>> NoticesAsync(long ticketId, NoticeKind kind) => desk.App.WithDbAsync(async db =>
        (await db.Notifications.AsNoTracking().Where(n => n.TicketId == ticketId && n.Kind == kind).OrderBy(n => n.Id).Select(n => new { n.UserId, n.Text }).ToListAsync())
        .Select(n => (n.UserId, n.Text)).ToList());

    private static async Task<JsonElement> GetJsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task ReplyAsync(HttpClient api, string number, string body = "The part ships today; next news by noon.")
    {
        var posted = await api.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body });
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheTicketResource_CarriesTheNextUpdateDue_ItsStateInWords_AndTheStuckFlag_ForStaffOnly()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Core switch down", "P1");

        var fresh = await GetJsonAsync(crew.Api, $"/api/v1/tickets/{ticket.Number}");
        var progress = fresh.GetProperty("progressUpdate");
        Assert.Equal(opened.AddHours(1), progress.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Running", progress.GetProperty("state").GetString());
        Assert.Equal("Next update due in 1 h", progress.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("stuck").ValueKind);

        desk.Clock.Set(opened.AddHours(2).AddMinutes(5));
        var late = await GetJsonAsync(crew.Api, $"/api/v1/tickets/{ticket.Number}");
        Assert.Equal("Overdue", late.GetProperty("progressUpdate").GetProperty("state").GetString());
        Assert.Equal("Update overdue by 1 h 5 min", late.GetProperty("progressUpdate").GetProperty("summary").GetString());
        Assert.Equal(opened.AddHours(2), late.GetProperty("stuck").GetProperty("since").GetDateTimeOffset());
        Assert.Equal("NoProgress", late.GetProperty("stuck").GetProperty("reason").GetString());
        // The first-response clock runs on its own target: 15 min for a P1 on the default policy, untouched by the cadence.
        var sla = await GetJsonAsync(crew.Api, $"/api/v1/tickets/{ticket.Number}/sla");
        Assert.Equal(opened.AddMinutes(30), sla.GetProperty("firstResponse").GetProperty("dueAt").GetDateTimeOffset());

        using var contact = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        var theirs = await GetJsonAsync(contact, $"/api/v1/tickets/{ticket.Number}");
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("progressUpdate").ValueKind);
    }

    [Fact]
    public async Task TheQueue_SortsByTheNextUpdateDue_AndFiltersUpdatesAtRiskOverdueAndStuck()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var first = await desk.OpenForCrewAsync(crew, "First P1", "P1");
        desk.Clock.Set(opened.AddMinutes(10));
        var second = await desk.OpenForCrewAsync(crew, "Second P1", "P1");
        var noPromise = await desk.OpenForCrewAsync(crew, "A P4", "P4");
        var list = $"/api/v1/tickets?clientId={crew.Client.ClientId}";

        async Task<List<string>> NumbersAsync(string query) =>
            [.. (await GetJsonAsync(crew.Api, $"{list}&{query}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()!)];

        // Soonest update first, the ticket owed none last; paged by cursor over the index.
        var firstPage = await GetJsonAsync(crew.Api, $"{list}&sort=NextUpdate&limit=2");
        Assert.Equal([first.Number, second.Number], firstPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()));
        Assert.Equal([noPromise.Number], await NumbersAsync($"sort=NextUpdate&limit=2&cursor={firstPage.GetProperty("nextCursor").GetString()}"));
        Assert.Equal("Next update due in 50 min", firstPage.GetProperty("items")[0].GetProperty("progressUpdate").GetProperty("summary").GetString());

        desk.Clock.Set(opened.AddMinutes(50)); // first: at risk since 45 min; second: at risk from 55 min
        Assert.Equal([first.Number], await NumbersAsync("update=AtRisk"));
        desk.Clock.Set(opened.AddMinutes(65)); // first overdue since 60 min; second at risk, due at 70 min
        Assert.Equal([first.Number], await NumbersAsync("update=Overdue"));
        Assert.Equal([second.Number], await NumbersAsync("update=AtRisk"));
        desk.Clock.Set(opened.AddMinutes(125)); // first stuck since 2 h; second from 2 h 10 min
        Assert.Equal([first.Number], await NumbersAsync("update=Stuck"));

        var bad = await crew.Api.GetAsync($"{list}&update=sometime");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("update", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverdueUpdate_IsEscalatedToTheMatrixsAccountable_ExactlyOnce_EvenWithTwoJobsRunningAtOnce()
    {
        var crew = await desk.CrewAsync();
        var accountManager = await desk.App.CreateAgentAsync("Ann Account");
        await desk.App.WithDbAsync(async db =>
        {
            (await db.Clients.SingleAsync(c => c.Id == crew.Client.ClientId)).SetAccountManager(accountManager.Id);
            await db.SaveChangesAsync();
        });
        using var admin = await desk.App.ApiAsAsync(new BatonAppFactory.TestUser(
            await desk.App.WithDbAsync(db => db.Users.Where(u => u.Email == BatonAppFactory.AdminEmail).Select(u => u.Id).SingleAsync()),
            BatonAppFactory.AdminEmail, "Admin", "Administrator", null));
        var p1 = Activities.Incident(Baton.Domain.Tickets.Priority.P1);
        var saved = await admin.PutAsJsonAsync($"/api/v1/rasci?clientId={crew.Client.ClientId}", new
        {
            revision = 0,
            cells = new[] { new { activity = p1, role = PartyRoles.TeamLead, letter = "R" }, new { activity = p1, role = PartyRoles.AccountManager, letter = "A" } },
            note = "The account manager answers for this client's major incidents",
        });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Core switch down", "P1");

        await desk.RunKeepInformedAsync(opened.AddMinutes(30)); // nothing crossed yet
        Assert.Empty(await NoticesAsync(ticket.Id, NoticeKind.ProgressUpdateAtRisk));
        await desk.RunKeepInformedAsync(opened.AddMinutes(46));
        Assert.Equal([crew.Assignee.Id], (await NoticesAsync(ticket.Id, NoticeKind.ProgressUpdateAtRisk)).Select(n => n.UserId));

        var overdue = opened.AddMinutes(61);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => desk.RunKeepInformedAsync(overdue))));
        await desk.RunKeepInformedAsync(overdue + Minute);

        var escalated = await NoticesAsync(ticket.Id, NoticeKind.ProgressUpdateOverdue);
        Assert.Equal([accountManager.Id], escalated.Select(n => n.UserId));
        Assert.Equal($"{ticket.Number} · Progress update overdue: the requester is owed news · Core switch down", escalated[0].Text);
        Assert.Single(await desk.CrossingsAsync(ticket.Id), c => c.Clock == SlaClockKind.ProgressUpdate && c.Kind == SlaEventKind.Breached);
        // The SLA crossings are their own: nothing of first response was recorded by the keep-informed job.
        Assert.DoesNotContain(await desk.CrossingsAsync(ticket.Id), c => c.Clock != SlaClockKind.ProgressUpdate);

        // A public reply resets the clock: the next overdue update is a new crossing, escalated once more.
        desk.Clock.Set(opened.AddMinutes(70));
        await ReplyAsync(crew.Api, ticket.Number);
        await desk.RunKeepInformedAsync(opened.AddMinutes(131));
        await desk.RunKeepInformedAsync(opened.AddMinutes(132));
        Assert.Equal(2, (await NoticesAsync(ticket.Id, NoticeKind.ProgressUpdateOverdue)).Count);
    }

    [Fact]
    public async Task AStuckTicket_PromptsItsAssigneeOnce_ToSendFeedbackOrCallAMeeting_AndAPublicReplyEndsTheSpell()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "VPN drops", "P1");

        await desk.RunKeepInformedAsync(opened.AddHours(2) - Minute);
        Assert.Empty(await NoticesAsync(ticket.Id, NoticeKind.TicketStuck));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => desk.RunKeepInformedAsync(opened.AddHours(2) + Minute))));
        await desk.RunKeepInformedAsync(opened.AddHours(3));

        var prompts = await NoticesAsync(ticket.Id, NoticeKind.TicketStuck);
        Assert.Equal([(crew.Assignee.Id, $"{ticket.Number} is stuck: send feedback or call a meeting · VPN drops")], prompts);

        desk.Clock.Set(opened.AddHours(3));
        await ReplyAsync(crew.Api, ticket.Number);
        var after = await GetJsonAsync(crew.Api, $"/api/v1/tickets/{ticket.Number}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("stuck").ValueKind);
        await desk.RunKeepInformedAsync(opened.AddHours(4));
        Assert.Single(await NoticesAsync(ticket.Id, NoticeKind.TicketStuck));
    }

    [Fact]
    public async Task WithNobodyAssigned_TheStuckPromptGoesToTheTeamLead()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await BatonAppFactory.OpenIncidentAsync(crew.Api, crew.Client, "Nobody's ticket", SlaDesk.Priority("P1", crew.TeamId));

        await desk.RunKeepInformedAsync(opened.AddHours(2) + Minute);

        Assert.Equal([crew.Lead.Id], (await NoticesAsync(ticket.Id, NoticeKind.TicketStuck)).Select(n => n.UserId));
    }

    private static readonly string[] Pausing = ["AwaitingCustomer"];
    private static readonly string[] Priorities = ["P1", "P2", "P3", "P4"];

    [Fact]
    public async Task ThePolicysCadence_IsEditableOverTheApi_AndRefusedOutOfBoundsNamingTheField()
    {
        using var admin = await desk.App.ApiAsAsync(new BatonAppFactory.TestUser(
            await desk.App.WithDbAsync(db => db.Users.Where(u => u.Email == BatonAppFactory.AdminEmail).Select(u => u.Id).SingleAsync()),
            BatonAppFactory.AdminEmail, "Admin", "Administrator", null));
        var calendarId = await desk.App.WithDbAsync(db => db.ServiceCalendars.Where(c => c.IsBuiltIn).Select(c => c.Id).SingleAsync());
        var targets = Priorities.Select(p => new { priority = p, firstResponseMinutes = 60, resolutionMinutes = 600 }).ToArray();
        object Policy(int p1Minutes) => new
        {
            name = $"Keep-informed {Guid.NewGuid():N}", calendarId, warningPercent = 75, pausingStatuses = Pausing, targets,
            cadence = new object[]
            {
                new { priority = "P1", updateEveryMinutes = p1Minutes, stuckAfterMinutes = 180 },
                new { priority = "P2", updateEveryMinutes = 120 },
                new { priority = "P3", updateEveryMinutes = (int?)null },
                new { priority = "P4", updateEveryMinutes = (int?)null },
            },
        };

        var created = await admin.PostAsJsonAsync("/api/v1/sla-policies", Policy(30));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var cadence = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cadence").EnumerateArray().ToList();
        Assert.Equal(30, cadence[0].GetProperty("updateEveryMinutes").GetInt32());
        Assert.Equal(180, cadence[0].GetProperty("stuckAfterMinutes").GetInt32());
        Assert.Equal(JsonValueKind.Null, cadence[2].GetProperty("updateEveryMinutes").ValueKind);

        var refused = await admin.PostAsJsonAsync("/api/v1/sla-policies", Policy(1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cadence.P1", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Net.Http.Json;
using Baton.Domain.ServiceLevels;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Editing a calendar moves the stored due instants of the open tickets on it; editing a policy moves nothing.</summary>
public sealed class CalendarEditRecomputeTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record Clock(int CalendarId, DateTimeOffset StartedAt, TimeSpan ResponseTarget, TimeSpan ResolutionTarget, DateTimeOffset? ResponseDueAt, DateTimeOffset? ResolutionDueAt);

    [Fact]
    public async Task EditingTheCalendarOfAContract_MovesTheDueInstantsOfAnOpenTicket()
    {
        using var admin = await app.ApiAsAdministratorAsync();
        var name = Unique("Office hours");
        var calendarId = await admin.CreateCalendarAsync(name, EveryDay("09:00", "17:00"));
        var policyId = await admin.CreatePolicyAsync(Unique("Business"), calendarId);
        var client = await app.CreateClientAsync();
        await admin.CreateContractAsync(client.ClientId, policyId, TodayUtc.AddDays(-1));
        using var agent = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(agent, client, "Clock on office hours");
        var before = await ClockOfAsync(ticket.Id);
        Assert.Equal(calendarId, before.CalendarId);
        Assert.Equal(Due(Daily(9, 17), before.StartedAt, before.ResolutionTarget), before.ResolutionDueAt);

        await admin.PutOkAsync($"/api/v1/calendars/{calendarId}", Calendar(name, EveryDay("09:00", "10:00")));

        var after = await ClockOfAsync(ticket.Id);
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.Equal(before.ResolutionTarget, after.ResolutionTarget);
        Assert.True(after.ResolutionDueAt > before.ResolutionDueAt, $"{after.ResolutionDueAt:O} should be later than {before.ResolutionDueAt:O}");
        Assert.Equal(Due(Daily(9, 10), after.StartedAt, after.ResolutionTarget), after.ResolutionDueAt);
        Assert.Equal(Due(Daily(9, 10), after.StartedAt, after.ResponseTarget), after.ResponseDueAt);
    }

    [Fact]
    public async Task EditingAPolicysTargets_LeavesOpenTicketsAsTheyWere()
    {
        using var admin = await app.ApiAsAdministratorAsync();
        var calendarId = await admin.CreateCalendarAsync(Unique("Policy edit"), EveryDay("08:00", "18:00"));
        var policyName = Unique("Editable");
        var policyId = await admin.CreatePolicyAsync(policyName, calendarId);
        var client = await app.CreateClientAsync();
        await admin.CreateContractAsync(client.ClientId, policyId, TodayUtc.AddDays(-1));
        using var agent = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(agent, client, "Targets stay");
        var before = await ClockOfAsync(ticket.Id);

        await admin.PutOkAsync($"/api/v1/sla-policies/{policyId}", Policy(policyName, calendarId, targets: Targets(5, 10)));

        Assert.Equal(before, await ClockOfAsync(ticket.Id));
    }

    [Fact]
    public async Task Recompute_WorksInBatches_AndSkipsClosedTicketsAndOtherCalendars()
    {
        using var admin = await app.ApiAsAdministratorAsync();
        var calendarId = await admin.CreateCalendarAsync(Unique("Batched"), EveryDay("09:00", "17:00"));
        var policyId = await admin.CreatePolicyAsync(Unique("Batched"), calendarId);
        var client = await app.CreateClientAsync();
        await admin.CreateContractAsync(client.ClientId, policyId, TodayUtc.AddDays(-1));
        using var agent = await app.ApiAsNewAgentAsync();
        var tickets = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            tickets.Add((await OpenIncidentAsync(agent, client, $"Batch {i}")).Id);
        }

        var closed = await OpenIncidentAsync(agent, client, "Closed already");
        foreach (var move in new object[] { new { transition = "Acknowledge" }, new { transition = "Resolve", note = "Done." }, new { transition = "Close" } })
        {
            Assert.True((await agent.PostAsJsonAsync($"/api/v1/tickets/{closed.Number}/transitions", move)).IsSuccessStatusCode);
        }

        var untouched = await OpenIncidentAsync(agent, await app.CreateClientAsync(), "On the default policy");
        var untouchedBefore = await ClockOfAsync(untouched.Id);
        var engine = BusinessCalendar.Create("Short days", "Europe/London", Daily(9, 10), []);

        var recomputed = await app.WithDbAsync(db => ClockRecompute.ExecuteAsync(db, calendarId, engine, TimeProvider.System.GetUtcNow(), CancellationToken.None, batchSize: 2));

        Assert.Equal(5, recomputed);
        foreach (var id in tickets)
        {
            var clock = await ClockOfAsync(id);
            Assert.Equal(Due(Daily(9, 10), clock.StartedAt, clock.ResolutionTarget), clock.ResolutionDueAt);
        }

        Assert.Equal(untouchedBefore, await ClockOfAsync(untouched.Id));
        Assert.Equal(0, await app.WithDbAsync(db => ClockRecompute.ExecuteAsync(db, calendarId + 1000, engine, TimeProvider.System.GetUtcNow(), CancellationToken.None)));
    }

    private static WorkingInterval[] Daily(int fromHour, int toHour) =>
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WorkingInterval(d, fromHour * 60, toHour * 60))];

    private static DateTimeOffset Due(WorkingInterval[] hours, DateTimeOffset start, TimeSpan target) =>
        BusinessCalendar.Create("expected", "Europe/London", hours, []).Due(start, target);

    private Task<Clock> ClockOfAsync(long ticketId) => app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
        .Select(t => new Clock(t.Sla!.CalendarId, t.Sla.StartedAt, t.Sla.ResponseTarget, t.Sla.ResolutionTarget, t.Sla.ResponseDueAt, t.Sla.ResolutionDueAt))
        .SingleAsync());
}

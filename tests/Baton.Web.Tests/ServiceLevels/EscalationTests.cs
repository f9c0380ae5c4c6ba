using Baton.Domain.ServiceLevels;
using Baton.Web.Tests.Tickets;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>The escalation job driven with explicit instants. A P3 on the default 24×7 policy: respond within 4 h (at risk from 3 h), resolve within 24 h (at risk from 18 h).</summary>
public sealed class EscalationTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task CrossingTheWarning_RecordsOneAtRiskEvent_AndTellsAssigneeAndLeadOnceEach()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        var clocks = await desk.ClocksAsync(ticket.Id);
        Assert.Equal(opened.AddHours(3), clocks.ResponseWarnAt);
        Assert.Equal(opened.AddHours(4), clocks.ResponseDueAt);

        await desk.RunJobAsync(opened.AddHours(3) - Minute);
        Assert.Empty(await desk.EventsAsync(ticket.Id));

        await desk.RunJobAsync(opened.AddHours(3) + Minute);

        Assert.Equal([new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(4))], await desk.EventsAsync(ticket.Id));
        var notices = await desk.NoticesAsync(ticket.Id);
        Assert.Equal(new[] { crew.Assignee.Id, crew.Lead.Id }.Order(StringComparer.Ordinal), notices.Select(n => n.UserId).Order(StringComparer.Ordinal));
        Assert.All(notices, n => Assert.Equal($"{ticket.Number} · First response at risk · Printer on fire", n.Text));
        Assert.All(notices, n => Assert.Null(n.ReadAt));
    }

    [Fact]
    public async Task RunningAgain_AndTwiceAtTheSameMoment_RecordsNothingMore()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var tickets = new List<TicketDto>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await desk.OpenForCrewAsync(crew, $"Race {i}"));
        }

        var now = opened.AddHours(3) + Minute;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => desk.RunJobAsync(now))));
        await desk.RunJobAsync(now);
        await desk.RunJobAsync(now + Minute);

        foreach (var ticket in tickets)
        {
            Assert.Single(await desk.EventsAsync(ticket.Id));
            Assert.Equal(2, (await desk.NoticesAsync(ticket.Id)).Count);
        }
    }

    [Fact]
    public async Task PassingTheDueInstant_RecordsABreach()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);

        await desk.RunJobAsync(opened.AddHours(3) + Minute);
        await desk.RunJobAsync(opened.AddHours(4) + Minute);

        var due = opened.AddHours(4);
        Assert.Equal(
            [new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, due), new(SlaClockKind.FirstResponse, SlaEventKind.Breached, due)],
            await desk.EventsAsync(ticket.Id));
        var notices = await desk.NoticesAsync(ticket.Id);
        Assert.Equal(4, notices.Count);
        Assert.Equal(2, notices.Count(n => n.Text == $"{ticket.Number} · First response breached · Printer on fire"));
    }

    [Fact]
    public async Task CrossingsWhileTheAppWasDown_AreAllRecordedOnTheNextRun()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);

        await desk.RunJobAsync(opened.AddHours(30));

        Assert.Equal(
            [
                new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(4)),
                new(SlaClockKind.FirstResponse, SlaEventKind.Breached, opened.AddHours(4)),
                new(SlaClockKind.Resolution, SlaEventKind.AtRisk, opened.AddHours(24)),
                new(SlaClockKind.Resolution, SlaEventKind.Breached, opened.AddHours(24)),
            ],
            await desk.EventsAsync(ticket.Id));
    }

    [Fact]
    public async Task PausedTicket_AwaitingTheCustomer_DoesNotCross()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "Acknowledge");
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "StartWork");
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "AwaitCustomer");

        await desk.RunJobAsync(opened.AddHours(30));

        Assert.Empty(await desk.EventsAsync(ticket.Id));
        Assert.Empty(await desk.NoticesAsync(ticket.Id));
        Assert.Null((await desk.ClocksAsync(ticket.Id)).NextDueAt);
    }

    [Fact]
    public async Task PriorityChange_ToATargetAlreadyPast_RecordsTheBreachAtTheNewDueInstant_AndNoSecondAtRisk()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await desk.RunJobAsync(opened.AddHours(3) + Minute);

        // P2: respond within 1 h (at risk from 45 min). The clock started at creation, so both are already past: the
        // clock stays at risk (no second at-risk line) and breached at its new due instant, not when it was noticed.
        desk.Clock.Set(opened.AddHours(3) + (2 * Minute));
        await SlaDesk.ReprioritiseAsync(crew.Api, ticket.Number, "P2");
        desk.Clock.Set(opened);
        await desk.RunJobAsync(opened.AddHours(3) + (3 * Minute));
        await desk.RunJobAsync(opened.AddHours(3) + (4 * Minute));

        Assert.Equal(
            [
                new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(3), opened.AddHours(3) + Minute),
                new(SlaClockKind.FirstResponse, SlaEventKind.Breached, opened.AddHours(1), opened.AddHours(3) + (3 * Minute)),
            ],
            await desk.CrossingsAsync(ticket.Id));
    }

    [Fact]
    public async Task AnAssigneeWhoLeadsTheTeam_IsToldOnce_AndATicketWithNobodyStillRecordsItsCrossing()
    {
        var crew = await desk.CrewAsync();
        await desk.LeadAsync(crew.TeamId, crew.Assignee.Id);
        var opened = desk.Clock.Now;
        var led = await desk.OpenForCrewAsync(crew);
        var nobody = await OpenIncidentAsync(crew.Api, crew.Client, "Nobody's", SlaDesk.Priority("P3"));

        await desk.RunJobAsync(opened.AddHours(3) + Minute);

        Assert.Equal([crew.Assignee.Id], (await desk.NoticesAsync(led.Id)).Select(n => n.UserId));
        Assert.Single(await desk.EventsAsync(nobody.Id));
        Assert.Empty(await desk.NoticesAsync(nobody.Id));
    }
}

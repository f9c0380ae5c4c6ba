using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// When a recorded SLA event already stands for a clock's crossing (<see cref="SlaEvent.Covers"/>), and when a change
/// stamps the instant the clocks moved. A P3 on 24×7 opened at T0: respond within 4 h (at risk from 3 h).
/// </summary>
public sealed class SlaCrossingTests
{
    private static readonly Actor Agent = new("u1", "Dana Ops");
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly SlaPolicy Policy = new("Standard", 1, 75, [TicketStatus.AwaitingCustomer],
    [
        new SlaTarget(Priority.P1, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
        new SlaTarget(Priority.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
        new SlaTarget(Priority.P3, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        new SlaTarget(Priority.P4, TimeSpan.FromHours(8), TimeSpan.FromHours(72)),
    ]);

    private static SlaEvent Breach(DateTimeOffset dueAt, DateTimeOffset noticedAt) =>
        new(1, SlaClockKind.FirstResponse, SlaEventKind.Breached, dueAt, dueAt, noticedAt);

    [Fact]
    public void Covers_TheSameCrossingInstant_IsCovered()
    {
        var breach = Breach(T0.AddHours(4), T0.AddHours(4).AddMinutes(1));

        Assert.True(breach.Covers(T0.AddHours(4), clocksMovedAt: null));
    }

    [Fact]
    public void Covers_ATargetMovedLaterWhileTheClockStaysBreached_IsTheSameBreach()
    {
        // Breached at 4 h, noticed at once; three weeks later P3 → P4 (due 8 h): still breached, nothing new.
        var breach = Breach(T0.AddHours(4), T0.AddHours(4).AddMinutes(1));

        Assert.True(breach.Covers(T0.AddHours(8), clocksMovedAt: T0.AddDays(21)));
    }

    [Fact]
    public void Covers_ATargetMovedEarlier_IsTheSameBreach()
    {
        var breach = Breach(T0.AddHours(4), T0.AddHours(4).AddMinutes(1));

        Assert.True(breach.Covers(T0.AddMinutes(30), clocksMovedAt: T0.AddHours(5)));
    }

    [Fact]
    public void Covers_ATargetThatPutTheClockBackWithinTime_ThenCrossedAgain_IsANewBreach()
    {
        // Breached at 4 h; at 5 h lowered to a target due at 8 h, so within time again; crossing at 8 h is new.
        var breach = Breach(T0.AddHours(4), T0.AddHours(4).AddMinutes(1));

        Assert.False(breach.Covers(T0.AddHours(8), clocksMovedAt: T0.AddHours(5)));
    }

    [Fact]
    public void Covers_WithoutAKnownMove_AnInstantAlreadyPastWhenTheEventWasNoticed_IsCovered()
    {
        var breach = Breach(T0.AddHours(4), T0.AddDays(2));

        Assert.True(breach.Covers(T0.AddHours(8), clocksMovedAt: null));
        Assert.False(breach.Covers(T0.AddDays(3), clocksMovedAt: null));
    }

    [Fact]
    public void NewEvent_CrossedAfterItWasNoticed_IsRefused()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SlaEvent(1, SlaClockKind.Resolution, SlaEventKind.AtRisk, T0.AddHours(24), T0.AddHours(18), T0.AddHours(17)));

        Assert.Equal("crossedAt", refused.ParamName);
    }

    [Fact]
    public void PriorityChange_ThatMovesTheClocks_StampsWhenTheyMoved()
    {
        var ticket = OpenP3();
        Assert.Null(ticket.Sla!.ClocksMovedAt);

        ticket.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0.AddHours(5));
        ticket.TrackSla(Policy, BusinessCalendar.AlwaysOpen, Agent, T0.AddHours(5));

        Assert.Equal(T0.AddMinutes(30), ticket.Sla.ResponseDueAt);
        Assert.Equal(T0.AddHours(5), ticket.Sla.ClocksMovedAt);
    }

    [Fact]
    public void ChangeThatMovesNoClock_LeavesTheStampAlone()
    {
        var ticket = OpenP3();

        ticket.Acknowledge(Agent, T0.AddHours(1));
        ticket.TrackSla(Policy, BusinessCalendar.AlwaysOpen, Agent, T0.AddHours(1));

        Assert.NotNull(ticket.Sla!.RespondedAt);
        Assert.Null(ticket.Sla.ResponseDueAt);
        Assert.Null(ticket.Sla.ClocksMovedAt);
    }

    private static Ticket OpenP3()
    {
        var ticket = Ticket.Open(
            new NewTicket(TicketKind.Incident, "Printer jams", null, 1, new RequesterRef(7, "Mia Chen"), null, null, null, RequestType.Technical, Impact.Medium, Urgency.Medium),
            "INC-000001", PriorityMatrix.Default, Agent, T0);
        ticket.StartSla(new SlaTerms(Policy, 1, null, Coverage.NoContract), BusinessCalendar.AlwaysOpen);
        return ticket;
    }
}

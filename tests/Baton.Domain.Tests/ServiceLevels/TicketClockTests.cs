using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>The two SLA clocks on a ticket, driven through the ticket's own operations.</summary>
public sealed class TicketClockTests
{
    private static readonly Actor Agent = new("u1", "Dana Ops");
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero); // a Monday

    private static readonly SlaPolicy Policy = new("Standard", 1, 75, [TicketStatus.AwaitingCustomer],
    [
        new SlaTarget(Priority.P1, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
        new SlaTarget(Priority.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
        new SlaTarget(Priority.P3, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        new SlaTarget(Priority.P4, TimeSpan.FromHours(8), TimeSpan.FromHours(72)),
    ]);

    private static readonly BusinessCalendar Always = BusinessCalendar.AlwaysOpen;

    /// <summary>A P3 incident (Medium impact, Medium urgency in the default matrix) opened at T0 under the policy above.</summary>
    private static Ticket OpenP3(BusinessCalendar? calendar = null)
    {
        var ticket = Ticket.Open(
            new NewTicket(TicketKind.Incident, "Printer jams", null, 1, new RequesterRef(7, "Mia Chen"), null, null, null, RequestType.Technical, Impact.Medium, Urgency.Medium),
            "INC-000001", PriorityMatrix.Default, Agent, T0);
        Assert.Equal(Priority.P3, ticket.Priority);
        ticket.StartSla(new SlaTerms(Policy, 1, null, Coverage.NoContract), calendar ?? Always);
        return ticket;
    }

    private static SlaClockReading Read(Ticket t, SlaClockKind kind, DateTimeOffset now, BusinessCalendar? calendar = null) => t.Sla!.Read(kind, calendar ?? Always, now);

    private static void Track(Ticket t, DateTimeOffset now, BusinessCalendar? calendar = null) => t.TrackSla(Policy, calendar ?? Always, Agent, now);

    [Fact]
    public void Both_clocks_start_at_creation_with_the_targets_of_the_tickets_priority()
    {
        var t = OpenP3();

        Assert.Equal(T0.AddHours(4), t.Sla!.ResponseDueAt);
        Assert.Equal(T0.AddHours(24), t.Sla.ResolutionDueAt);
        Assert.Equal(T0.AddHours(3), t.Sla.ResponseWarnAt); // 75 % of 4 h
        Assert.Equal(T0.AddHours(4), t.Sla.NextDueAt);
        Assert.Equal(SlaClockState.Running, Read(t, SlaClockKind.FirstResponse, T0.AddHours(1)).State);
        Assert.Equal("3 h left", Read(t, SlaClockKind.FirstResponse, T0.AddHours(1)).Summary);
    }

    [Fact]
    public void A_clock_past_its_warning_threshold_is_at_risk_and_past_its_target_is_breached()
    {
        var t = OpenP3();

        Assert.Equal(SlaClockState.AtRisk, Read(t, SlaClockKind.FirstResponse, T0.AddHours(3).AddMinutes(15)).State);
        Assert.Equal("At risk · 45 min left", Read(t, SlaClockKind.FirstResponse, T0.AddHours(3).AddMinutes(15)).Summary);
        var breached = Read(t, SlaClockKind.FirstResponse, T0.AddHours(5));
        Assert.Equal(SlaClockState.Breached, breached.State);
        Assert.Equal("Breached · 1 h over", breached.Summary);
    }

    [Fact]
    public void Acknowledgement_stops_the_first_response_clock_and_it_is_met_within_target()
    {
        var t = OpenP3();

        t.Acknowledge(Agent, T0.AddMinutes(45));
        Track(t, T0.AddMinutes(45));

        var response = Read(t, SlaClockKind.FirstResponse, T0.AddHours(10));
        Assert.Equal(SlaClockState.Met, response.State);
        Assert.Equal(TimeSpan.FromMinutes(45), response.Elapsed);
        Assert.Null(t.Sla!.ResponseDueAt);
        Assert.Equal(T0.AddHours(24), t.Sla.NextDueAt); // only the resolution clock runs now
    }

    [Fact]
    public void A_public_reply_by_the_desk_is_a_first_response_but_an_internal_note_is_not()
    {
        var t = OpenP3();

        t.AddMessage("Looking into it", MessageVisibility.Internal, fromRequester: false, Agent, T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));
        Assert.Null(t.Sla!.RespondedAt);

        t.AddMessage("We are on it", MessageVisibility.Public, fromRequester: false, Agent, T0.AddMinutes(20));
        Track(t, T0.AddMinutes(20));
        Assert.Equal(T0.AddMinutes(20), t.Sla.RespondedAt);
    }

    [Fact]
    public void A_reply_from_the_requester_is_not_a_first_response()
    {
        var t = OpenP3();

        t.AddMessage("Any news?", MessageVisibility.Public, fromRequester: true, new Actor("c1", "Mia Chen"), T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));

        Assert.Null(t.Sla!.RespondedAt);
    }

    [Fact]
    public void A_stop_after_the_target_is_missed()
    {
        var t = OpenP3();

        t.Acknowledge(Agent, T0.AddHours(5));
        Track(t, T0.AddHours(5));

        var response = Read(t, SlaClockKind.FirstResponse, T0.AddHours(6));
        Assert.Equal(SlaClockState.Missed, response.State);
        Assert.Equal("Missed by 1 h", response.Summary);
    }

    [Fact]
    public void Awaiting_customer_pauses_the_clocks_and_the_due_instant_moves_by_the_pause()
    {
        var t = OpenP3();
        t.Acknowledge(Agent, T0.AddMinutes(5));
        t.StartWork(Agent, T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));

        t.AwaitCustomer(Agent, T0.AddHours(2));
        Track(t, T0.AddHours(2));
        Assert.Null(t.Sla!.ResolutionDueAt); // paused: no due instant until it resumes
        var paused = Read(t, SlaClockKind.Resolution, T0.AddHours(5));
        Assert.Equal(SlaClockState.Paused, paused.State);
        Assert.Equal(TimeSpan.FromHours(2), paused.Elapsed);
        Assert.Equal(TimeSpan.FromHours(3), paused.PausedFor);

        t.Resume(Agent, T0.AddHours(5));
        Track(t, T0.AddHours(5));

        Assert.Equal(T0.AddHours(27), t.Sla.ResolutionDueAt); // 24 h target + 3 h paused
        var resumed = Read(t, SlaClockKind.Resolution, T0.AddHours(6));
        Assert.Equal(TimeSpan.FromHours(3), resumed.Elapsed);
        Assert.Equal(TimeSpan.FromHours(3), resumed.PausedFor);
    }

    [Fact]
    public void A_requester_reply_while_awaiting_them_resumes_the_clocks()
    {
        var t = OpenP3();
        t.Acknowledge(Agent, T0);
        t.StartWork(Agent, T0);
        t.AwaitCustomer(Agent, T0.AddHours(1));
        Track(t, T0.AddHours(1));

        t.AddMessage("Here is the screenshot", MessageVisibility.Public, fromRequester: true, new Actor("c1", "Mia Chen"), T0.AddHours(2));
        Track(t, T0.AddHours(2));

        Assert.Null(t.Sla!.PausedSince);
        Assert.Equal(T0.AddHours(25), t.Sla.ResolutionDueAt);
    }

    [Fact]
    public void Resolve_stops_the_resolution_clock_and_reopen_resumes_it_without_counting_the_resolved_stretch()
    {
        var t = OpenP3();
        t.Acknowledge(Agent, T0);
        t.StartWork(Agent, T0);
        t.Resolve("Replaced the fuser", Agent, T0.AddHours(6));
        Track(t, T0.AddHours(6));

        Assert.Null(t.Sla!.NextDueAt);
        Assert.Equal(SlaClockState.Met, Read(t, SlaClockKind.Resolution, T0.AddHours(9)).State);

        t.Reopen("Jams again", Agent, T0.AddHours(10));
        Track(t, T0.AddHours(10));

        var reading = Read(t, SlaClockKind.Resolution, T0.AddHours(12));
        Assert.Equal(SlaClockState.Running, reading.State);
        Assert.Equal(TimeSpan.FromHours(8), reading.Elapsed); // 6 h before resolving + 2 h since reopening
        Assert.Equal(T0.AddHours(28), t.Sla.ResolutionDueAt); // 24 h + the 4 h it was resolved
    }

    [Fact]
    public void A_priority_change_takes_the_new_targets_and_the_history_says_so()
    {
        var t = OpenP3();

        t.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));

        Assert.Equal(Priority.P1, t.Sla!.Priority);
        Assert.Equal(T0.AddMinutes(30), t.Sla.ResponseDueAt);
        Assert.Equal(T0.AddHours(4), t.Sla.ResolutionDueAt);
        var entry = Assert.Single(t.PendingAuditEntries, a => a.Field == "SLA targets");
        Assert.Equal("P3: respond 4 h, resolve 24 h", entry.OldValue);
        Assert.Equal("P1: respond 30 min, resolve 4 h", entry.NewValue);
    }

    [Fact]
    public void On_a_business_hours_calendar_the_due_instant_skips_closed_time()
    {
        var office = BusinessCalendar.Create("Office", "Europe/London",
            Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday).Select(d => new WorkingInterval(d, 8 * 60, 17 * 60)), []);

        var t = OpenP3(office); // Monday 09:00 UTC = 09:00 in London (GMT in November)

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero), t.Sla!.ResponseDueAt); // 4 business hours
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero), t.Sla.ResolutionDueAt); // 24 business hours: Mon 8 + Tue 9 + Wed 7
    }

    [Fact]
    public void A_ticket_in_a_status_the_policy_does_not_pause_keeps_running()
    {
        var t = OpenP3();
        t.Acknowledge(Agent, T0);
        t.StartWork(Agent, T0.AddHours(1));
        Track(t, T0.AddHours(1));

        Assert.Null(t.Sla!.PausedSince);
        Assert.Equal(SlaClockState.Running, Read(t, SlaClockKind.Resolution, T0.AddHours(2)).State);
    }
}

using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// The keep-informed clock (the progress-update cadence) and the stuck rule, driven through the ticket's operations:
/// business time, the SLA pauses, resets by public progress, and never a move of the first-response clock.
/// </summary>
public sealed class KeepInformedClockTests
{
    private static readonly Actor Agent = new("u1", "Dana Ops");
    private static readonly Actor Requester = new("c1", "Mia Chen");
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero); // a Monday

    private static readonly SlaTarget[] Targets =
    [
        new(Priority.P1, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
        new(Priority.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
        new(Priority.P3, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        new(Priority.P4, TimeSpan.FromHours(8), TimeSpan.FromHours(72)),
    ];

    private static readonly SlaPolicy Policy = new("Standard", 1, 75, [TicketStatus.AwaitingCustomer], Targets);

    private static Ticket Open(Impact impact, Urgency urgency, DateTimeOffset at, BusinessCalendar? calendar = null, SlaPolicy? policy = null)
    {
        var ticket = Ticket.Open(
            new NewTicket(TicketKind.Incident, "Core switch down", null, 1, new RequesterRef(7, "Mia Chen"), null, null, null, RequestType.Technical, impact, urgency),
            "INC-000001", PriorityMatrix.Default, Agent, at);
        ticket.StartSla(new SlaTerms(policy ?? Policy, 1, null, Coverage.NoContract), calendar ?? BusinessCalendar.AlwaysOpen);
        return ticket;
    }

    private static Ticket OpenP1(SlaPolicy? policy = null) => Open(Impact.High, Urgency.High, T0, policy: policy);

    private static void Track(Ticket t, DateTimeOffset now, BusinessCalendar? calendar = null, SlaPolicy? policy = null) =>
        t.TrackSla(policy ?? Policy, calendar ?? BusinessCalendar.AlwaysOpen, Agent, now);

    private static ProgressUpdateReading Read(Ticket t, DateTimeOffset now, BusinessCalendar? calendar = null) =>
        t.Sla!.ReadProgress(calendar ?? BusinessCalendar.AlwaysOpen, now);

    private static void Reply(Ticket t, DateTimeOffset at, MessageVisibility visibility = MessageVisibility.Public)
    {
        t.AddMessage("Still on it: the vendor is sending a part.", visibility, fromRequester: false, Agent, at);
        Track(t, at);
    }

    [Fact]
    public void TheDefaultCadence_IsHourlyForP1_FourHoursForP2_DailyForP3_AndNoneForP4()
    {
        Assert.Equal(
            [TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24), null],
            Enum.GetValues<Priority>().Select(p => Policy.Cadence.For(p).UpdateEvery));
        Assert.Equal(TimeSpan.FromHours(2), Policy.Cadence.For(Priority.P1).EffectiveStuckAfter);
        Assert.Null(Policy.Cadence.For(Priority.P4).EffectiveStuckAfter);
    }

    [Fact]
    public void TheNextUpdate_IsDueOneIntervalOfBusinessTime_AfterCreation()
    {
        var t = OpenP1();

        Assert.Equal(T0.AddHours(1), t.Sla!.NextUpdateDueAt);
        Assert.Equal(T0.AddMinutes(45), t.Sla.UpdateWarnAt); // the policy's 75 %
        var reading = Read(t, T0.AddMinutes(20));
        Assert.Equal(ProgressUpdateState.Running, reading.State);
        Assert.Equal("Next update due in 40 min", reading.Summary);
        Assert.Equal(ProgressUpdateState.AtRisk, Read(t, T0.AddMinutes(50)).State);
        var overdue = Read(t, T0.AddHours(2).AddMinutes(5));
        Assert.Equal(ProgressUpdateState.Overdue, overdue.State);
        Assert.Equal("Update overdue by 1 h 5 min", overdue.Summary);
    }

    [Fact]
    public void TheQueuesBriefWords_SayTheSameAsTheSummary_UnderANextUpdateHeading()
    {
        var t = OpenP1();

        Assert.Equal("in 40 min", Read(t, T0.AddMinutes(20)).Brief);
        Assert.Equal("at risk · in 10 min", Read(t, T0.AddMinutes(50)).Brief);
        Assert.Equal("overdue 1 h 5 min", Read(t, T0.AddHours(2).AddMinutes(5)).Brief);
    }

    [Fact]
    public void TheCadence_CountsBusinessTime_AcrossAClosedNightAndWeekend()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero); // London is on GMT in November
        var t = Open(Impact.High, Urgency.Medium, friday, Calendars.LondonOffice); // P2: every 4 business hours

        // Friday 15:00–17:30 is 2 h 30 min; the other 1 h 30 min runs from Monday's 08:00 opening.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.Zero), t.Sla!.NextUpdateDueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero), t.Sla.UpdateWarnAt);
        Assert.Equal("Next update due in 1 h 30 min", Read(t, new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), Calendars.LondonOffice).Summary);
    }

    [Fact]
    public void APause_FreezesTheClock_AsItFreezesTheSlaClocks_AndTheRestRunsOnResume()
    {
        var t = OpenP1();
        t.Acknowledge(Agent, T0.AddMinutes(5));
        Track(t, T0.AddMinutes(5));
        t.StartWork(Agent, T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));
        t.AwaitCustomer(Agent, T0.AddMinutes(20));
        Track(t, T0.AddMinutes(20));

        Assert.Null(t.Sla!.NextUpdateDueAt); // not due while paused
        var paused = Read(t, T0.AddHours(3));
        Assert.Equal(ProgressUpdateState.Paused, paused.State);
        Assert.Equal(TimeSpan.FromMinutes(40), paused.Remaining);

        t.Resume(Agent, T0.AddHours(3));
        Track(t, T0.AddHours(3));
        Assert.Equal(T0.AddHours(3).AddMinutes(40), t.Sla.NextUpdateDueAt);
    }

    [Fact]
    public void APublicReplyByTheDesk_ResetsTheClock_AnInternalNoteDoesNot()
    {
        var t = OpenP1();

        Reply(t, T0.AddMinutes(30), MessageVisibility.Internal);
        Assert.Equal(T0.AddHours(1), t.Sla!.NextUpdateDueAt);

        Reply(t, T0.AddMinutes(50));
        Assert.Equal(T0.AddMinutes(50), t.Sla.LastProgressAt);
        Assert.Equal(T0.AddMinutes(110), t.Sla.NextUpdateDueAt);
        Assert.Equal("Next update due in 1 h", Read(t, T0.AddMinutes(50)).Summary);
    }

    [Fact]
    public void TheRequestersOwnReply_IsNoProgressUpdateToThem()
    {
        var t = OpenP1();

        t.AddMessage("Any news?", MessageVisibility.Public, fromRequester: true, Requester, T0.AddMinutes(30));
        Track(t, T0.AddMinutes(30));

        Assert.Equal(T0.AddHours(1), t.Sla!.NextUpdateDueAt);
    }

    [Fact]
    public void TheCadence_NeverMovesTheFirstResponseOrResolutionClock()
    {
        var often = new SlaPolicy("Often", 1, 75, [TicketStatus.AwaitingCustomer], Targets,
            ProgressCadence.Of([new(Priority.P1, TimeSpan.FromMinutes(5)), new(Priority.P2, null), new(Priority.P3, null), new(Priority.P4, null)]));
        var withCadence = OpenP1(often);
        var without = OpenP1(new SlaPolicy("Never", 1, 75, [TicketStatus.AwaitingCustomer], Targets,
            ProgressCadence.Of(Enum.GetValues<Priority>().Select(p => new CadenceTarget(p, null)))));

        foreach (var t in new[] { withCadence, without })
        {
            t.AddMessage("Checking the logs", MessageVisibility.Internal, fromRequester: false, Agent, T0.AddMinutes(10));
            Track(t, T0.AddMinutes(10), policy: often);
        }

        Assert.Equal(T0.AddMinutes(5), withCadence.Sla!.NextUpdateDueAt);
        Assert.Null(without.Sla!.NextUpdateDueAt);
        Assert.Equal(T0.AddMinutes(30), withCadence.Sla.ResponseDueAt); // P1's first-response target, not the 5 min cadence
        Assert.Equal(without.Sla.ResponseDueAt, withCadence.Sla.ResponseDueAt);
        Assert.Equal(without.Sla.ResponseWarnAt, withCadence.Sla.ResponseWarnAt);
        Assert.Equal(without.Sla.ResolutionDueAt, withCadence.Sla.ResolutionDueAt);
        Assert.Equal(without.Sla.NextDueAt, withCadence.Sla.NextDueAt);
        Assert.Null(withCadence.Sla.ClocksMovedAt);
        // An overdue update leaves the first-response clock running on its own target.
        var response = withCadence.Sla.Read(SlaClockKind.FirstResponse, BusinessCalendar.AlwaysOpen, T0.AddMinutes(15));
        Assert.Equal(SlaClockState.Running, response.State);
        Assert.Equal(ProgressUpdateState.Overdue, Read(withCadence, T0.AddMinutes(15)).State);
    }

    [Fact]
    public void AP4_IsPromisedNoUpdates_AndIsNeverStuckByTime()
    {
        var t = Open(Impact.Low, Urgency.Low, T0);
        Assert.Equal(Priority.P4, t.Priority);

        Assert.Null(t.Sla!.NextUpdateDueAt);
        Assert.Null(t.Sla.UpdateWarnAt);
        Assert.Null(t.Sla.StuckAt);
        var reading = Read(t, T0.AddDays(30));
        Assert.Equal(ProgressUpdateState.None, reading.State);
        Assert.Equal("No progress updates promised", reading.Summary);
    }

    [Fact]
    public void APriorityChange_TakesTheNewPrioritysCadence()
    {
        var t = Open(Impact.Low, Urgency.Low, T0); // P4: none

        t.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));

        Assert.Equal(TimeSpan.FromHours(1), t.Sla!.UpdateEvery);
        Assert.Equal(T0.AddHours(1), t.Sla.NextUpdateDueAt); // counted from the last progress (creation), not from the change
    }

    [Fact]
    public void NoUpdateIsDueWhileResolved_AndAReopeningCountsAfresh()
    {
        var t = OpenP1();
        t.Acknowledge(Agent, T0.AddMinutes(5));
        Track(t, T0.AddMinutes(5));
        t.Resolve("Replaced the switch.", Agent, T0.AddMinutes(30));
        Track(t, T0.AddMinutes(30));

        Assert.Null(t.Sla!.NextUpdateDueAt);
        Assert.Null(t.Sla.StuckAt);
        Assert.Equal(ProgressUpdateState.None, Read(t, T0.AddHours(5)).State);

        t.Reopen("Still down", Agent, T0.AddHours(5));
        Track(t, T0.AddHours(5));
        Assert.Equal(T0.AddHours(6), t.Sla.NextUpdateDueAt);
    }

    [Fact]
    public void ATicket_IsStuck_AfterTwiceItsCadenceWithoutPublicProgress_AndAReplyClearsIt()
    {
        var t = OpenP1();

        Assert.Equal(T0.AddHours(2), t.Sla!.StuckAt);
        Assert.Null(t.Sla.StuckAsOf(T0.AddHours(2).AddTicks(-1)));
        Assert.Equal(new StuckFlag(T0.AddHours(2), StuckReason.NoProgress), t.Sla.StuckAsOf(T0.AddHours(2)));

        Reply(t, T0.AddHours(2).AddMinutes(30));
        Assert.Null(t.Sla.StuckAsOf(T0.AddHours(2).AddMinutes(30)));
        Assert.Equal(T0.AddHours(4).AddMinutes(30), t.Sla.StuckAt);
    }

    [Fact]
    public void TheStuckTime_IsAPolicySetting_PerPriority()
    {
        var policy = new SlaPolicy("Patient", 1, 75, [TicketStatus.AwaitingCustomer], Targets,
            ProgressCadence.Of([new(Priority.P1, TimeSpan.FromHours(1), TimeSpan.FromHours(5)), new(Priority.P2, null), new(Priority.P3, null), new(Priority.P4, null, TimeSpan.FromHours(40))]));

        Assert.Equal(T0.AddHours(5), OpenP1(policy).Sla!.StuckAt);
        Assert.Equal(T0.AddHours(40), Open(Impact.Low, Urgency.Low, T0, policy: policy).Sla!.StuckAt);
    }

    [Fact]
    public void ATicket_MovedToAwaitingCustomerASecondTime_IsStuck_AndPublicProgressClearsIt()
    {
        var t = Open(Impact.Low, Urgency.Low, T0); // P4: never stuck by time, so only the moves count
        t.Acknowledge(Agent, T0.AddMinutes(5));
        t.StartWork(Agent, T0.AddMinutes(6));
        t.AwaitCustomer(Agent, T0.AddMinutes(10));
        Track(t, T0.AddMinutes(10));
        Assert.Null(t.Sla!.StuckAsOf(T0.AddDays(1)));

        t.AddMessage("Here is the log", MessageVisibility.Public, fromRequester: true, Requester, T0.AddHours(1)); // resumes the ticket
        Track(t, T0.AddHours(1));
        t.AwaitCustomer(Agent, T0.AddHours(2));
        Track(t, T0.AddHours(2));

        Assert.Equal(2, t.Sla.AwaitingCustomerMoves);
        Assert.Equal(new StuckFlag(T0.AddHours(2), StuckReason.AwaitingCustomerAgain), t.Sla.StuckAsOf(T0.AddHours(2)));

        Reply(t, T0.AddHours(3));
        Assert.Null(t.Sla.StuckAsOf(T0.AddHours(3)));
    }

    [Fact]
    public void AThirdWaitInTheSameStuckSpell_KeepsTheSpellsInstant_SoTheAssigneeIsPromptedOnce()
    {
        var t = Open(Impact.Low, Urgency.Low, T0);
        t.Acknowledge(Agent, T0.AddMinutes(5));
        t.StartWork(Agent, T0.AddMinutes(6));
        foreach (var hour in new[] { 1, 3, 5 })
        {
            t.AwaitCustomer(Agent, T0.AddHours(hour));
            Track(t, T0.AddHours(hour));
            t.Resume(Agent, T0.AddHours(hour + 1));
            Track(t, T0.AddHours(hour + 1));
        }

        Assert.Equal(T0.AddHours(3), t.Sla!.StuckAt);
    }

    [Theory]
    [InlineData("P1", 2, null, "cadence.P1")]
    [InlineData("P2", 60, 30, "cadence.P2.stuckAfter")]
    [InlineData("P3", 600_000, null, "cadence.P3")]
    public void ACadenceOutOfBounds_IsRefused_NamingTheField(string priority, int everyMinutes, int? stuckMinutes, string field)
    {
        var targets = Enum.GetValues<Priority>().Select(p => p.ToString() == priority
            ? new CadenceTarget(p, TimeSpan.FromMinutes(everyMinutes), stuckMinutes is { } s ? TimeSpan.FromMinutes(s) : null)
            : new CadenceTarget(p, null));

        var refused = Assert.Throws<DomainRuleException>(() => ProgressCadence.Of(targets));
        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public void ACadence_SurvivesItsStoredForm_AndAnEmptyOneIsTheDefault()
    {
        var cadence = ProgressCadence.Of([new(Priority.P1, TimeSpan.FromMinutes(30), TimeSpan.FromHours(3)), new(Priority.P2, TimeSpan.FromHours(2)), new(Priority.P3, null), new(Priority.P4, null, TimeSpan.FromDays(5))]);

        Assert.Equal(cadence, ProgressCadence.Parse(cadence.Serialize()));
        Assert.Equal(ProgressCadence.Default, ProgressCadence.Parse(""));
    }
}

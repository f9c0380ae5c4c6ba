using Baton.Domain;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Tickets;

public sealed class TicketLifecycleTests
{
    private static readonly Actor Agent = new("u1", "Dana Ops");
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static Ticket NewTicket() => Ticket.Open(
        new NewTicket(TicketKind.Incident, "Printer jams", "Every page", 1, new RequesterRef(7, "Mia Chen"), null, null, null,
            RequestType.Technical, Impact.Medium, Urgency.High),
        "INC-000001", PriorityMatrix.Default, Agent, T0);

    /// <summary>Drives a new ticket into <paramref name="status"/> along the shortest legal path.</summary>
    public static Ticket TicketIn(TicketStatus status)
    {
        var t = NewTicket();
        var at = T0;
        DateTimeOffset Next() => at = at.AddMinutes(1);
        if (status == TicketStatus.New) return t;
        t.Acknowledge(Agent, Next());
        if (status == TicketStatus.Acknowledged) return t;
        t.StartWork(Agent, Next());
        if (status == TicketStatus.InProgress) return t;
        if (status == TicketStatus.AwaitingCustomer)
        {
            t.AwaitCustomer(Agent, Next());
            return t;
        }

        t.Resolve("Replaced the fuser.", Agent, Next());
        if (status == TicketStatus.Resolved) return t;
        t.Close(Agent, Next());
        return t;
    }

    public static TheoryData<TicketStatus, TicketTransition, TicketStatus> Allowed => new()
    {
        { TicketStatus.New, TicketTransition.Acknowledge, TicketStatus.Acknowledged },
        { TicketStatus.Acknowledged, TicketTransition.StartWork, TicketStatus.InProgress },
        { TicketStatus.Acknowledged, TicketTransition.Resolve, TicketStatus.Resolved },
        { TicketStatus.InProgress, TicketTransition.AwaitCustomer, TicketStatus.AwaitingCustomer },
        { TicketStatus.InProgress, TicketTransition.Resolve, TicketStatus.Resolved },
        { TicketStatus.AwaitingCustomer, TicketTransition.Resume, TicketStatus.InProgress },
        { TicketStatus.AwaitingCustomer, TicketTransition.Resolve, TicketStatus.Resolved },
        { TicketStatus.Resolved, TicketTransition.Reopen, TicketStatus.InProgress },
        { TicketStatus.Resolved, TicketTransition.Close, TicketStatus.Closed },
    };

    public static TheoryData<TicketStatus, TicketTransition> Forbidden()
    {
        var data = new TheoryData<TicketStatus, TicketTransition>();
        var allowed = Allowed.Select(row => ((TicketStatus)row[0], (TicketTransition)row[1])).ToHashSet();
        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            foreach (var transition in Enum.GetValues<TicketTransition>())
            {
                if (!allowed.Contains((status, transition)))
                {
                    data.Add(status, transition);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Open_StartsNew_WithPriorityFromTheMatrix_AndAnAuditEntry()
    {
        var t = NewTicket();

        Assert.Equal(TicketStatus.New, t.Status);
        Assert.Equal(Priority.P2, t.Priority);
        Assert.Equal(1, t.Version);
        var created = Assert.Single(t.PendingAuditEntries);
        Assert.Equal("Created", created.Field);
        Assert.Equal("Dana Ops", created.ActorName);
        Assert.Equal(T0, created.At);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Apply_AllowedTransition_MovesToTheNextStatus_AndRecordsIt(TicketStatus from, TicketTransition move, TicketStatus to)
    {
        var t = TicketIn(from);
        var version = t.Version;
        var at = T0.AddHours(5);

        t.Apply(move, "Fixed it.", Agent, at);

        Assert.Equal(to, t.Status);
        Assert.True(t.Version > version);
        Assert.Equal(at, t.UpdatedAt);
        var statusChange = t.PendingAuditEntries.Last(a => a.Field == "Status");
        Assert.Equal((from.ToString(), to.ToString()), (statusChange.OldValue, statusChange.NewValue));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Apply_ForbiddenTransition_IsRejected_AndChangesNothing(TicketStatus from, TicketTransition move)
    {
        var t = TicketIn(from);
        var (version, entries) = (t.Version, t.PendingAuditEntries.Count);

        var e = Assert.Throws<DomainRuleException>(() => t.Apply(move, "note", Agent, T0.AddHours(5)));

        Assert.Equal("transition", e.Field);
        Assert.Contains("INC-000001", e.Message, StringComparison.Ordinal);
        Assert.Equal(from, t.Status);
        Assert.Equal(version, t.Version);
        Assert.Equal(entries, t.PendingAuditEntries.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Resolve_WithoutANote_IsRejected(string? note)
    {
        var t = TicketIn(TicketStatus.InProgress);

        var e = Assert.Throws<DomainRuleException>(() => t.Apply(TicketTransition.Resolve, note, Agent, T0.AddHours(1)));

        Assert.Equal("note", e.Field);
        Assert.Equal(TicketStatus.InProgress, t.Status);
    }

    [Fact]
    public void Resolve_KeepsTheNoteAndTime_ReopenClearsTheTime()
    {
        var t = TicketIn(TicketStatus.InProgress);
        var at = T0.AddHours(2);

        t.Resolve("  Cleared the print queue.  ", Agent, at);
        Assert.Equal("Cleared the print queue.", t.ResolutionNote);
        Assert.Equal(at, t.ResolvedAt);

        t.Reopen("Jammed again", Agent, at.AddHours(1));
        Assert.Null(t.ResolvedAt);
        Assert.Contains(t.PendingAuditEntries, a => a.Field == "Reopen reason" && a.NewValue == "Jammed again");
    }

    [Fact]
    public void Acknowledge_RecordsTheFirstAcknowledgementTime()
    {
        var t = NewTicket();
        t.Acknowledge(Agent, T0.AddMinutes(7));
        Assert.Equal(T0.AddMinutes(7), t.AcknowledgedAt);
    }

    [Fact]
    public void RequesterReply_WhileAwaitingCustomer_PutsTheTicketBackInProgress()
    {
        var t = TicketIn(TicketStatus.AwaitingCustomer);

        t.AddMessage("Here is the screenshot.", MessageVisibility.Public, fromRequester: true, new Actor("c1", "Mia Chen"), T0.AddHours(3));

        Assert.Equal(TicketStatus.InProgress, t.Status);
    }

    [Fact]
    public void RequesterReply_OnAResolvedTicket_ReopensIt_SayingWhy()
    {
        var t = TicketIn(TicketStatus.Resolved);

        t.AddMessage("Still no dial tone here.", MessageVisibility.Public, fromRequester: true, new Actor("c1", "Mia Chen"), T0.AddHours(3));

        Assert.Equal((TicketStatus.InProgress, (DateTimeOffset?)null), (t.Status, t.ResolvedAt));
        Assert.Contains(t.PendingAuditEntries, a => a.Field == "Reopen reason" && a.NewValue == Ticket.RequesterRepliedReason && a.ActorName == "Mia Chen");
    }

    [Fact]
    public void AgentReply_OnAResolvedTicket_LeavesItResolved()
    {
        var t = TicketIn(TicketStatus.Resolved);

        t.AddMessage("Glad it works again.", MessageVisibility.Public, fromRequester: false, Agent, T0.AddHours(3));

        Assert.Equal(TicketStatus.Resolved, t.Status);
    }

    [Fact]
    public void AgentReply_WhileAwaitingCustomer_KeepsWaiting()
    {
        var t = TicketIn(TicketStatus.AwaitingCustomer);

        t.AddMessage("Any news?", MessageVisibility.Public, fromRequester: false, Agent, T0.AddHours(3));

        Assert.Equal(TicketStatus.AwaitingCustomer, t.Status);
    }

    [Fact]
    public void AddMessage_OnAClosedTicket_IsRejected()
    {
        var t = TicketIn(TicketStatus.Closed);
        var e = Assert.Throws<DomainRuleException>(() => t.AddMessage("hello?", MessageVisibility.Public, true, Agent, T0.AddDays(1)));
        Assert.Equal("body", e.Field);
    }

    [Fact]
    public void AddMessage_InternalNoteFromRequester_IsRejected()
    {
        var t = NewTicket();
        var e = Assert.Throws<DomainRuleException>(() => t.AddMessage("psst", MessageVisibility.Internal, fromRequester: true, Agent, T0));
        Assert.Equal("internal", e.Field);
        Assert.Empty(t.Messages);
    }

    [Fact]
    public void Assign_RecordsOldAndNewNames_AndSkipsUnchangedParts()
    {
        var t = NewTicket();
        t.Assign(new TeamRef(1, "Service desk"), new AgentRef("a1", "Dana Ops"), Agent, T0.AddMinutes(1));
        t.Assign(new TeamRef(1, "Service desk"), new AgentRef("a2", "Ravi Patel"), Agent, T0.AddMinutes(2));

        Assert.Single(t.PendingAuditEntries, a => a.Field == "Team");
        var assignees = t.PendingAuditEntries.Where(a => a.Field == "Assignee").Select(a => (a.OldValue, a.NewValue)).ToList();
        Assert.Equal([("(none)", "Dana Ops"), ("Dana Ops", "Ravi Patel")], assignees);
        Assert.Equal("a2", t.AssigneeId);
    }

    [Fact]
    public void Reclassify_RederivesPriority_AndAuditsEachChangedField()
    {
        var t = NewTicket();
        t.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0.AddMinutes(3));

        Assert.Equal(Priority.P1, t.Priority);
        Assert.Contains(t.PendingAuditEntries, a => a.Field == "Priority" && a.OldValue == "P2" && a.NewValue == "P1");
        Assert.Contains(t.PendingAuditEntries, a => a.Field == "Impact");
        Assert.DoesNotContain(t.PendingAuditEntries, a => a.Field == "Urgency");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Open_WithoutATitle_IsRejectedNamingTheField(string title)
    {
        var e = Assert.Throws<DomainRuleException>(() => Ticket.Open(
            new NewTicket(TicketKind.Incident, title, null, 1, new RequesterRef(7, "Mia"), null, null, null, RequestType.Technical, Impact.Low, Urgency.Low),
            "INC-000002", PriorityMatrix.Default, Agent, T0));
        Assert.Equal("title", e.Field);
    }

    [Fact]
    public void Open_WithATooLongTitle_IsRejected()
    {
        var e = Assert.Throws<DomainRuleException>(() => Ticket.Open(
            new NewTicket(TicketKind.Incident, new string('x', Ticket.TitleMaxLength + 1), null, 1, new RequesterRef(7, "Mia"), null, null, null, RequestType.Technical, Impact.Low, Urgency.Low),
            "INC-000002", PriorityMatrix.Default, Agent, T0));
        Assert.Equal("title", e.Field);
    }

    [Fact]
    public void ClosedTicket_CannotBeAssignedOrEdited()
    {
        var t = TicketIn(TicketStatus.Closed);
        Assert.Throws<DomainRuleException>(() => t.Assign(null, null, Agent, T0.AddDays(2)));
        Assert.Throws<DomainRuleException>(() => t.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0.AddDays(2)));
    }
}

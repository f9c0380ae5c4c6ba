using Baton.Domain.Events;
using Baton.Domain.Projects;
using Baton.Domain.Tests.Projects;
using Baton.Domain.Tests.Tickets;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Events;

/// <summary>Which domain method raises which record event: raising them is part of the change, like its audit line.</summary>
public sealed class TicketEventsTests
{
    private static readonly Actor Agent = new("u1", "Dana Ops");
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<IRecordEvent> Pending(IRecordWithEvents record) => record.PendingEvents;

    private static IReadOnlyList<IRecordEvent> Raised(Ticket ticket, Action<Ticket> change)
    {
        ((IRecordWithEvents)ticket).ClearPendingEvents();
        change(ticket);
        return [.. Pending(ticket)]; // a copy: the next change clears the live list
    }

    [Fact]
    public void Open_RaisesTicketOpened_WithWhatRoutingAndTheClocksNeed()
    {
        var ticket = Ticket.Open(
            new NewTicket(TicketKind.Incident, "VPN down", null, 3, new RequesterRef(7, "Mia"), 11, 12, 13, RequestType.Technical, Impact.High, Urgency.High,
                NamedProject: " PRJ-000004 ", CategoryName: "Network", ConfigurationItemName: "fw-01"),
            "INC-000009", PriorityMatrix.Default, Agent, T0);

        var opened = Assert.IsType<TicketOpened>(Assert.Single(Pending(ticket)));
        Assert.Equal(
            new TicketOpened("INC-000009", TicketKind.Incident, 3, 11, 12, 13, RequestType.Technical, ticket.Priority, "PRJ-000004", "Network", "fw-01", Agent, T0),
            opened);
        Assert.Equal(("ticket", 0L), (((IRecordWithEvents)ticket).RecordKind, ((IRecordWithEvents)ticket).RecordId));
    }

    [Fact]
    public void EveryMove_RaisesStatusChanged_FromAndTo()
    {
        var events = Raised(TicketLifecycleTests.NewTicket(), t => t.Acknowledge(Agent, T0.AddMinutes(1)));

        Assert.Equal(new TicketStatusChanged("INC-000001", TicketStatus.New, TicketStatus.Acknowledged, Agent, T0.AddMinutes(1)), Assert.Single(events));
    }

    [Fact]
    public void Resolve_Reopen_Close_RaiseTheirOwnEvent_BesideTheStatusChange()
    {
        var ticket = TicketLifecycleTests.TicketIn(TicketStatus.InProgress);
        var at = T0.AddHours(1);

        var resolved = Raised(ticket, t => t.Resolve(" Replaced the fuser. ", Agent, at));
        var reopened = Raised(ticket, t => t.Reopen(" still jams ", Agent, at));
        ticket.Resolve("Cleaned the rollers.", Agent, at);
        var closed = Raised(ticket, t => t.Close(Agent, at));

        Assert.Equal([typeof(TicketStatusChanged), typeof(TicketResolved)], resolved.Select(e => e.GetType()));
        Assert.Equal("Replaced the fuser.", ((TicketResolved)resolved[1]).ResolutionNote);
        Assert.Equal([typeof(TicketStatusChanged), typeof(TicketReopened)], reopened.Select(e => e.GetType()));
        Assert.Equal("still jams", ((TicketReopened)reopened[1]).Reason);
        Assert.Equal([typeof(TicketStatusChanged), typeof(TicketClosed)], closed.Select(e => e.GetType()));
    }

    [Fact]
    public void AnIllegalMove_RaisesNothing()
    {
        var ticket = TicketLifecycleTests.NewTicket();
        ((IRecordWithEvents)ticket).ClearPendingEvents();

        Assert.Throws<DomainRuleException>(() => ticket.Close(Agent, T0));

        Assert.Empty(Pending(ticket));
    }

    [Fact]
    public void Assign_RaisesAssignmentChanged_OnlyWhenTeamOrAssigneeChanges()
    {
        var ticket = TicketLifecycleTests.NewTicket();

        var first = Raised(ticket, t => t.Assign(new TeamRef(4, "Network"), new AgentRef("a9", "Ann"), Agent, T0));
        var same = Raised(ticket, t => t.Assign(new TeamRef(4, "Network"), new AgentRef("a9", "Ann"), Agent, T0));
        var cleared = Raised(ticket, t => t.Assign(new TeamRef(4, "Network"), null, Agent, T0));

        Assert.Equal(new AssignmentChanged("INC-000001", null, 4, null, "a9", Agent, T0), Assert.Single(first));
        Assert.Empty(same);
        Assert.Equal(new AssignmentChanged("INC-000001", 4, 4, "a9", null, Agent, T0), Assert.Single(cleared));
    }

    [Fact]
    public void Reclassify_RaisesPriorityChanged_OnlyWhenThePriorityMoves()
    {
        var ticket = TicketLifecycleTests.NewTicket(); // Medium impact, High urgency

        var higher = Raised(ticket, t => t.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0));
        var samePriority = Raised(ticket, t => t.Reclassify(Impact.High, Urgency.High, PriorityMatrix.Default, Agent, T0));

        var changed = Assert.IsType<PriorityChanged>(Assert.Single(higher));
        Assert.True(changed.To < changed.From, $"{changed.From} → {changed.To}");
        Assert.Empty(samePriority);
    }

    [Fact]
    public void UpdateDetails_RaisesDetailsChanged_NamingTheFields_AndNothingForTheSameValues()
    {
        var ticket = TicketLifecycleTests.NewTicket();
        var details = new TicketDetails("Printer jams on tray 2", "Every page", null, null, null, RequestType.Technical, null);

        var changed = Raised(ticket, t => t.UpdateDetails(details, Agent, T0));
        var again = Raised(ticket, t => t.UpdateDetails(details, Agent, T0));

        Assert.Equal(["Title"], Assert.IsType<TicketDetailsChanged>(Assert.Single(changed)).Fields);
        Assert.Empty(again);
    }

    [Fact]
    public void AddMessage_RaisesMessagePosted_WithVisibilityAndAuthor_AndARequesterReplyAlsoResumes()
    {
        var ticket = TicketLifecycleTests.TicketIn(TicketStatus.AwaitingCustomer);

        var note = Raised(ticket, t => t.AddMessage("Checked logs", MessageVisibility.Internal, fromRequester: false, Agent, T0));
        var reply = Raised(ticket, t => t.AddMessage("Here is the screenshot", MessageVisibility.Public, fromRequester: true, Agent, T0));

        Assert.Equal(new MessagePosted("INC-000001", MessageVisibility.Internal, MessageAuthor.Desk, Agent, T0), Assert.Single(note));
        Assert.Equal(new MessagePosted("INC-000001", MessageVisibility.Public, MessageAuthor.Requester, Agent, T0), reply[0]);
        Assert.Equal(new TicketStatusChanged("INC-000001", TicketStatus.AwaitingCustomer, TicketStatus.InProgress, Agent, T0), reply[1]);
    }

    [Fact]
    public void ProjectLifecycle_RaisesProjectStatusChanged_AtEveryStatusChange()
    {
        var project = ProjectLifecycleTests.Planned();
        Assert.Empty(Pending(project));

        project.Cancel("Budget withdrawn", Agent, T0);

        Assert.Equal(new ProjectStatusChanged("PRJ-000001", 7, ProjectStatus.Planned, ProjectStatus.Cancelled, Agent, T0), Assert.Single(Pending(project)));
        Assert.Equal("project", ((IRecordWithEvents)project).RecordKind);
    }
}

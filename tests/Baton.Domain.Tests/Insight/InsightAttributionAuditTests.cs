using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tests.Tickets;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Insight;

/// <summary>A verdict against a project goes on the ticket's audit trail, readable, and moves the ticket's version.</summary>
public sealed class InsightAttributionAuditTests
{
    private static readonly Actor Tech = new("u2", "Tara Tech");
    private static readonly DateTimeOffset At = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RecordProjectAttribution_First_AuditsTheVerdictWithTheNote_AndBumpsTheVersion()
    {
        var ticket = TicketLifecycleTests.NewTicket();
        var version = ticket.Version;

        Assert.True(ticket.RecordProjectAttribution("PRJ-000012", AttributionVerdict.CausedBy, " Switch swapped at 09:00 ", null, Tech, At));

        var entry = ticket.PendingAuditEntries[^1];
        Assert.Equal(("Project", null, "Caused by PRJ-000012 (Switch swapped at 09:00)", "Tara Tech", At),
            (entry.Field, entry.OldValue, entry.NewValue, entry.ActorName, entry.At));
        Assert.Equal(version + 1, ticket.Version);
    }

    [Fact]
    public void RecordProjectAttribution_Replacing_AuditsOldAndNew()
    {
        var ticket = TicketLifecycleTests.NewTicket();
        var first = Ticket.DescribeProjectAttribution("PRJ-000012", AttributionVerdict.CausedBy, null);

        ticket.RecordProjectAttribution("PRJ-000012", AttributionVerdict.NotRelated, "", first, Tech, At);

        Assert.Equal(("Caused by PRJ-000012", "Not related to PRJ-000012"), (ticket.PendingAuditEntries[^1].OldValue, ticket.PendingAuditEntries[^1].NewValue));
    }

    [Fact]
    public void RecordProjectAttribution_TheSameVerdictAgain_ChangesNothing()
    {
        var ticket = TicketLifecycleTests.NewTicket();
        var standing = Ticket.DescribeProjectAttribution("PRJ-000012", AttributionVerdict.NotRelated, "coincidence");
        var (entries, version) = (ticket.PendingAuditEntries.Count, ticket.Version);

        Assert.False(ticket.RecordProjectAttribution("PRJ-000012", AttributionVerdict.NotRelated, "coincidence", standing, Tech, At));

        Assert.Equal((entries, version), (ticket.PendingAuditEntries.Count, ticket.Version));
    }

    [Fact]
    public void RecordProjectAttribution_OnAClosedTicket_IsAllowed()
    {
        var ticket = TicketLifecycleTests.TicketIn(TicketStatus.Closed);

        Assert.True(ticket.RecordProjectAttribution("PRJ-000003", AttributionVerdict.CausedBy, null, null, Tech, At));
        Assert.Equal(TicketStatus.Closed, ticket.Status);
    }
}

using Baton.Domain;
using Baton.Domain.Events;
using Baton.Domain.Tickets;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Features.Tickets;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Hypercare;

/// <summary>
/// Routing is an effect that must not be lost: its job is committed with the ticket, so a process that dies between the
/// commit and the routing leaves the job behind, and the drain (this or any instance) routes the ticket later.
/// </summary>
public sealed class RoutingAfterACrashTests(HypercareDesk desk) : IClassFixture<HypercareDesk>
{
    /// <summary>What the creation's transaction leaves when the process dies right after the commit: the ticket and its routing job.</summary>
    private async Task<long> CommittedButNotRoutedAsync(HypercareDesk.Crew crew, DateTimeOffset? claimedUntil, string? claimedBy) => await desk.App.WithDbAsync(async db =>
    {
        var now = desk.Clock.Now;
        var requester = await db.Contacts.Where(c => c.Id == crew.Client.ContactId).Select(c => new RequesterRef(c.Id, c.Name)).SingleAsync();
        var number = TicketNumber.Format(TicketKind.Incident, 800_000 + Random.Shared.Next(100_000));
        var ticket = Ticket.Open(
            new NewTicket(TicketKind.Incident, "Cannot post invoices", null, crew.Client.ClientId, requester, crew.Client.SiteId, null, crew.Software, RequestType.Technical, Impact.Medium, Urgency.Medium),
            number, await TicketReferenceCheck.MatrixAsync(db, default), new Actor(crew.Agent.Id, crew.Agent.DisplayName), now);
        var opened = (TicketOpened)((IRecordWithEvents)ticket).PendingEvents[0];
        ((IRecordWithEvents)ticket).ClearPendingEvents(); // the job is written by hand below, as the dead process had
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        db.RecordEvents.Add(new RecordEventJob
        {
            Kind = nameof(TicketOpened), Handler = "hypercare-routing", RecordKind = Ticket.RecordKind, RecordId = ticket.Id,
            Payload = RecordEvents.PayloadOf(opened), OccurredAt = now, ClaimedUntil = claimedUntil, ClaimToken = claimedBy, Attempts = claimedBy is null ? 0 : 1,
        });
        await db.SaveChangesAsync();
        return ticket.Id;
    });

    private async Task<RecordEventJob> JobOfAsync(long ticketId) =>
        await desk.App.WithDbAsync(db => db.RecordEvents.AsNoTracking().SingleAsync(j => j.RecordKind == Ticket.RecordKind && j.RecordId == ticketId && j.Handler == "hypercare-routing"));

    private async Task WaitUntilProcessedAsync(long ticketId)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await JobOfAsync(ticketId)).ProcessedAt is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The routing job was not processed within 60 s.");
            desk.App.Services.GetRequiredService<RecordEvents>().Signal();
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AJobLeftUnclaimed_IsDrained_AndTheTicketRouted()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var ticketId = await CommittedButNotRoutedAsync(crew, claimedUntil: null, claimedBy: null);
        Assert.Null(await desk.TagAsync(ticketId));

        await WaitUntilProcessedAsync(ticketId);

        var tag = await desk.TagAsync(ticketId);
        Assert.Equal((crew.Project.Number, "Development"), (tag!.ProjectNumber, tag.RoutedRole));
        Assert.Contains(await desk.AuditAsync(ticketId), a => a.Field == "Team" && a.ActorName == $"Hypercare routing ({crew.Project.Number})");
        Assert.Equal(2, (await desk.NoticesAsync(crew.Coordinator.Id, crew.CoordinationLead.Id)).Count(n => n.TicketId == ticketId));
    }

    [Fact]
    public async Task AJobClaimedByAnInstanceThatDied_WaitsForTheLease_ThenIsDrainedOnce()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var events = desk.App.Services.GetRequiredService<RecordEvents>();
        var ticketId = await CommittedButNotRoutedAsync(crew, claimedUntil: desk.Clock.Now + events.Lease, claimedBy: "the-instance-that-died");

        await desk.App.WithDbAsync(db => events.DrainAsync(db, default)); // the lease still holds: not this instance's
        Assert.Null((await JobOfAsync(ticketId)).ProcessedAt);

        desk.Clock.Advance(events.Lease + TimeSpan.FromSeconds(1));
        await WaitUntilProcessedAsync(ticketId);

        var job = await JobOfAsync(ticketId);
        Assert.Equal((2, (string?)null), (job.Attempts, job.LastError));
        Assert.NotNull(await desk.TagAsync(ticketId));
        Assert.Single(await desk.AuditAsync(ticketId), a => a.Field == "Team");
    }
}

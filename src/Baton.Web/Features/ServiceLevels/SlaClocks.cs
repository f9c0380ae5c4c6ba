using Baton.Domain.Tickets;
using Baton.Web.Features.Shared.Events;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// The SLA clocks follow their ticket inside the transaction of each change: a new ticket starts them under the terms in
/// force on its (UTC) creation date; a move, a reply or a new priority brings them up to date (pauses, first response,
/// targets). In the transaction, so a ticket is never saved with stale clocks; from the cached catalogue, so ticket
/// creation's group commit (ADR 4) reads nothing for them.
/// </summary>
public sealed class SlaClocks :
    IRecordEventHandler<TicketOpened>,
    IRecordEventHandler<TicketStatusChanged>,
    IRecordEventHandler<MessagePosted>,
    IRecordEventHandler<PriorityChanged>
{
    public async ValueTask HandleAsync(TicketOpened e, InTransaction context, CancellationToken ct)
    {
        // A ticket opened with its clocks already started (the demo, a reference insert) keeps them.
        if (context.Record is not Ticket { Sla: null } ticket)
        {
            return;
        }

        var catalogue = await ServiceLevelCatalogue.ForAsync(context.Db, ct);
        if (catalogue.TermsFor(e.ClientId, DateOnly.FromDateTime(e.OccurredAt.UtcDateTime), e.CategoryId, e.CategoryName, e.ConfigurationItemId, e.ConfigurationItemName) is { } terms)
        {
            ticket.StartSla(terms.Terms, terms.Calendar);
        }
    }

    public ValueTask HandleAsync(TicketStatusChanged e, InTransaction context, CancellationToken ct) => TrackAsync(context, e.Actor, e.OccurredAt, ct);

    public ValueTask HandleAsync(MessagePosted e, InTransaction context, CancellationToken ct) => TrackAsync(context, e.Actor, e.OccurredAt, ct);

    public ValueTask HandleAsync(PriorityChanged e, InTransaction context, CancellationToken ct) => TrackAsync(context, e.Actor, e.OccurredAt, ct);

    private static async ValueTask TrackAsync(InTransaction context, Baton.Domain.Actor actor, DateTimeOffset at, CancellationToken ct)
    {
        if (context.Record is Ticket { Sla: not null } ticket)
        {
            (await ServiceLevelCatalogue.ForAsync(context.Db, ct)).Track(ticket, actor, at);
        }
    }
}

public static class SlaClockServices
{
    public static IServiceCollection AddSlaClocks(this IServiceCollection services) => services
        .AddInTransactionHandler<TicketOpened, SlaClocks>()
        .AddInTransactionHandler<TicketStatusChanged, SlaClocks>()
        .AddInTransactionHandler<MessagePosted, SlaClocks>()
        .AddInTransactionHandler<PriorityChanged, SlaClocks>();
}

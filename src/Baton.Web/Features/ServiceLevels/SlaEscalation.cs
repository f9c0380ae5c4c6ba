using Baton.Domain.Informing;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// Finds SLA clocks that crossed their warning or due instant and records each crossing once: an
/// <see cref="SlaEvent"/> stamped with the instant the clock crossed (and the instant it was noticed), plus a notice
/// to the assignee and the team lead, committed together. "Once" is the database's unique index on (ticket, clock,
/// kind, crossing instant), not a lock: any number of app instances may run this at the same moment, the loser of a
/// race finds its insert skipped (ON CONFLICT DO NOTHING), rolls back and moves on. Each crossing has its own
/// transaction, since on PostgreSQL a failed statement aborts the rest. Crossings are found by instant (warning
/// instant ≤ now), so what passed while Baton was down is recorded on the next run, each at its own instant.
/// </summary>
/// <remarks>
/// A moved threshold (a priority change, a calendar edit) is not by itself a new crossing. Breached stays breached:
/// a clock that was past its threshold and still is after the move records nothing new (<see cref="SlaEvent.Covers"/>);
/// one the move put back within time records a new crossing when it crosses again. A clock whose new threshold is
/// already past when it moves, with nothing recorded of that kind, is recorded at the new threshold, not at "now".
/// </remarks>
public sealed class SlaEscalation(INotificationChannel channel, ILogger<SlaEscalation> logger)
{
    /// <summary>Crossings looked at per clock per run; the next run takes the rest.</summary>
    public const int BatchSize = 500;

    /// <summary>A crossing not yet recorded, with who to tell.</summary>
    private sealed record Crossing(long TicketId, string Number, string Title, SlaClockKind Clock, SlaEventKind Kind, DateTimeOffset DueAt, DateTimeOffset CrossedAt, string? AssigneeId, string? LeadUserId, TicketSubject Ticket);

    /// <summary>Records every crossing at or before <paramref name="now"/> not yet recorded; returns how many it recorded.</summary>
    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var crossings = new List<Crossing>();
        crossings.AddRange(await CrossingsAsync(db, SlaClockKind.FirstResponse, now, ct));
        crossings.AddRange(await CrossingsAsync(db, SlaClockKind.Resolution, now, ct));

        if (crossings.Count == 0)
        {
            return 0;
        }

        // Once per sweep, not per ticket: the matrix with every client's overrides, to find each row's Accountable.
        var (matrix, roles) = await RasciCatalogue.ReadAllAsync(db, ct);
        var recorded = 0;
        foreach (var crossing in crossings)
        {
            if (await RecordAsync(db, crossing, matrix, roles, now, ct))
            {
                recorded++;
            }
        }

        return recorded;
    }

    /// <summary>One clock of a ticket, as columns: what the crossing query reads.</summary>
    private sealed record ClockRow
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Title { get; init; } = "";
        public string? AssigneeId { get; init; }
        public int? TeamId { get; init; }
        public TicketKind Kind { get; init; }
        public Priority Priority { get; init; }
        public int ClientId { get; init; }
        public int RequesterId { get; init; }
        public DateTimeOffset? WarnAt { get; init; }
        public DateTimeOffset? DueAt { get; init; }
        public DateTimeOffset? MovedAt { get; init; }
    }

    private static IQueryable<ClockRow> Clock(BatonDb db, SlaClockKind clock) => clock == SlaClockKind.FirstResponse
        ? db.Tickets.AsNoTracking().Where(t => t.Sla!.RespondedAt == null).Select(t => new ClockRow
        {
            Id = t.Id, Number = t.Number, Title = t.Title, AssigneeId = t.AssigneeId, TeamId = t.TeamId,
            Kind = t.Kind, Priority = t.Priority, ClientId = t.ClientId, RequesterId = t.RequesterId,
            WarnAt = t.Sla!.ResponseWarnAt, DueAt = t.Sla.ResponseDueAt, MovedAt = t.Sla.ClocksMovedAt,
        })
        : db.Tickets.AsNoTracking().Where(t => t.Sla!.ResolvedAt == null).Select(t => new ClockRow
        {
            Id = t.Id, Number = t.Number, Title = t.Title, AssigneeId = t.AssigneeId, TeamId = t.TeamId,
            Kind = t.Kind, Priority = t.Priority, ClientId = t.ClientId, RequesterId = t.RequesterId,
            WarnAt = t.Sla!.ResolutionWarnAt, DueAt = t.Sla.ResolutionDueAt, MovedAt = t.Sla.ClocksMovedAt,
        });

    // The query walks the clock's warning-instant index (warning ≤ due, so a breach is past its warning too) and
    // probes the unique index of SlaEvents (ticket, clock, kind) for each candidate. A clock with a warning instant but
    // no due instant is paused after its warning: it is not due while paused, and is picked up when it resumes. Whether
    // an event already recorded stands for the clock's crossing is SlaEvent.Covers, written here for the database;
    // a candidate it covers is excluded in SQL, so covered clocks never fill the batch.
    private static async Task<List<Crossing>> CrossingsAsync(BatonDb db, SlaClockKind clock, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await Clock(db, clock)
            .Where(c => c.WarnAt <= now && c.DueAt != null)
            .Select(c => new
            {
                c.Id,
                c.Number,
                c.Title,
                c.AssigneeId,
                c.TeamId,
                c.Kind,
                c.Priority,
                c.ClientId,
                c.RequesterId,
                LeadUserId = db.Teams.Where(x => x.Id == c.TeamId).Select(x => x.LeadUserId).FirstOrDefault(),
                WarnAt = c.WarnAt!.Value,
                DueAt = c.DueAt!.Value,
                AtRisk = !db.SlaEvents.Any(e => e.TicketId == c.Id && e.Clock == clock && e.Kind == SlaEventKind.AtRisk
                    && (e.CrossedAt == c.WarnAt || c.WarnAt <= e.NoticedAt || c.WarnAt <= c.MovedAt)),
                Breached = c.DueAt <= now
                    && !db.SlaEvents.Any(e => e.TicketId == c.Id && e.Clock == clock && e.Kind == SlaEventKind.Breached
                        && (e.CrossedAt == c.DueAt || c.DueAt <= e.NoticedAt || c.DueAt <= c.MovedAt)),
            })
            .Where(x => x.AtRisk || x.Breached)
            .OrderBy(x => x.DueAt).ThenBy(x => x.Id)
            .Take(BatchSize)
            .ToListAsync(ct);

        var list = new List<Crossing>();
        foreach (var r in rows)
        {
            var ticket = new TicketSubject(r.Id, r.Kind, r.Priority, r.ClientId, r.RequesterId, r.TeamId, r.AssigneeId);
            // In the order they happened, each at its own instant: a clock found already breached (the app was down)
            // was at risk first, at its warning instant.
            if (r.AtRisk)
            {
                list.Add(new Crossing(r.Id, r.Number, r.Title, clock, SlaEventKind.AtRisk, r.DueAt, r.WarnAt, r.AssigneeId, r.LeadUserId, ticket));
            }

            if (r.Breached)
            {
                list.Add(new Crossing(r.Id, r.Number, r.Title, clock, SlaEventKind.Breached, r.DueAt, r.DueAt, r.AssigneeId, r.LeadUserId, ticket));
            }
        }

        return list;
    }

    /// <summary>
    /// One crossing, one transaction: the event and its notices, or nothing if another run recorded it first. The event
    /// goes in with ON CONFLICT DO NOTHING, so losing that race is an ordinary outcome (logged at Debug), not a failed
    /// statement that EF and the database would each log as an error with a stack trace.
    /// </summary>
    private async Task<bool> RecordAsync(BatonDb db, Crossing crossing, RasciMatrix matrix, IReadOnlyList<string> roles, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var slaEvent = new SlaEvent(crossing.TicketId, crossing.Clock, crossing.Kind, crossing.DueAt, crossing.CrossedAt, now);
            if (!await ModelInserter.For<SlaEvent>(db).TryInsertAsync(db, slaEvent, ct))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogDebug("{Number}: {Kind} of {Clock} already recorded elsewhere.", crossing.Number, crossing.Kind, crossing.Clock);
                return false;
            }

            var recipients = new[] { crossing.AssigneeId, crossing.LeadUserId }
                .Concat(await AccountableAsync(db, crossing.Ticket, matrix, roles, now, exceptAssigneeAndLead: true, ct))
                .OfType<string>()
                .Where(id => id.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (recipients.Count > 0)
            {
                var kind = crossing.Kind == SlaEventKind.AtRisk ? NoticeKind.SlaAtRisk : NoticeKind.SlaBreached;
                await channel.NotifyAsync(db, recipients, new Notice(kind, crossing.TicketId, crossing.Number, NoticeText(crossing.Number, crossing.Title, slaEvent), now), ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The matrix's Accountable for the ticket's row, as users who may be told (issue 13). With
    /// <paramref name="exceptAssigneeAndLead"/> (the SLA crossings, whose built-in rule tells those two already) a row
    /// whose A is the assignee or the team lead (the shipped matrix) reads nothing and gives nobody; only another role
    /// (a service manager, an account manager, a contact role) costs the few reads of the ticket's people.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> AccountableAsync(
        BatonDb db, TicketSubject ticket, RasciMatrix matrix, IReadOnlyList<string> roles, DateTimeOffset now, bool exceptAssigneeAndLead, CancellationToken ct)
    {
        var activity = Activities.ForTicket(ticket.Kind, ticket.Priority);
        var row = matrix.Row(activity, ticket.ClientId, roles);
        if (!row.Any(c => c.Letter == RasciLetter.Accountable && !(exceptAssigneeAndLead && c.Role is (PartyRoles.Assignee or PartyRoles.TeamLead))))
        {
            return [];
        }

        var parties = await TicketInvolvement.PartiesAsync(db, ticket, now, ct);
        var lines = WhoIsInvolved.Resolve(matrix, new RasciActivity(activity, activity, 0), parties, roles);
        var ids = WhoIsInvolved.AccountableToEscalateTo(lines).Select(p => p.UserId).OfType<string>().ToList();
        return ids.Count == 0 ? [] : [.. await TicketNoticeSender.Reachable(db, ids, ticket.ClientId, ct)];
    }

    /// <summary>"INC-000123 · First response at risk · Printer on fire", cut to fit the notification.</summary>
    internal static string NoticeText(string number, string title, SlaEvent slaEvent) =>
        Notification.Fit($"{number} · {slaEvent.Describe()} · {title}");
}

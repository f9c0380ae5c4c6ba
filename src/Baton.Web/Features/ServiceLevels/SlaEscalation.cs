using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// Finds SLA clocks that crossed their warning or due instant and records each crossing once: an
/// <see cref="SlaEvent"/> plus a notice to the assignee and the team lead, committed together. "Once" is the
/// database's unique index on (ticket, clock, kind, due instant), not a lock: any number of app instances may run
/// this at the same moment, the loser of a race finds its insert skipped (ON CONFLICT DO NOTHING), rolls back
/// and moves on. Each crossing has its own transaction, since on PostgreSQL a failed statement aborts the rest.
/// Crossings are found by instant (warning instant ≤ now), so what passed while Baton was down is recorded on the
/// next run. A new due instant (a priority change) is a new crossing.
/// </summary>
public sealed class SlaEscalation(INotificationChannel channel, ILogger<SlaEscalation> logger)
{
    /// <summary>Crossings looked at per clock per run; the next run takes the rest.</summary>
    public const int BatchSize = 500;

    /// <summary>A crossing not yet recorded, with who to tell.</summary>
    private sealed record Crossing(long TicketId, string Number, string Title, SlaClockKind Clock, SlaEventKind Kind, DateTimeOffset DueAt, string? AssigneeId, string? LeadUserId);

    /// <summary>Records every crossing at or before <paramref name="now"/> not yet recorded; returns how many it recorded.</summary>
    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var crossings = new List<Crossing>();
        crossings.AddRange(await CrossingsAsync(db, SlaClockKind.FirstResponse, now, ct));
        crossings.AddRange(await CrossingsAsync(db, SlaClockKind.Resolution, now, ct));

        var recorded = 0;
        foreach (var crossing in crossings)
        {
            if (await RecordAsync(db, crossing, now, ct))
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
        public DateTimeOffset? WarnAt { get; init; }
        public DateTimeOffset? DueAt { get; init; }
    }

    private static IQueryable<ClockRow> Clock(BatonDb db, SlaClockKind clock) => clock == SlaClockKind.FirstResponse
        ? db.Tickets.AsNoTracking().Where(t => t.Sla!.RespondedAt == null).Select(t => new ClockRow
        {
            Id = t.Id, Number = t.Number, Title = t.Title, AssigneeId = t.AssigneeId, TeamId = t.TeamId,
            WarnAt = t.Sla!.ResponseWarnAt, DueAt = t.Sla.ResponseDueAt,
        })
        : db.Tickets.AsNoTracking().Where(t => t.Sla!.ResolvedAt == null).Select(t => new ClockRow
        {
            Id = t.Id, Number = t.Number, Title = t.Title, AssigneeId = t.AssigneeId, TeamId = t.TeamId,
            WarnAt = t.Sla!.ResolutionWarnAt, DueAt = t.Sla.ResolutionDueAt,
        });

    // The query walks the clock's warning-instant index (warning ≤ due, so a breach is past its warning too) and
    // probes the unique index of SlaEvents for each candidate. A clock with a warning instant but no due instant is
    // paused after its warning: it is not due while paused, and is picked up with its new due instant when it resumes.
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
                LeadUserId = db.Teams.Where(x => x.Id == c.TeamId).Select(x => x.LeadUserId).FirstOrDefault(),
                DueAt = c.DueAt!.Value,
                AtRisk = !db.SlaEvents.Any(e => e.TicketId == c.Id && e.Clock == clock && e.Kind == SlaEventKind.AtRisk && e.DueAt == c.DueAt),
                Breached = c.DueAt <= now
                    && !db.SlaEvents.Any(e => e.TicketId == c.Id && e.Clock == clock && e.Kind == SlaEventKind.Breached && e.DueAt == c.DueAt),
            })
            .Where(x => x.AtRisk || x.Breached)
            .OrderBy(x => x.DueAt).ThenBy(x => x.Id)
            .Take(BatchSize)
            .ToListAsync(ct);

        var list = new List<Crossing>();
        foreach (var r in rows)
        {
            // In the order they happened: a clock found already breached (the app was down) was at risk first.
            if (r.AtRisk)
            {
                list.Add(new Crossing(r.Id, r.Number, r.Title, clock, SlaEventKind.AtRisk, r.DueAt, r.AssigneeId, r.LeadUserId));
            }

            if (r.Breached)
            {
                list.Add(new Crossing(r.Id, r.Number, r.Title, clock, SlaEventKind.Breached, r.DueAt, r.AssigneeId, r.LeadUserId));
            }
        }

        return list;
    }

    /// <summary>
    /// One crossing, one transaction: the event and its notices, or nothing if another run recorded it first. The event
    /// goes in with ON CONFLICT DO NOTHING, so losing that race is an ordinary outcome (logged at Debug), not a failed
    /// statement that EF and the database would each log as an error with a stack trace.
    /// </summary>
    private async Task<bool> RecordAsync(BatonDb db, Crossing crossing, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var slaEvent = new SlaEvent(crossing.TicketId, crossing.Clock, crossing.Kind, crossing.DueAt, now);
            if (!await ModelInserter.For<SlaEvent>(db).TryInsertAsync(db, slaEvent, ct))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogDebug("{Number}: {Kind} of {Clock} already recorded elsewhere.", crossing.Number, crossing.Kind, crossing.Clock);
                return false;
            }

            var recipients = new[] { crossing.AssigneeId, crossing.LeadUserId }
                .OfType<string>()
                .Where(id => id.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (recipients.Count > 0)
            {
                channel.Notify(db, recipients, crossing.TicketId, NoticeText(crossing.Number, crossing.Title, slaEvent), now);
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

    /// <summary>"INC-000123 · First response at risk · Printer on fire", cut to fit the notification.</summary>
    internal static string NoticeText(string number, string title, SlaEvent slaEvent)
    {
        var text = $"{number} · {slaEvent.Describe()} · {title}";
        return text.Length <= Notification.TextMaxLength ? text : text[..(Notification.TextMaxLength - 1)] + "…";
    }
}

using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// Finds SLA clocks that crossed their warning or due instant and records each crossing once: an
/// <see cref="SlaEvent"/> plus a notice to the assignee and the team lead, committed together. "Once" is the
/// database's unique index on (ticket, clock, kind, due instant), not a lock: any number of app instances may run
/// this at the same moment, the loser of a race gets a unique violation for that crossing, rolls it back and
/// moves on. Each crossing has its own transaction, since on PostgreSQL a failed statement aborts the rest.
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
        crossings.AddRange(await ResponseCrossingsAsync(db, now, ct));
        crossings.AddRange(await ResolutionCrossingsAsync(db, now, ct));

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

    // Both queries walk the warning-instant index (warning ≤ due, so a breach is past its warning too) and probe the
    // unique index of SlaEvents for each candidate. A clock with a warning instant but no due instant is paused
    // after its warning: it is not due while paused, and is picked up with its new due instant when it resumes.
    private static async Task<List<Crossing>> ResponseCrossingsAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.Sla!.RespondedAt == null && t.Sla.ResponseWarnAt <= now && t.Sla.ResponseDueAt != null)
            .Select(t => new
            {
                t.Id,
                t.Number,
                t.Title,
                t.AssigneeId,
                LeadUserId = db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.LeadUserId).FirstOrDefault(),
                DueAt = t.Sla!.ResponseDueAt!.Value,
                AtRisk = !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.FirstResponse && e.Kind == SlaEventKind.AtRisk && e.DueAt == t.Sla.ResponseDueAt),
                Breached = t.Sla.ResponseDueAt <= now
                    && !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.FirstResponse && e.Kind == SlaEventKind.Breached && e.DueAt == t.Sla.ResponseDueAt),
            })
            .Where(x => x.AtRisk || x.Breached)
            .OrderBy(x => x.DueAt).ThenBy(x => x.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        return Expand(rows.Select(r => (r.Id, r.Number, r.Title, r.AssigneeId, r.LeadUserId, r.DueAt, r.AtRisk, r.Breached)), SlaClockKind.FirstResponse);
    }

    private static async Task<List<Crossing>> ResolutionCrossingsAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.Sla!.ResolvedAt == null && t.Sla.ResolutionWarnAt <= now && t.Sla.ResolutionDueAt != null)
            .Select(t => new
            {
                t.Id,
                t.Number,
                t.Title,
                t.AssigneeId,
                LeadUserId = db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.LeadUserId).FirstOrDefault(),
                DueAt = t.Sla!.ResolutionDueAt!.Value,
                AtRisk = !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.Resolution && e.Kind == SlaEventKind.AtRisk && e.DueAt == t.Sla.ResolutionDueAt),
                Breached = t.Sla.ResolutionDueAt <= now
                    && !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.Resolution && e.Kind == SlaEventKind.Breached && e.DueAt == t.Sla.ResolutionDueAt),
            })
            .Where(x => x.AtRisk || x.Breached)
            .OrderBy(x => x.DueAt).ThenBy(x => x.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        return Expand(rows.Select(r => (r.Id, r.Number, r.Title, r.AssigneeId, r.LeadUserId, r.DueAt, r.AtRisk, r.Breached)), SlaClockKind.Resolution);
    }

    private static List<Crossing> Expand(
        IEnumerable<(long Id, string Number, string Title, string? AssigneeId, string? LeadUserId, DateTimeOffset DueAt, bool AtRisk, bool Breached)> rows,
        SlaClockKind clock)
    {
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

    /// <summary>One crossing, one transaction: the event and its notices, or nothing if another run recorded it first.</summary>
    private async Task<bool> RecordAsync(BatonDb db, Crossing crossing, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var slaEvent = new SlaEvent(crossing.TicketId, crossing.Clock, crossing.Kind, crossing.DueAt, now);
            db.SlaEvents.Add(slaEvent);
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
        catch (DbUpdateException e) when (FormErrors.IsUniqueViolation(e))
        {
            // Another instance recorded this crossing between our look and our insert.
            await transaction.RollbackAsync(CancellationToken.None);
            logger.LogDebug("{Number}: {Kind} of {Clock} already recorded elsewhere.", crossing.Number, crossing.Kind, crossing.Clock);
            return false;
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

using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// After a calendar's hours, holidays or zone change, recomputes the stored due and warning instants of the open
/// tickets whose clocks run on it (the queue sorts by them, the escalation job finds crossings with them). Targets,
/// pauses and start instants stay as they were: only the calendar they are measured in changed.
/// </summary>
/// <remarks>
/// <para>
/// It runs synchronously, right after the calendar is saved, in the request that saved it: calendars change a few
/// times a year, a desk has at most some thousands of open tickets on one calendar, and recomputing one is a pair
/// of binary searches, so the editor waits well under a second and sees the result at once. Tickets are read in
/// batches of <see cref="BatchSize"/> by id (keyset), tracked only for their batch, saved, then forgotten, so memory
/// stays flat however many there are.
/// </para>
/// <para>
/// At scale (hundreds of thousands of open tickets, or several instances) this would become a background job fed
/// by the calendar's <see cref="ServiceCalendar.Version"/>: the edit would record "calendar N is at version V",
/// the job would recompute tickets whose stored calendar version is older and survive restarts, and the request
/// would return at once. Until then a ticket changed by someone else between our read and our write is simply read
/// again and recomputed (the ticket's version is its concurrency token; we do not bump it, since the ticket's own
/// data did not change).
/// </para>
/// </remarks>
public static class ClockRecompute
{
    public const int BatchSize = 1_000;

    /// <summary>Recomputes every open ticket on <paramref name="calendarId"/>; returns how many.</summary>
    public static async Task<int> ExecuteAsync(BatonDb db, int calendarId, BusinessCalendar calendar, CancellationToken ct, int batchSize = BatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var count = 0;
        var after = 0L;
        db.ChangeTracker.Clear();
        while (true)
        {
            var batch = await db.Tickets.AsTracking()
                .Where(t => t.Id > after && t.Status != TicketStatus.Closed && t.Sla != null && t.Sla.CalendarId == calendarId)
                .OrderBy(t => t.Id)
                .Take(batchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return count;
            }

            foreach (var ticket in batch)
            {
                ticket.Sla!.Recompute(calendar);
            }

            await SaveRetryingAsync(db, calendar, ct);
            db.ChangeTracker.Clear();
            count += batch.Count;
            after = batch[^1].Id;
        }
    }

    private static async Task SaveRetryingAsync(BatonDb db, BusinessCalendar calendar, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 5)
            {
                // Someone changed these tickets since we read them: read them again and recompute on top of their change.
                foreach (var entry in e.Entries)
                {
                    // The clock shares the ticket's row, so the conflict may be reported on either.
                    await entry.ReloadAsync(ct);
                    var sla = entry.Entity as TicketSla ?? (entry.Entity as Ticket)?.Sla;
                    sla?.Recompute(calendar);
                }
            }
        }
    }
}

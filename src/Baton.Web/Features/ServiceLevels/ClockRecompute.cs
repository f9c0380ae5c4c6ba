using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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
    public const int BatchSize = 5_000;

    /// <summary>The stored instants a calendar change moves (the SLA clocks' and the keep-informed clock's); nothing else of the ticket is written.</summary>
    private static readonly string[] Written =
        [nameof(TicketSla.ResponseDueAt), nameof(TicketSla.ResponseWarnAt), nameof(TicketSla.ResolutionDueAt), nameof(TicketSla.ResolutionWarnAt), nameof(TicketSla.NextDueAt), nameof(TicketSla.ClocksMovedAt),
         nameof(TicketSla.NextUpdateDueAt), nameof(TicketSla.UpdateWarnAt), nameof(TicketSla.StuckAt)];

    /// <summary>Recomputes every open ticket on <paramref name="calendarId"/> after an edit at <paramref name="now"/>; returns how many.</summary>
    public static async Task<int> ExecuteAsync(BatonDb db, int calendarId, BusinessCalendar calendar, DateTimeOffset now, CancellationToken ct, int batchSize = BatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var count = 0;
        var after = 0L;
        db.ChangeTracker.Clear();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            while (true)
            {
                // Only the clock and the version are read, untracked: a change tracker over whole tickets made this
                // ~100 times slower (bench/README.md, scenario "recompute").
                var batch = await db.Tickets.AsNoTracking()
                    .Where(t => t.Id > after && t.Status != TicketStatus.Closed && t.Sla != null && t.Sla.CalendarId == calendarId)
                    .OrderBy(t => t.Id)
                    .Take(batchSize)
                    .Select(t => new { t.Id, t.Version, t.Sla })
                    .ToListAsync(ct);
                if (batch.Count == 0)
                {
                    return count;
                }

                var changedMeanwhile = new List<long>();
                using (var writing = await SqliteWriteGate.EnterAsync(db, ct))
                await using (var transaction = await db.Database.BeginTransactionAsync(ct))
                {
                    var (update, toProvider) = UpdateCommand(db);
                    await using var disposing = update;
                    foreach (var row in batch)
                    {
                        // A new holiday moves only the clocks that run across it: write only what moved.
                        var sla = row.Sla!;
                        var before = Instants(sla);
                        sla.Recompute(calendar, now);
                        if (Instants(sla) == before)
                        {
                            continue;
                        }

                        if (await WriteAsync(update, toProvider, row.Id, row.Version, sla, ct) == 0)
                        {
                            changedMeanwhile.Add(row.Id);
                        }
                    }

                    await transaction.CommitAsync(ct);
                }

                foreach (var id in changedMeanwhile)
                {
                    await RecomputeTrackedAsync(db, id, calendar, now, ct);
                }

                count += batch.Count;
                after = batch[^1].Id;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One prepared UPDATE of the stored instants, guarded by the ticket's version. Column names and parameter values
    /// come from the EF model (its type mappings convert exactly as SaveChanges would), so it works on both providers.
    /// </summary>
    private static (System.Data.Common.DbCommand Command, Func<object?, object?>?[] ToProvider) UpdateCommand(BatonDb db)
    {
        var ticketType = db.Model.FindEntityType(typeof(Ticket))!;
        var slaType = db.Model.FindEntityType(typeof(TicketSla))!;
        var table = StoreObjectIdentifier.Table(ticketType.GetTableName()!, ticketType.GetSchema());
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var sets = new List<string>();
        var toProvider = new Func<object?, object?>?[Written.Length];
        foreach (var (name, i) in Written.Select((n, i) => (n, i)))
        {
            var property = slaType.FindProperty(name)!;
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            sets.Add($"\"{property.GetColumnName(table)}\" = @p{i}");
            command.Parameters.Add(mapping.CreateParameter(command, $"p{i}", null, nullable: true));
            toProvider[i] = (property.GetValueConverter() ?? mapping.Converter)?.ConvertToProvider;
        }

        var idMapping = (RelationalTypeMapping)ticketType.FindProperty(nameof(Ticket.Id))!.GetTypeMapping();
        var versionMapping = (RelationalTypeMapping)ticketType.FindProperty(nameof(Ticket.Version))!.GetTypeMapping();
        command.Parameters.Add(idMapping.CreateParameter(command, "id", 0L));
        command.Parameters.Add(versionMapping.CreateParameter(command, "version", 0));
        command.CommandText = $"UPDATE \"{table.Name}\" SET {string.Join(", ", sets)} WHERE \"Id\" = @id AND \"Version\" = @version";
        return (command, toProvider);
    }

    private static async Task<int> WriteAsync(System.Data.Common.DbCommand update, Func<object?, object?>?[] toProvider, long id, int version, TicketSla sla, CancellationToken ct)
    {
        var values = new[] { sla.ResponseDueAt, sla.ResponseWarnAt, sla.ResolutionDueAt, sla.ResolutionWarnAt, sla.NextDueAt, sla.ClocksMovedAt, sla.NextUpdateDueAt, sla.UpdateWarnAt, sla.StuckAt };
        for (var i = 0; i < values.Length; i++)
        {
            update.Parameters[i].Value = values[i] is { } value ? (toProvider[i] is { } convert ? convert(value) : value) ?? DBNull.Value : DBNull.Value;
        }

        update.Parameters[^2].Value = id;
        update.Parameters[^1].Value = version;
        return await update.ExecuteNonQueryAsync(ct);
    }

    private static (DateTimeOffset?, DateTimeOffset?, DateTimeOffset?, DateTimeOffset?, DateTimeOffset?, (DateTimeOffset?, DateTimeOffset?, DateTimeOffset?)) Instants(TicketSla sla) =>
        (sla.ResponseDueAt, sla.ResponseWarnAt, sla.ResolutionDueAt, sla.ResolutionWarnAt, sla.NextDueAt, (sla.NextUpdateDueAt, sla.UpdateWarnAt, sla.StuckAt));

    /// <summary>Someone changed the ticket between our read and our write: recompute it the ordinary, tracked way.</summary>
    private static async Task RecomputeTrackedAsync(BatonDb db, long id, BusinessCalendar calendar, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var ticket = await db.Tickets.AsTracking().SingleAsync(t => t.Id == id, ct);
            ticket.Sla?.Recompute(calendar, now);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // Changed again: read it again.
            }
        }
    }
}

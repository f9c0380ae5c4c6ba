using Baton.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Data;

/// <summary>
/// Writes what audited records have pending (<see cref="IAudited"/>) into the one <c>AuditEntries</c> table, in the
/// same transaction as the change itself: a change is never saved without its trail, nor a trail without its change.
/// A record inserted in this save has no id yet, so its entries go in a second save inside one transaction.
/// </summary>
internal static class AuditTrailWriter
{
    public delegate Task<int> Save(bool acceptAllChangesOnSuccess, CancellationToken ct);

    public static async Task<int> SaveAsync(BatonDb db, Save save, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var audited = db.ChangeTracker.Entries<IAudited>()
            .Where(e => e.Entity.PendingAuditEntries.Count > 0)
            .Select(e => e.Entity)
            .ToList();
        if (audited.Count == 0)
        {
            return await save(acceptAllChangesOnSuccess, ct);
        }

        // A record id of 0 is a record the database has not numbered yet (every id is an identity column).
        var waiting = audited.Where(a => a.AuditRecordId == 0).ToList();
        File(db, audited.Except(waiting));
        if (waiting.Count == 0)
        {
            return await save(acceptAllChangesOnSuccess, ct);
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var saved = await save(true, ct);
            File(db, waiting);
            saved += await save(acceptAllChangesOnSuccess, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private static void File(BatonDb db, IEnumerable<IAudited> records)
    {
        foreach (var record in records)
        {
            foreach (var entry in record.PendingAuditEntries)
            {
                db.AuditEntries.Add(entry).Property(e => e.RecordId).CurrentValue = record.AuditRecordId;
            }

            record.ClearPendingAuditEntries();
        }
    }
}

using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Audit;

/// <summary>One change on a record's audit trail, as the API and the pages show it.</summary>
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string ActorName, string Field, string? OldValue, string? NewValue);

/// <summary>
/// Reads a record's trail from the one <c>AuditEntries</c> table. Who may see it is the caller's decision, made by the
/// feature that owns the record (its visibility rule), before it asks.
/// </summary>
public static class AuditTrail
{
    /// <summary>Every entry of the record, oldest first; <paramref name="shown"/> keeps only some fields (null: all).</summary>
    public static async Task<IReadOnlyList<AuditEntryResponse>> ReadAsync(
        BatonDb db, string recordKind, long recordId, CancellationToken ct, IReadOnlyCollection<string>? shown = null)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.RecordKind == recordKind && a.RecordId == recordId);
        if (shown is not null)
        {
            entries = entries.Where(a => shown.Contains(a.Field));
        }

        return await entries
            .OrderBy(a => a.Id)
            .Select(a => new AuditEntryResponse(a.Id, a.At, a.ActorName, a.Field, a.OldValue, a.NewValue))
            .ToListAsync(ct);
    }
}

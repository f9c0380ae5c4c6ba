using Baton.Domain.Projects;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>Issues PRJ numbers from the shared sequence table, inside the caller's transaction, so numbers never repeat.</summary>
public static class ProjectNumbers
{
    public static async Task<string> NextAsync(BatonDb db, CancellationToken ct)
    {
        // One statement increments and reads: two creators never see the same value (row lock on PostgreSQL, the
        // single writer on SQLite). ToListAsync keeps EF from wrapping the UPDATE in a SELECT.
        var values = await db.Database
            .SqlQueryRaw<long>("""UPDATE "NumberSequences" SET "Last" = "Last" + 1 WHERE "Name" = {0} RETURNING "Last" AS "Value" """, ProjectNumber.Prefix)
            .ToListAsync(ct);
        return ProjectNumber.Format(values.Single());
    }
}

using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

/// <summary>What a save of the matrix came to: the new revision, or every reason it was refused (each on its row or field).</summary>
public sealed record RasciSaveResult(RasciRevision? Saved, IReadOnlyList<DomainRuleException> Problems);

/// <summary>Saves the default matrix or one client's overrides as a new revision (the page and the API call this).</summary>
public static class SaveRasci
{
    /// <summary>The matrix as it would be with <paramref name="cells"/> for the scope: for the page's preview, and the save's check.</summary>
    public static RasciMatrix Proposed(RasciView view, int? clientId, IReadOnlyList<RasciCell> cells)
    {
        ArgumentNullException.ThrowIfNull(view);
        return clientId is { } id ? view.Matrix.WithOverrides(id, cells) : view.Matrix.WithDefaults(cells);
    }

    public static async Task<RasciSaveResult> SaveAsync(BatonDb db, int? clientId, int startedFrom, IReadOnlyList<RasciCell> cells, string? note, Actor by, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cells);
        if (clientId is { } id && !await db.Clients.AnyAsync(c => c.Id == id, ct))
        {
            return Refused(new DomainRuleException($"There is no client {id}.", "clientId"));
        }

        var view = await RasciCatalogue.ReadAsync(db, clientId, ct);
        var proposed = Proposed(view, clientId, cells);
        var problems = proposed.Check(view.Activities, view.Roles, clientId, view.RoleName);
        if (problems.Count > 0)
        {
            return new RasciSaveResult(null, problems);
        }

        RasciRevision revision;
        try
        {
            var before = clientId is { } c ? view.Matrix.OverridesFor(c) : view.Matrix.Defaults;
            var current = clientId is null ? view.DefaultRevision : view.ClientRevision;
            revision = RasciRevision.Next(current, before, startedFrom, clientId, cells, note, view.ActivityName, view.RoleName, by, at);
        }
        catch (DomainRuleException e)
        {
            return Refused(e);
        }

        db.RasciRevisions.Add(revision);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(revision).State = EntityState.Detached;
            if (!await db.RasciRevisions.AnyAsync(r => r.Scope == revision.Scope && r.Number == revision.Number, ct))
            {
                throw;
            }

            // Another save from the same revision landed first (the unique scope + number): this one is refused, not merged.
            return Refused(new DomainRuleException($"Someone saved revision {revision.Number} of this matrix a moment ago. Reload it and make your change again.", "revision"));
        }

        return new RasciSaveResult(revision, []);
    }

    private static RasciSaveResult Refused(DomainRuleException e) => new(null, [e]);
}

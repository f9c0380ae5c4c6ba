using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

/// <summary>
/// The matrix as it stands for one scope: its rows, its columns (built-in roles, then contact roles), the default
/// cells (the newest default revision, or what Baton ships) and, for a client, that client's newest overrides.
/// </summary>
public sealed record RasciView(
    IReadOnlyList<RasciActivity> Activities,
    IReadOnlyList<ContactRole> ContactRoles,
    RasciMatrix Matrix,
    RasciRevision? DefaultRevision,
    int? ClientId,
    RasciRevision? ClientRevision)
{
    /// <summary>Every role a cell may name: the built-in ones and every contact role, retired ones too (their cells stay readable).</summary>
    public IReadOnlyList<string> Roles { get; } = [.. PartyRoles.BuiltIn, .. ContactRoles.Select(r => PartyRoles.ForContactRole(r.Key))];

    /// <summary>The columns to edit: built-in roles and active contact roles, plus a retired one that still has a cell.</summary>
    public IReadOnlyList<string> Columns => [.. Roles.Where(r => !PartyRoles.IsContactRole(r)
        || ContactRoles.Any(c => PartyRoles.ForContactRole(c.Key) == r && c.IsActive)
        || Activities.Any(a => Matrix.Cell(a.Key, r, ClientId).Letter is not null))];

    public IReadOnlyDictionary<string, string> ContactRoleNames { get; } = ContactRoles.ToDictionary(r => r.Key, r => r.Name);

    public string RoleName(string role) => PartyRoles.Name(role, ContactRoleNames);

    public string ActivityName(string key) => Activities.FirstOrDefault(a => a.Key == key)?.Name ?? key;

    /// <summary>The revision number an editor of this scope starts from (0: nothing saved, the shipped cells).</summary>
    public int Revision => (ClientId is null ? DefaultRevision : ClientRevision)?.Number ?? 0;
}

public static class RasciCatalogue
{
    /// <summary>Everything a view is made of, for every scope at once: what the cache keeps.</summary>
    private sealed record Saved(
        IReadOnlyList<RasciActivity> Activities, IReadOnlyList<ContactRole> ContactRoles, RasciRevision? Defaults, IReadOnlyDictionary<int, RasciRevision> Clients);

    /// <summary>
    /// As <see cref="ReadAsync"/>, from the catalogue cache: what every notice and ticket page reads (three queries
    /// saved each time). An edit on another instance is seen within about a second; the editors read fresh.
    /// </summary>
    public static async Task<RasciView> CachedAsync(BatonDb db, int? clientId, CancellationToken ct)
    {
        var saved = await SavedAsync(db, ct);
        return View(saved.Activities, saved.ContactRoles, saved.Defaults, clientId, clientId is { } id ? saved.Clients.GetValueOrDefault(id) : null);
    }

    private static Task<Saved> SavedAsync(BatonDb db, CancellationToken ct) => CatalogueCache.Of(db).GetAsync(db, CatalogueTags.Rasci, async c =>
    {
        var activities = await db.RasciActivities.AsNoTracking().OrderBy(a => a.SortOrder).ThenBy(a => a.Name).ToListAsync(c);
        var contactRoles = await db.ContactRoles.AsNoTracking().OrderBy(r => r.Id).ToListAsync(c);
        var newest = await db.RasciRevisions.AsNoTracking()
            .Where(r => !db.RasciRevisions.Any(o => o.Scope == r.Scope && o.Number > r.Number)).ToListAsync(c);
        return new Saved(activities, contactRoles, newest.FirstOrDefault(r => r.ClientId is null),
            newest.Where(r => r.ClientId is not null).ToDictionary(r => r.ClientId!.Value));
    }, ct);

    /// <summary>The matrix with the default cells, and with <paramref name="clientId"/>'s overrides when one is named.</summary>
    public static async Task<RasciView> ReadAsync(BatonDb db, int? clientId, CancellationToken ct)
    {
        var activities = await db.RasciActivities.AsNoTracking().OrderBy(a => a.SortOrder).ThenBy(a => a.Name).ToListAsync(ct);
        var contactRoles = await db.ContactRoles.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        var defaults = await NewestAsync(db, null, ct);
        var own = clientId is null ? null : await NewestAsync(db, clientId, ct);
        return View(activities, contactRoles, defaults, clientId, own);
    }

    private static RasciView View(IReadOnlyList<RasciActivity> activities, IReadOnlyList<ContactRole> contactRoles, RasciRevision? defaults, int? clientId, RasciRevision? own)
    {
        IEnumerable<RasciCell> defaultCells = defaults?.Cells ?? RasciMatrix.Shipped.Defaults;
        var matrix = new RasciMatrix(defaultCells, own is null ? null : [KeyValuePair.Create(own.ClientId!.Value, own.Cells)]);
        return new RasciView(activities, contactRoles, matrix, defaults, clientId, own);
    }

    /// <summary>
    /// The whole matrix in one read: the default cells and every client's newest overrides, for a job that resolves
    /// many records of many clients (the SLA sweep) and must not read the matrix once per record.
    /// </summary>
    public static async Task<(RasciMatrix Matrix, IReadOnlyList<string> Roles)> ReadAllAsync(BatonDb db, CancellationToken ct)
    {
        var saved = await SavedAsync(db, ct);
        IEnumerable<RasciCell> defaultCells = saved.Defaults?.Cells ?? RasciMatrix.Shipped.Defaults;
        var matrix = new RasciMatrix(defaultCells, saved.Clients.Select(c => KeyValuePair.Create(c.Key, c.Value.Cells)));
        return (matrix, [.. PartyRoles.BuiltIn, .. saved.ContactRoles.Select(r => PartyRoles.ForContactRole(r.Key))]);
    }

    private static Task<RasciRevision?> NewestAsync(BatonDb db, int? clientId, CancellationToken ct)
    {
        var scope = RasciRevision.ScopeOf(clientId);
        return db.RasciRevisions.AsNoTracking().Where(r => r.Scope == scope).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
    }
}

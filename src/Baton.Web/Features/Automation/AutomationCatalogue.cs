using Baton.Domain;
using Baton.Domain.Automation;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Automation;

/// <summary>The switched-on rules, compiled, from the catalogue cache: every ticket event asks whether one concerns it.</summary>
public static class AutomationCatalogue
{
    public static Task<IReadOnlyList<CompiledRule>> EnabledAsync(BatonDb db, CancellationToken ct) =>
        CatalogueCache.Of(db).GetAsync(db, CatalogueTags.Automation, async c =>
        {
            var rules = await db.AutomationRules.AsNoTracking().Where(r => r.IsEnabled).ToListAsync(c);
            // A rule saved by an older release that no longer reads is left out rather than stopping every other rule.
            return RuleEngine.Compile(rules.Select(r => (r.Id, r.Position, r.Definition)).Where(r => r.Definition.Problems().Count == 0));
        }, ct);

    /// <summary>The shipped rules a desk does not have yet (by key), switched on, after the ones it has.</summary>
    public static async Task SeedAsync(BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var keys = await db.AutomationRules.Where(r => r.Key != null).Select(r => r.Key!).ToListAsync(ct);
        var missing = ShippedRules.All.Where(s => !keys.Contains(s.Key)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var actor = new Actor("system", "Baton");
        var now = clock.GetUtcNow();
        foreach (var shipped in missing)
        {
            db.AutomationRules.Add(AutomationRule.Create(shipped.Definition, shipped.Position, enabled: true, actor, now, shipped.Key));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.ChangeTracker.Clear(); // another instance seeded them first
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Baton.Web.Data.Migrations.Legacy;

/// <summary>
/// The upgrade path of databases made before the generated migrations (docs/adr/0002): Baton's schema was once built by
/// hand-written scripts, one per provider, whose ids are in <c>__EFMigrationsHistory</c>. Such a database gets the
/// scripts it lacks, in id order, and then the baseline is recorded as applied without running it — the scripts built
/// what it builds. A fresh database never comes here: it gets only the generated migrations.
/// Every <c>&lt;id&gt;.sqlite.sql</c> / <c>&lt;id&gt;.postgres.sql</c> in this folder is such a script (embedded by the project
/// file); adding one needs no code.
/// </summary>
public static class LegacyMigrations
{
    /// <summary>The first generated migration of each provider's set: the schema the last hand-written script left.</summary>
    public const string Baseline = "20261203000000_Baseline";

    private const string ResourcePrefix = "Baton.Web.Data.Migrations.Legacy.";

    /// <summary>Brings a database built by the hand-written scripts up to the baseline; does nothing to any other.</summary>
    public static async Task UpgradeAsync(BatonDb db, CancellationToken ct = default)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct) || !await history.ExistsAsync(ct))
        {
            return;
        }

        var applied = (await history.GetAppliedMigrationsAsync(ct)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);
        var scripts = Scripts(db);
        if (applied.Contains(Baseline) || !scripts.Keys.Any(applied.Contains))
        {
            return;
        }

        await ApplyAsync(db, scripts, applied, upTo: null, ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(Baseline, ProductInfo.GetVersion())), ct);
    }

    /// <summary>
    /// Builds the old schema the old way, up to and including <paramref name="upTo"/> (all scripts when null): what a
    /// database of an earlier Baton holds. For tests of the upgrade path.
    /// </summary>
    public static async Task BuildAsync(BatonDb db, string? upTo = null, CancellationToken ct = default)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            await creator.CreateAsync(ct);
        }

        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(ct);
        var applied = (await history.GetAppliedMigrationsAsync(ct)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);
        var scripts = Scripts(db);
        if (upTo is not null && !scripts.ContainsKey(upTo))
        {
            throw new ArgumentException($"No hand-written migration {upTo}; there are: {string.Join(", ", scripts.Keys)}.", nameof(upTo));
        }

        await ApplyAsync(db, scripts, applied, upTo, ct);
    }

    /// <summary>The hand-written migration ids, in order.</summary>
    public static IReadOnlyList<string> Ids(BatonDb db) => [.. Scripts(db).Keys];

    private static async Task ApplyAsync(BatonDb db, SortedDictionary<string, string> scripts, HashSet<string> applied, string? upTo, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        foreach (var (id, resource) in scripts)
        {
            if (upTo is not null && string.CompareOrdinal(id, upTo) > 0)
            {
                break;
            }

            if (applied.Contains(id))
            {
                continue;
            }

            // As EF ran them: each script and its history row in one transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(Read(resource), ct);
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), ct);
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Id → embedded script for this database's provider, sorted by id (ids start with their timestamp).</summary>
    private static SortedDictionary<string, string> Scripts(BatonDb db)
    {
        var suffix = db.IsSqlite ? ".sqlite.sql" : ".postgres.sql";
        var scripts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in typeof(LegacyMigrations).Assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                scripts.Add(name[ResourcePrefix.Length..^suffix.Length], name);
            }
        }

        return scripts;
    }

    private static string Read(string resource)
    {
        using var stream = typeof(LegacyMigrations).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

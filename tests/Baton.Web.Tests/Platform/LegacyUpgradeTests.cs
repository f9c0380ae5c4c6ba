using System.Net;
using Baton.Web.Data;
using Baton.Web.Data.Migrations.Legacy;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// A desk that ran on a Baton of before the generated migrations (its schema built by the hand-written scripts, their
/// ids in <c>__EFMigrationsHistory</c>) upgrades to the generated set without losing a row and ends with the schema a
/// fresh database gets (docs/adr/0002).
/// </summary>
public sealed class LegacyUpgradeTests
{
    [Fact]
    public async Task ADemoDeskOnTheHandWrittenSchema_MigratedWithTheGeneratedSet_KeepsEveryRow_AndMatchesAFreshDatabase()
    {
        await using var old = new BatonAppFactory { WaitForReady = false };
        old.Settings["Baton:Demo"] = "true";
        // The old Baton is played by hand: no start-up (it would migrate the new way first) and no jobs adding rows meanwhile.
        old.TestServices.Add(services => services.RemoveAll<IHostedService>());
        var dir = Directory.CreateTempSubdirectory("baton-legacy-").FullName;
        try
        {
            IReadOnlyDictionary<string, long> before;
            IReadOnlyList<string> legacyIds;
            using (var scope = old.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                legacyIds = LegacyMigrations.Ids(db);
                await LegacyMigrations.BuildAsync(db);
                Assert.Equal(legacyIds, await db.Database.GetAppliedMigrationsAsync());

                // Today's seeding writes today's schema. So the old desk is seeded there, then the schema is stepped back
                // down to the baseline with the generated Down()s (the baseline builds what the scripts built) and the
                // baseline forgotten: the old schema holding the demo desk, on which the upgrade below runs every
                // generated migration after the baseline, backfills included.
                await LegacyMigrations.UpgradeAsync(db);
                await db.Database.MigrateAsync();
                await old.Services.GetRequiredService<Bootstrap>().SeedAsync(db, scope.ServiceProvider, CancellationToken.None);
                await db.GetService<IMigrator>().MigrateAsync(LegacyMigrations.Baseline);
                await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = {0}""", LegacyMigrations.Baseline);
                Assert.Equal(legacyIds, await db.Database.GetAppliedMigrationsAsync());
                before = await SchemaFacts.CountRowsAsync(db);
            }

            Assert.True(before["Tickets"] >= 50 && before["Projects"] >= 5 && before["AuditEntries"] > 0, "the demo desk is in the old database");

            IReadOnlyList<string> upgraded, upgradedTables;
            using (var scope = old.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                await DatabaseSetup.MigrateAsync(db);

                // Every row kept (and a version row for each catalogue added since); a table that a migration after the baseline adds starts empty.
                var after = await SchemaFacts.CountRowsAsync(db);
                var kept = new SortedDictionary<string, long>(before.ToDictionary(), StringComparer.Ordinal) { ["CatalogueVersions"] = Baton.Web.Data.CatalogueTags.All.Count };
                Assert.Equal(kept, new SortedDictionary<string, long>(after.Where(t => before.ContainsKey(t.Key)).ToDictionary(), StringComparer.Ordinal));
                // … except reference rows a migration seeds (the RASCI matrix's activities, the shipped contact roles).
                var seeded = new Dictionary<string, int>
                {
                    ["RasciActivities"] = Baton.Domain.Informing.Activities.Shipped.Count,
                    ["ContactRoles"] = Baton.Domain.Informing.ContactRoleKeys.Shipped.Count,
                };
                Assert.All(after.Where(t => !before.ContainsKey(t.Key)), t => Assert.Equal(seeded.GetValueOrDefault(t.Key), t.Value));
                Assert.Equal([.. legacyIds.Concat(db.Database.GetMigrations()).Order(StringComparer.Ordinal)], await db.Database.GetAppliedMigrationsAsync()); // the baseline and what follows; history is listed by id
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                upgraded = await SchemaFacts.DescribeAsync(db, triggers: true);
                upgradedTables = await SchemaFacts.DescribeAsync(db);
            }

            var fresh = await SchemaMatchesModelTests.DescribeAsync(TestDatabase.OnThisPass(dir, "baton_fresh"), migrate: true, triggers: true);
            SchemaFacts.AssertSame(fresh, upgraded, "a fresh database", "the upgraded one");
            Assert.Contains(upgraded, f => f.StartsWith("trigger AuditEntries.", StringComparison.Ordinal));
            var model = await SchemaMatchesModelTests.DescribeAsync(TestDatabase.OnThisPass(dir, "baton_model"), migrate: false);
            SchemaFacts.AssertSame(model, upgradedTables, "the model", "the upgraded database");

            // The next start of Baton on it: ready (nothing pending), and the demo desk is there to sign in to.
            await using var next = old.AnotherInstance(old.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
            using var http = next.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            using var grace = await next.SignInAsync("grace.adeyemi@demo.baton.local", "Baton-demo-2026");
            Assert.Contains("Teams Phone migration", WebUtility.HtmlDecode(await grace.GetHtmlAsync("/Projects")), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task AFreshDatabase_GetsOnlyTheGeneratedMigrations()
    {
        var dir = Directory.CreateTempSubdirectory("baton-fresh-").FullName;
        try
        {
            await using var db = TestDatabase.OnThisPass(dir, "baton_fresh");
            await db.Database.EnsureDeletedAsync();
            await DatabaseSetup.MigrateAsync(db);
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Equal(LegacyMigrations.Baseline, applied[0]);
            Assert.DoesNotContain(applied, LegacyMigrations.Ids(db).Contains);

            // Migrating again changes nothing.
            await DatabaseSetup.MigrateAsync(db);
            Assert.Equal(applied, await db.Database.GetAppliedMigrationsAsync());
            await db.Database.EnsureDeletedAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}

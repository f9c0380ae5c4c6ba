using Baton.Web.Data;
using Baton.Web.Data.Migrations.Legacy;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baton.Web.Tests.Security;

/// <summary>Tokens issued before scopes existed keep working as they did: the AccessControl migration (now on the legacy upgrade path) makes them read-write.</summary>
public sealed class TokenScopeMigrationTests
{
    [Fact]
    public async Task ATokenFromBeforeScopes_IsReadWriteAfterTheMigration()
    {
        var dir = Directory.CreateTempSubdirectory("baton-scope-").FullName;
        var database = "baton_scope_" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            await using var db = TestDatabase.IsPostgres ? TestDatabase.Postgres(database) : TestDatabase.Sqlite(Path.Combine(dir, "old.db"));
            await db.Database.EnsureDeletedAsync();
            // A database of a Baton from before the AccessControl migration: the hand-written scripts up to DailyReport.
            await LegacyMigrations.BuildAsync(db, upTo: "20261201000005_DailyReport");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AspNetUsers" ("Id", "DisplayName", "TimeZoneId", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
                VALUES ('old-user', 'Old', 'UTC', TRUE, FALSE, FALSE, TRUE, 0)
                """);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "ApiTokens" ("UserId", "Name", "Prefix", "Hash", "CreatedAt") VALUES ('old-user', 'old', 'baton_old', 'old-hash', '2026-11-01 00:00:00+00')
                """);

            await DatabaseSetup.MigrateAsync(db);

            var token = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Hash == "old-hash");
            Assert.Equal(ApiTokenScope.ReadWrite, token.Scope);
            Assert.Null(token.Feed);
            Assert.False(await db.Users.Where(u => u.Id == "old-user").Select(u => u.MustChangePassword).SingleAsync());
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

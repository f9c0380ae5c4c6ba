using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Baton.Web.Tests.Security;

/// <summary>Tokens issued before scopes existed keep working as they did: the AccessControl migration makes them read-write.</summary>
public sealed class TokenScopeMigrationTests
{
    [Fact]
    public async Task ATokenFromBeforeScopes_IsReadWriteAfterTheMigration()
    {
        var dir = Directory.CreateTempSubdirectory("baton-scope-").FullName;
        var database = "baton_scope_" + Guid.NewGuid().ToString("N")[..10];
        var options = TestDatabase.IsPostgres
            ? new DbContextOptionsBuilder<BatonDb>().UseNpgsql($"{TestDatabase.PostgresServer};Database={database}").Options
            : new DbContextOptionsBuilder<BatonDb>().UseSqlite($"Data Source={Path.Combine(dir, "old.db")}").Options;
        try
        {
            await using var db = new BatonDb(options);
            await db.Database.EnsureDeletedAsync();
            await db.GetService<IMigrator>().MigrateAsync("20261201000005_DailyReport");
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

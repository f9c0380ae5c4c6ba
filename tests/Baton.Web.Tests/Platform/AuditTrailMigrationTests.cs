using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Data.Migrations.Legacy;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Baton.Web.Tests.Platform;

/// <summary>The AuditTrail migration moves the ticket trail into AuditEntries with its ids, and new entries follow on.</summary>
public sealed class AuditTrailMigrationTests
{
    [Fact]
    public async Task TicketAuditRows_FromBeforeTheMigration_AreOnTheOneTrail_WithTheirIds_AndNewEntriesComeAfter()
    {
        var dir = Directory.CreateTempSubdirectory("baton-audit-").FullName;
        var database = "baton_audit_" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            await using var db = TestDatabase.IsPostgres ? TestDatabase.Postgres(database) : TestDatabase.Sqlite(Path.Combine(dir, "old.db"));
            await db.Database.EnsureDeletedAsync();
            // A database of a Baton from before the AuditTrail migration: the hand-written scripts up to DataProtectionKeys.
            await LegacyMigrations.BuildAsync(db, upTo: "20261202000002_DataProtectionKeys");

            // Only the audit row matters here, not the ticket it names: foreign-key checks are off for this connection.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync(db.IsSqlite ? "PRAGMA foreign_keys = OFF" : "SET session_replication_role = replica");
            var at = db.IsSqlite ? "2026-11-20 09:00:00" : "2026-11-20 09:00:00+00"; // as each provider stores a UTC instant
#pragma warning disable EF1002 // the interpolated value is this test's own constant, not input
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "TicketAuditEntries" ("Id", "TicketId", "At", "ActorId", "ActorName", "Field", "OldValue", "NewValue")
                VALUES (41, 7, '{at}', 'u-1', 'Old Agent', 'Status', 'New', 'Acknowledged')
                """);
            await db.Database.ExecuteSqlRawAsync(db.IsSqlite ? "PRAGMA foreign_keys = ON" : "SET session_replication_role = DEFAULT");
            await db.Database.CloseConnectionAsync();

            await DatabaseSetup.MigrateAsync(db);

            var moved = await db.AuditEntries.AsNoTracking().SingleAsync();
            Assert.Equal((41L, Ticket.RecordKind, 7L, "u-1", "Old Agent", "Status", "New", "Acknowledged"),
                (moved.Id, moved.RecordKind, moved.RecordId, moved.ActorId, moved.ActorName, moved.Field, moved.OldValue, moved.NewValue));
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), moved.At);

            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "AuditEntries" ("RecordKind", "RecordId", "At", "ActorId", "ActorName", "Field") VALUES ('project', 1, '{at}', 'u-2', 'New Agent', 'Created')
                """);
#pragma warning restore EF1002
            Assert.Equal([41L, 42L], await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
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

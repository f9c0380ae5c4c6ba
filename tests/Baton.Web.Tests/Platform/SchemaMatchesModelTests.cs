using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// The generated migrations of each provider (docs/adr/0002) build exactly the model: migrate an empty database, build
/// another from the model with EnsureCreated, and compare tables, columns, types, nullability, keys, indexes and foreign
/// keys. A migration edited by hand away from the model, or hand SQL that changes a table, fails here;
/// <see cref="NoModelChangesWithoutAMigrationTests"/> catches a model change nobody made a migration for.
/// </summary>
public sealed class SchemaMatchesModelTests
{
    [Fact]
    public async Task Sqlite_MigratedSchema_EqualsTheModel()
    {
        var dir = Directory.CreateTempSubdirectory("baton-schema-").FullName;
        try
        {
            var migrated = await DescribeAsync(TestDatabase.Sqlite(Path.Combine(dir, "migrated.db")), migrate: true);
            var model = await DescribeAsync(TestDatabase.Sqlite(Path.Combine(dir, "model.db")), migrate: false);
            SchemaFacts.AssertSame(model, migrated, "the model", "the migrations");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [PostgresFact]
    public async Task Postgres_MigratedSchema_EqualsTheModel()
    {
        Assert.True(TestDatabase.IsPostgres, "BATON_TEST_POSTGRES is required for this test.");
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var migrated = await DescribeAsync(TestDatabase.Postgres("baton_schema_m_" + suffix), migrate: true);
        var model = await DescribeAsync(TestDatabase.Postgres("baton_schema_e_" + suffix), migrate: false);
        SchemaFacts.AssertSame(model, migrated, "the model", "the migrations");
    }

    /// <summary>The schema a database gets from the migrations (<paramref name="migrate"/>) or straight from the model.</summary>
    internal static async Task<IReadOnlyList<string>> DescribeAsync(BatonDb context, bool migrate, bool triggers = false)
    {
        await using var db = context;
        await db.Database.EnsureDeletedAsync();
        if (migrate)
        {
            await DatabaseSetup.MigrateAsync(db);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        else
        {
            await db.Database.EnsureCreatedAsync();
        }

        try
        {
            return await SchemaFacts.DescribeAsync(db, triggers);
        }
        finally
        {
            if (!db.IsSqlite)
            {
                NpgsqlConnection.ClearAllPools();
                await db.Database.EnsureDeletedAsync();
            }
        }
    }
}

using System.Data.Common;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// Migrations are hand-written (docs/adr/0002). This is the guard: migrate an empty database, build another from
/// the model with EnsureCreated, and compare tables, columns, types, nullability and indexes. Any drift fails.
/// </summary>
public sealed class SchemaMatchesModelTests
{
    [Fact]
    public async Task Sqlite_MigratedSchema_EqualsTheModel()
    {
        var dir = Directory.CreateTempSubdirectory("baton-schema-").FullName;
        try
        {
            var migrated = await DescribeAsync(Sqlite(Path.Combine(dir, "migrated.db")), migrate: true);
            var model = await DescribeAsync(Sqlite(Path.Combine(dir, "model.db")), migrate: false);
            AssertSame(model, migrated);
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
        var migrated = await DescribeAsync(Postgres("baton_schema_m_" + suffix), migrate: true);
        var model = await DescribeAsync(Postgres("baton_schema_e_" + suffix), migrate: false);
        AssertSame(model, migrated);
    }

    private static DbContextOptions<BatonDb> Sqlite(string path) =>
        new DbContextOptionsBuilder<BatonDb>().UseSqlite($"Data Source={path}").Options;

    private static DbContextOptions<BatonDb> Postgres(string database) =>
        new DbContextOptionsBuilder<BatonDb>().UseNpgsql($"{TestDatabase.PostgresServer};Database={database}").Options;

    private static void AssertSame(IReadOnlyList<string> model, IReadOnlyList<string> migrated)
    {
        var missing = model.Except(migrated).ToList();
        var extra = migrated.Except(model).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Schema drift. In the model but not the migrations:\n  {string.Join("\n  ", missing)}\nIn the migrations but not the model:\n  {string.Join("\n  ", extra)}");
        Assert.NotEmpty(model);
    }

    private static async Task<IReadOnlyList<string>> DescribeAsync(DbContextOptions<BatonDb> options, bool migrate)
    {
        await using var db = new BatonDb(options);
        if (migrate)
        {
            await DatabaseSetup.MigrateAsync(db);
        }
        else
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var facts = db.IsSqlite ? await SqliteFactsAsync(connection) : await PostgresFactsAsync(connection);
            return facts.Where(f => !f.Contains("__EFMigrations", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await connection.CloseAsync();
            if (!db.IsSqlite)
            {
                NpgsqlConnection.ClearAllPools();
                await db.Database.EnsureDeletedAsync();
            }
        }
    }

    private static async Task<List<string>> SqliteFactsAsync(DbConnection connection)
    {
        var facts = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables.Select(r => r[0]))
        {
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
            {
                facts.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]}");
            }

            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                facts.Add($"index {table}.{i[0]} unique={i[1]} ({string.Join(",", columns.Select(r => r[0]))})");
            }

            foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                facts.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} {f[3]}");
            }
        }

        return facts;
    }

    private static async Task<List<string>> PostgresFactsAsync(DbConnection connection)
    {
        var facts = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, COALESCE(character_maximum_length::text, ''), is_nullable, COALESCE(is_identity, 'NO')
            FROM information_schema.columns WHERE table_schema = 'public'
            """))
        {
            facts.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}) nullable={c[4]} identity={c[5]}");
        }

        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        {
            facts.Add($"index {i[0]}.{i[1]} {i[2]}");
        }

        foreach (var f in await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND connamespace = 'public'::regnamespace
            """))
        {
            facts.Add($"fk {f[0]}.{f[1]} {f[2]}");
        }

        return facts;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }
}

using System.Data.Common;
using System.Globalization;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// A database's schema as sorted lines — tables, columns, types, nullability, keys, indexes, foreign keys, and on request
/// the triggers with their functions — so two databases compare as two lists and a failure names each difference.
/// </summary>
internal static class SchemaFacts
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(BatonDb db, bool triggers = false)
    {
        await db.Database.OpenConnectionAsync(); // EF's open: left as it was found when closed
        try
        {
            var connection = db.Database.GetDbConnection();
            var facts = db.IsSqlite ? await SqliteAsync(connection, triggers) : await PostgresAsync(connection, triggers);
            return facts.Where(f => !f.Contains("__EFMigrations", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Row count per table (the migrations history left out).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(BatonDb db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            var tables = await QueryAsync(connection, db.IsSqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in tables.Select(r => r[0]).Where(t => !t.StartsWith("__EFMigrations", StringComparison.Ordinal)))
            {
                var rows = await QueryAsync(connection, $"SELECT COUNT(*) FROM \"{table}\"");
                counts[table] = long.Parse(rows[0][0], CultureInfo.InvariantCulture);
            }

            return counts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedName, string actualName)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Schema drift. In {expectedName} but not {actualName}:\n  {string.Join("\n  ", missing)}\nIn {actualName} but not {expectedName}:\n  {string.Join("\n  ", extra)}");
        Assert.NotEmpty(expected);
    }

    private static async Task<List<string>> SqliteAsync(DbConnection connection, bool triggers)
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

        if (triggers)
        {
            foreach (var t in await QueryAsync(connection, "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'"))
            {
                facts.Add($"trigger {t[0]}.{t[1]} {Squeeze(t[2])}");
            }
        }

        return facts;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection, bool triggers)
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

        if (triggers)
        {
            foreach (var t in await QueryAsync(connection, """
                SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), p.prosrc
                FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
                WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
                """))
            {
                facts.Add($"trigger {t[0]}.{t[1]} {t[2]} function: {Squeeze(t[3])}");
            }
        }

        return facts;
    }

    private static string Squeeze(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }
}

using Baton.Web.Data;
using Npgsql;

namespace Baton.Web.Tests.Infrastructure;

/// <summary>
/// Which real database the suite runs on. SQLite by default (a temp file per app); PostgreSQL when
/// BATON_TEST_POSTGRES holds a server connection string (the test command sets it), one database per app.
/// </summary>
public static class TestDatabase
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("BATON_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>A context on a SQLite file of its own, outside any app (for tests of the schema itself).</summary>
    public static BatonDb Sqlite(string path) => new SqliteBatonDb(SqliteBatonDb.Options($"Data Source={path}").Options);

    /// <summary>A context on a PostgreSQL database of its own on the test server, outside any app.</summary>
    public static BatonDb Postgres(string database) => new PostgresBatonDb(PostgresBatonDb.Options($"{PostgresServer};Database={database}").Options);

    /// <summary>A context on a database of its own on this pass's provider: a SQLite file in <paramref name="directory"/>, or a PostgreSQL database.</summary>
    public static BatonDb OnThisPass(string directory, string name) =>
        IsPostgres ? Postgres(name + "_" + Guid.NewGuid().ToString("N")[..10]) : Sqlite(Path.Combine(directory, name + ".db"));

    /// <summary>
    /// Closes this database's pooled connections and drops it. Without this every finished test class leaves its idle
    /// connections open for minutes, and a few hundred classes exhaust the server's max_connections.
    /// </summary>
    public static async Task DropPostgresAsync(string database)
    {
        await using (var own = new NpgsqlConnection($"{PostgresServer};Database={database}"))
        {
            NpgsqlConnection.ClearPool(own);
        }

        var admin = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Clean-up only: a test that stopped the server on purpose has already asserted what matters.
        }
    }

    /// <summary>Set by the test command: a missing PostgreSQL or browser then fails instead of skipping.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable("BATON_REQUIRE_ALL_SUITES") == "1";
}

/// <summary>A test about PostgreSQL itself: skipped with a visible reason outside the PostgreSQL pass.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        // ./test.sh runs the whole integration suite a second time with BATON_TEST_POSTGRES set; this runs there.
        if (!TestDatabase.IsPostgres)
        {
            Skip = "PostgreSQL-only test: it runs in the PostgreSQL pass (BATON_TEST_POSTGRES), which ./test.sh always runs.";
        }
    }
}

/// <summary>A test about SQLite itself (e.g. durability of its file): runs in the SQLite pass of the suite only.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = "SQLite-only test; it runs in the SQLite pass of the suite.";
        }
    }
}

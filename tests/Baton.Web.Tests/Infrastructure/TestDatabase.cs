namespace Baton.Web.Tests.Infrastructure;

/// <summary>
/// Which real database the suite runs on. SQLite by default (a temp file per app); PostgreSQL when
/// BATON_TEST_POSTGRES holds a server connection string (the test command sets it), one database per app.
/// </summary>
public static class TestDatabase
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("BATON_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>Set by the test command: a missing PostgreSQL or browser then fails instead of skipping.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable("BATON_REQUIRE_ALL_SUITES") == "1";
}

/// <summary>A test that needs PostgreSQL: skipped with a visible reason in a plain `dotnet test`, never in the test command.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres && !TestDatabase.RequireAll)
        {
            Skip = "PostgreSQL suite: set BATON_TEST_POSTGRES (./test.sh does) to run it.";
        }
    }
}

using Microsoft.Data.Sqlite;
using Npgsql;

namespace Baton.Web.Data;

/// <summary>
/// Failures that are the environment's, not the request's: the database is unreachable or restarting, or the disk is
/// full. They are answered 503 with Retry-After (nothing was written; the same request later may well succeed), and
/// start-up waits them out while the database comes up.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (Describe(e) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The answer's detail: what went away, and what the user can do.</summary>
    public static string Explain(Exception exception)
    {
        var reason = "The service is unavailable.";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (Describe(e) is { } found)
            {
                reason = found;
                break;
            }
        }

        return reason + " Try again in a moment; if it goes on, tell your administrator.";
    }

    /// <summary>What went away, for the log and the answer; null when <paramref name="e"/> itself is not such a failure.</summary>
    public static string? Describe(Exception e) => e switch
    {
        PostgresException { SqlState: "53100" } => "The database server's disk is full.",
        // 57P01–57P03: the server is shutting down, restarting or starting up.
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => "The database server is restarting.",
        PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) => "The connection to the database failed.",
        PostgresException => null, // any other server error is about the statement, not the server's availability
        NpgsqlException { IsTransient: true } => "The database server cannot be reached.",
        SqliteException { SqliteErrorCode: 13 } => "The disk holding the database is full.", // SQLITE_FULL
        SqliteException { SqliteErrorCode: 5 or 6 } => "The database is busy.", // SQLITE_BUSY, SQLITE_LOCKED past busy_timeout
        SqliteException { SqliteErrorCode: 10 or 14 } => "The database file cannot be read or written.", // SQLITE_IOERR, SQLITE_CANTOPEN
        IOException io when IsDiskFull(io) => "The disk is full.",
        _ => null,
    };

    /// <summary>ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.</summary>
    public static bool IsDiskFull(IOException io) => io.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);
}

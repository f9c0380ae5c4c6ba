using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Baton.Web.Data;

/// <summary>
/// Serialises migrating and seeding across instances that start together on one database, so neither meets the
/// other's half-made schema (42P07) or seed rows (23505). PostgreSQL: a session-level advisory lock on a connection of
/// its own (not pooled, so closing it surely releases the lock), held until the last seed row is committed. SQLite: an
/// exclusive lock on a file beside the database, which only processes on the same machine share anyway.
/// </summary>
public static class StartupLock
{
    /// <summary>Any constant both instances agree on; "baton" in ASCII.</summary>
    private const long AdvisoryKey = 0x6261746f6e;

    /// <summary>Takes the lock; <c>patience</c> bounds the wait for another instance's lock file (SQLite).</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(BatonDb db, TimeSpan patience, ILogger logger, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            return await LockFileAsync(SqlitePath(db) + ".startup-lock", patience, logger, ct);
        }

        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            try
            {
                await connection.OpenAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                // A new database: the lock lives inside it, so create it first (what Migrate would do). Two instances may
                // both try; the loser's "already exists" is the outcome it wanted.
                await CreateDatabaseAsync(db, ct);
                await connection.OpenAsync(ct);
            }

            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryKey);
            if (await command.ExecuteScalarAsync(ct) is not true)
            {
                logger.LogInformation("Another instance is migrating the database; waiting for it to finish.");
                command.CommandText = "SELECT pg_advisory_lock(@key)";
                command.CommandTimeout = 0; // as long as the other instance's migration takes
                await command.ExecuteNonQueryAsync(ct);
            }

            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task CreateDatabaseAsync(BatonDb db, CancellationToken ct)
    {
        try
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created by the other instance meanwhile.
        }
    }

    internal static string SqlitePath(BatonDb db) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);

    private static async Task<IAsyncDisposable> LockFileAsync(string path, TimeSpan patience, ILogger logger, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var logged = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: a second opener, in this process or another, is refused.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None); // left in place: deleting it would let two later openers lock two different files
            }
            catch (IOException e) when (e is not (DirectoryNotFoundException or FileNotFoundException or PathTooLongException) && !DatabaseFailures.IsDiskFull(e))
            {
                // Most likely another instance holds it; but an IOException can also be a file that can never be
                // opened (a read-only file system), so the wait is bounded rather than endless.
                if (waited.Elapsed >= patience)
                {
                    throw new StartupFailureException(
                        $"Could not take the start-up lock {path} within {patience} ({e.Message}). Another Baton instance may still be migrating this database, or the file cannot be opened for writing.");
                }

                if (!logged)
                {
                    logger.LogInformation("Another instance is migrating the database; waiting for it to finish.");
                    logged = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", AdvisoryKey);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection broke: the server released the lock with the session.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Baton.Web.Features.Shared.Events;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Baton.Web.Data;

/// <summary>
/// Chooses the provider from configuration: SQLite (default, a file under the data directory) or PostgreSQL
/// (<c>Database:Provider=Postgres</c> with <c>ConnectionStrings:Baton</c>).
/// </summary>
public static class DatabaseSetup
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static IServiceCollection AddBatonDatabase(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var provider = configuration["Database:Provider"] ?? Sqlite;
        var connectionString = configuration.GetConnectionString("Baton");
        services.AddSingleton<CatalogueEdits>(); // stamps catalogue edits for the other instances (ADR 12)
        if (provider.Equals(Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Baton is empty. Set it, e.g. ConnectionStrings__Baton='Host=db;Database=baton;Username=baton;Password=…'.");
            }

            var brokenConnections = new BrokenConnectionCheck(); // one per process: it remembers when each pooled connection was last used
            services.AddDbContextPool<BatonDb, PostgresBatonDb>((sp, o) => o.UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__EFMigrationsHistory"))
                .AddInterceptors(brokenConnections, sp.GetRequiredService<CatalogueEdits>(), RecordEventsCommitSignal.Instance));
        }
        else if (provider.Equals(Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var path = configuration["Database:SqlitePath"] is { Length: > 0 } configured
                    ? Path.GetFullPath(configured)
                    : Path.Combine(dataDirectory, "baton.db");
                DataDirectory.Prepare(Path.GetDirectoryName(path)!, "directory of the SQLite database");
                connectionString = $"Data Source={path};Pooling=True;Default Timeout=30;Foreign Keys=True";
            }

            services.AddDbContextPool<BatonDb, SqliteBatonDb>((sp, o) => o.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance, sp.GetRequiredService<CatalogueEdits>(), RecordEventsCommitSignal.Instance));
            services.AddHostedService<SqliteCheckpointer>();
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use {Sqlite} or {Postgres}.");
        }

        return services;
    }

    /// <summary>Which database this is, for the start-up log and messages: the SQLite file, or PostgreSQL host, port, database and user (never the password).</summary>
    public static string Describe(BatonDb db)
    {
        if (db.IsSqlite)
        {
            return "SQLite file " + StartupLock.SqlitePath(db);
        }

        var c = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        return $"PostgreSQL database '{c.Database}' on {c.Host}:{c.Port} as '{c.Username}'";
    }

    /// <summary>
    /// Applies pending migrations: the provider's generated set (Data/Migrations/Sqlite or Postgres), after bringing a
    /// database made by the hand-written scripts of before up to the baseline (<see cref="Migrations.Legacy.LegacyMigrations"/>).
    /// Run at startup under the start-up lock, or alone with <c>--migrate</c>.
    /// </summary>
    public static async Task MigrateAsync(BatonDb db, CancellationToken cancellationToken = default)
    {
        if (db.IsSqlite)
        {
            // WAL: readers never block the writer, and a killed process loses nothing that was committed.
            // journal_mode is stored in the file, so once is enough; it cannot run inside a transaction.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await Migrations.Legacy.LegacyMigrations.UpgradeAsync(db, cancellationToken);

        // A restart with nothing to apply skips Migrate: it would build the model snapshot only to check it for model
        // changes without a migration, which the tests already do (NoModelChangesWithoutAMigrationTests).
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Per-connection pragmas. synchronous=NORMAL in WAL mode survives a process crash (not a power cut mid-commit).
    /// wal_autocheckpoint is a backstop: <see cref="SqliteCheckpointer"/> checkpoints off the request path.
    /// mmap_size lets reads use the OS page cache directly: each connection drops its own page cache whenever another
    /// one commits, so without it every request copies the same pages in again.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        // Pooled opens reuse the native connection, which keeps its pragmas: apply them once per native handle.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = [];

        private static void Apply(DbConnection connection)
        {
            if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
            {
                if (Configured.TryGetValue(handle, out _))
                {
                    return;
                }

                Configured.AddOrUpdate(handle, handle);
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456; PRAGMA wal_autocheckpoint=20000;";
            command.ExecuteNonQuery();
        }
    }
}

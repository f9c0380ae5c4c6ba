using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file every second, off the request path. Left to SQLite,
/// the commit that happens to fill the log to its threshold does this work (and its fsync) itself while holding the
/// write lock, which made that one ticket creation in several hundred take 20–250 ms (bench/README.md). A passive
/// checkpoint never blocks writers or readers; the connections' own threshold is raised to 20,000 pages (~80 MB) and
/// only acts as a backstop if this service is not running. On PostgreSQL it does nothing.
/// </summary>
internal sealed class SqliteCheckpointer(IServiceScopeFactory scopes, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await DatabaseReadiness.WaitAsync(scopes, stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                if (!db.IsSqlite)
                {
                    return;
                }

                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "WAL checkpoint failed; SQLite's own threshold still applies.");
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

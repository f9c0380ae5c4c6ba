using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Data;

/// <summary>
/// SQLite has one writer at a time. Writers that find the lock taken wait in SQLite's busy handler, which sleeps in
/// growing steps (1 … 100 ms) and so often sleeps past the moment the lock is free. Queueing this process's hot
/// write transactions on an async lock per database file hands the lock over at once instead (bench/README.md has
/// the numbers). busy_timeout still covers other processes. On PostgreSQL the gate is open: row locks do the job.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<IDisposable> EnterAsync(BatonDb db, CancellationToken ct)
    {
        if (!db.IsSqlite)
        {
            return Open.Instance;
        }

        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();

        public void Dispose()
        {
        }
    }
}

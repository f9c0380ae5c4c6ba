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

    // The gate this flow of work already holds: a writer inside the gate (an after-commit handler) that reaches code
    // which enters it too (making the installation key) goes on instead of waiting for itself for ever.
    private static readonly AsyncLocal<string?> HeldHere = new();

    // Not async on purpose: the flag is set in the caller's flow, where an async method's change would not reach.
    public static Task<IDisposable> EnterAsync(BatonDb db, CancellationToken ct)
    {
        if (!db.IsSqlite)
        {
            return Task.FromResult<IDisposable>(Open.Instance);
        }

        var name = db.Database.GetConnectionString() ?? "";
        if (HeldHere.Value == name)
        {
            return Task.FromResult<IDisposable>(Open.Instance);
        }

        var gate = Gates.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        HeldHere.Value = name;
        return WaitAsync(gate, ct);
    }

    private static async Task<IDisposable> WaitAsync(SemaphoreSlim gate, CancellationToken ct)
    {
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
                HeldHere.Value = null;
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

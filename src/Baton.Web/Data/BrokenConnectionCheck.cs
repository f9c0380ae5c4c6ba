using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Baton.Web.Data;

/// <summary>
/// After PostgreSQL restarted (or ended idle sessions) while Baton was idle, every pooled connection is dead, and the
/// first command on each failed: the first request got a 500. EF's retrying execution strategy would re-run whole
/// operations — unsafe for a write whose commit outcome is unknown, and it refuses the transactions Baton opens itself
/// (the ticket group commit, the daily report). Instead, a connection that sat idle in the pool for a while is checked
/// with a round trip when it is opened, before any command of ours is sent; if it is broken, the pool's idle
/// connections are dropped and a fresh one is opened. So nothing is ever re-run: only the check is. A failure after the
/// check (the server going away mid-request) is not retried; it is answered 503 (<see cref="DatabaseFailures"/>).
/// </summary>
internal sealed class BrokenConnectionCheck : DbConnectionInterceptor
{
    /// <summary>Connections used more recently than this are trusted: the check costs a round trip, and under load nobody is idle.</summary>
    public static readonly TimeSpan CheckAfterIdle = TimeSpan.FromSeconds(1);

    /// <summary>Server process id of each physical connection → when it was last given back to the pool (Stopwatch ticks).</summary>
    private readonly ConcurrentDictionary<int, long> _returnedAt = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is NpgsqlConnection npgsql && NeedsCheck(npgsql, out var serverProcess))
        {
            try
            {
                using var ping = new NpgsqlCommand(";", npgsql);
                ping.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                Replace(npgsql, serverProcess);
                npgsql.Open();
            }
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is NpgsqlConnection npgsql && NeedsCheck(npgsql, out var serverProcess))
        {
            try
            {
                await using var ping = new NpgsqlCommand(";", npgsql);
                await ping.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (NpgsqlException)
            {
                Replace(npgsql, serverProcess);
                await npgsql.OpenAsync(cancellationToken);
            }
        }
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Returned(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Returned(connection);
        return ValueTask.FromResult(result);
    }

    private bool NeedsCheck(NpgsqlConnection connection, out int serverProcess)
    {
        // A connection with no return time on record is checked too: not every path gives its connection back through
        // EF's close (the group commit's own transaction), so "never returned" does not prove "just made".
        serverProcess = connection.ProcessID;
        return !_returnedAt.TryGetValue(serverProcess, out var returned) || Stopwatch.GetElapsedTime(returned) >= CheckAfterIdle;
    }

    private void Returned(DbConnection connection)
    {
        if (connection is NpgsqlConnection { State: System.Data.ConnectionState.Open } npgsql)
        {
            if (_returnedAt.Count > 10_000)
            {
                _returnedAt.Clear(); // old server processes (a restart, connection lifetimes) would otherwise pile up
            }

            _returnedAt[npgsql.ProcessID] = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The broken connection's siblings in the pool are as dead as it is: drop them all, not one per request.</summary>
    private void Replace(NpgsqlConnection broken, int serverProcess)
    {
        _returnedAt.TryRemove(serverProcess, out _);
        broken.Close();
        NpgsqlConnection.ClearPool(broken);
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Baton.Web.Data;

/// <summary>Start-up cannot go on, for a reason an operator fixes (a read-only directory, --demo on a used database): the message says what to do.</summary>
public sealed class StartupFailureException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The directory Baton keeps its SQLite database and attachments in: created, and proven writable, before anything opens it.</summary>
public static class DataDirectory
{
    /// <summary>Creates <paramref name="path"/> if needed and writes a probe file, so a read-only directory is named now, not as "unable to open database file".</summary>
    public static void Prepare(string path, string purpose)
    {
        try
        {
            Directory.CreateDirectory(path);
            Probe(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is IOException io && DatabaseFailures.IsDiskFull(io) ? "is on a full disk" : "is read-only (or not writable by this user)";
            throw new StartupFailureException(
                $"The {purpose} {path} {reason}: Baton keeps its data there and must be able to write to it. " +
                $"Make it writable for user '{Environment.UserName}', or point Baton:DataDirectory (or Database:SqlitePath) at a writable directory. ({e.Message})", e);
        }
    }

    /// <summary>Writes, flushes and deletes one small file; throws what the file system said.</summary>
    public static void Probe(string path)
    {
        var probe = Path.Combine(path, $".baton-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            file.Write("ok"u8);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (IOException)
            {
                // Nothing was written, or the directory went read-only in between: the caller reports the first error.
            }
        }
    }
}

/// <summary><c>/health/ready</c> also means: the data directory (attachments, the SQLite file) can still be written — a full or read-only disk shows here.</summary>
public sealed class DataDirectoryCheck(string path, DatabaseReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            // Start-up proved the directory writable and the database check already answers "not ready": no disk
            // write for each poll of a starting instance.
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        try
        {
            DataDirectory.Probe(path);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var what = e is IOException io && DatabaseFailures.IsDiskFull(io) ? "is full" : "cannot be written";
            return Task.FromResult(HealthCheckResult.Unhealthy($"The data directory {path} {what}.", e));
        }
    }
}

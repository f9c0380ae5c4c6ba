namespace Baton.Web.Infrastructure.Files;

/// <summary>Where attachment bytes live. A boundary (disk today, object storage tomorrow), hence the interface.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores the stream durably and returns its key; the bytes are on disk before this returns.</summary>
    Task<string> SaveAsync(Stream content, DateTimeOffset now, CancellationToken cancellationToken);

    Stream OpenRead(string key);

    void Delete(string key);
}

/// <summary>
/// Files under <c>{DataDirectory}/attachments/yyyy/MM/{guid}</c>; names never come from the user. Bytes are written to
/// <c>{guid}.partial</c> and renamed once flushed, so a half-written file never has a key; a write that fails (a full
/// disk, a cancelled upload) deletes its partial file, and <see cref="SweepPartialFiles"/> removes what a killed process left.
/// </summary>
public sealed class DiskAttachmentStore(string root) : IAttachmentStore
{
    public const string PartialSuffix = ".partial";

    public async Task<string> SaveAsync(Stream content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}";
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + PartialSuffix;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path);
            return key;
        }
        catch
        {
            // Left behind, a partial file of a full disk keeps the disk full (and the next upload fails too).
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes partial files left by a process that died mid-upload, at start. One that another process still writes
    /// (an instance sharing the directory) is locked by its writer, or was touched in the last minute, and is kept.
    /// </summary>
    public int SweepPartialFiles(DateTimeOffset now)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var swept = 0;
        foreach (var partial in Directory.EnumerateFiles(root, "*" + PartialSuffix, SearchOption.AllDirectories))
        {
            try
            {
                if (now - File.GetLastWriteTimeUtc(partial) < TimeSpan.FromMinutes(1))
                {
                    continue;
                }

                // FileShare.None is refused while the writer holds its own exclusive handle.
                using (new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(partial);
                swept++;
            }
            catch (IOException)
            {
                // In use, or gone already.
            }
        }

        return swept;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The sweep at the next start takes it.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    public Stream OpenRead(string key) => new FileStream(PathFor(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public void Delete(string key)
    {
        var path = PathFor(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathFor(string key)
    {
        // Keys are ours (yyyy/MM/guid), but never let one escape the root.
        var full = Path.GetFullPath(Path.Combine(root, key));
        return full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException("Attachment key escapes the store.");
    }
}

/// <summary>Runs <see cref="DiskAttachmentStore.SweepPartialFiles"/> once at start, off the start-up path.</summary>
internal sealed class PartialUploadSweep(DiskAttachmentStore store, TimeProvider clock, ILogger<PartialUploadSweep> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            var swept = store.SweepPartialFiles(clock.GetUtcNow());
            if (swept > 0)
            {
                logger.LogInformation("Deleted {Count} partial upload file(s) left by an earlier run.", swept);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not sweep partial upload files.");
        }
    }, stoppingToken);
}

public static class AttachmentStoreServices
{
    /// <summary>Attachments on disk under <paramref name="dataDirectory"/>/attachments, with the start-up sweep of partial files.</summary>
    public static IServiceCollection AddDiskAttachments(this IServiceCollection services, string dataDirectory)
    {
        var store = new DiskAttachmentStore(Path.Combine(dataDirectory, "attachments"));
        services.AddSingleton(store);
        services.AddSingleton<IAttachmentStore>(store);
        services.AddHostedService<PartialUploadSweep>();
        return services;
    }
}

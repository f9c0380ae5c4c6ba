namespace Baton.Web.Infrastructure.Files;

/// <summary>Where attachment bytes live. A boundary (disk today, object storage tomorrow), hence the interface.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores the stream durably and returns its key; the bytes are on disk before this returns.</summary>
    Task<string> SaveAsync(Stream content, DateTimeOffset now, CancellationToken cancellationToken);

    Stream OpenRead(string key);

    void Delete(string key);
}

/// <summary>Files under <c>{DataDirectory}/attachments/yyyy/MM/{guid}</c>; names never come from the user.</summary>
public sealed class DiskAttachmentStore(string root) : IAttachmentStore
{
    public async Task<string> SaveAsync(Stream content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}";
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".partial";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path);
        return key;
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

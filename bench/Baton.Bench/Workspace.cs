namespace Baton.Bench;

/// <summary>Where the repository is, and a temporary data directory that is removed afterwards.</summary>
internal static class Workspace
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Baton.Web")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from the Baton repository (Directory.Packages.props not found above " + AppContext.BaseDirectory + ").");
    }

    public static string NewTempDirectory(string label)
    {
        var path = Path.Combine(Path.GetTempPath(), $"baton-bench-{label}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>After a run: SQLite's pooled connections closed, then the data directory kept (and said where) or removed.</summary>
    public static void Finish(string path, bool keep)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (keep)
        {
            Console.WriteLine($"Kept {path} (server.log, baton.db).");
        }
        else
        {
            Remove(path);
        }
    }

    public static void Remove(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not remove {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Could not remove {path}: {e.Message}");
        }
    }
}

/// <summary>The machine is shared: every result says how busy it was.</summary>
internal static class Machine
{
    public static string Load() =>
        File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";
}

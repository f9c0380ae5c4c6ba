using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Operations;

/// <summary>What the real binary says and does at start: the database it uses, and refusals with a reason and a non-zero exit.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("baton-start-").FullName;

    [SqliteFact]
    public async Task Start_PrintsTheDatabaseFileInUse_AndDemoOnThatDatabaseLaterIsRefusedWithANonZeroExit()
    {
        var environment = new Dictionary<string, string> { ["Baton__DataDirectory"] = _dataDirectory, ["Database__Provider"] = "Sqlite" };
        var url = $"http://127.0.0.1:{BatonProcess.FreePort()}";
        using (var first = new BatonProcess(environment, "--urls", url))
        {
            await first.WaitReadyAsync(url, Eventually.Ceiling);
            Assert.Contains($"Database: SQLite file {Path.Combine(_dataDirectory, "baton.db")}", first.Output, StringComparison.Ordinal);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var demo = new BatonProcess(environment, "--demo", "--urls", $"http://127.0.0.1:{BatonProcess.FreePort()}");
        var exitCode = await demo.ExitCodeAsync(Eventually.Ceiling);
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{demo.Output}");
        Assert.Contains("--demo refused: the database (SQLite file", demo.Output, StringComparison.Ordinal);
        Assert.Contains("is not empty", demo.Output, StringComparison.Ordinal);
    }

    [ReadOnlyDirectoryFact]
    public async Task ReadOnlyDataDirectory_AbortsWithANonZeroExit_SayingItIsReadOnly_AndWhich()
    {
        var readOnly = ReadOnlyDirectoryFactAttribute.Prepare(_dataDirectory);
        using var baton = new BatonProcess(
            new Dictionary<string, string> { ["Baton__DataDirectory"] = readOnly, ["Database__Provider"] = "Sqlite" },
            "--urls", $"http://127.0.0.1:{BatonProcess.FreePort()}");
        var exitCode = await baton.ExitCodeAsync(Eventually.Ceiling);
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{baton.Output}");
        Assert.Contains($"The data directory {readOnly} is read-only", baton.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unable to open database file", baton.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", baton.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>
/// Needs a directory this process cannot write: test.sh mounts a read-only tmpfs (BATON_TEST_READONLY_DIR), since
/// root writes through permission bits; a non-root run uses a directory without write permission. Skipped with the
/// reason only when neither is possible and not under BATON_REQUIRE_ALL_SUITES.
/// </summary>
public sealed class ReadOnlyDirectoryFactAttribute : FactAttribute
{
    private static string? Mounted => Environment.GetEnvironmentVariable("BATON_TEST_READONLY_DIR") is { Length: > 0 } p ? p : null;

    private static bool IsRoot => Environment.UserName == "root";

    public ReadOnlyDirectoryFactAttribute()
    {
        if (Mounted is null && IsRoot && !TestDatabase.RequireAll)
        {
            Skip = "Needs a read-only directory; as root only a read-only mount is one: run through ./test.sh (BATON_TEST_READONLY_DIR).";
        }
    }

    /// <summary>A read-only directory: the mount, or (not root) a fresh one under <paramref name="scratch"/> without write permission.</summary>
    public static string Prepare(string scratch)
    {
        if (Mounted is { } mounted)
        {
            return mounted;
        }

        Assert.False(IsRoot || OperatingSystem.IsWindows(), "BATON_TEST_READONLY_DIR is not set: test.sh mounts a read-only tmpfs for this test.");
        var directory = Directory.CreateDirectory(Path.Combine(scratch, "read-only")).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        return directory;
    }
}

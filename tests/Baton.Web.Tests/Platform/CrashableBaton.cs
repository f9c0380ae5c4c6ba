using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Operations;
using Microsoft.Data.Sqlite;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// The real Baton binary over a SQLite data directory that outlives the process: started, killed with SIGKILL (no
/// graceful shutdown, no checkpoint) and started again on the same file, on a new free port each time.
/// </summary>
public sealed class CrashableBaton(IReadOnlyDictionary<string, string>? settings = null) : IDisposable
{
    private BatonProcess? _process;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("baton-crash-").FullName;

    public string DatabasePath => Path.Combine(DataDirectory, "baton.db");

    /// <summary>Where the running process listens, e.g. http://127.0.0.1:40123.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Everything the current process printed so far.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Starts Baton (again) on the data directory and waits until it answers /health/ready.</summary>
    public async Task<string> StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Baton__DataDirectory"] = DataDirectory,
            ["Database__Provider"] = "Sqlite",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var url = $"http://127.0.0.1:{BatonProcess.FreePort()}";
        _process?.Dispose();
        _process = new BatonProcess(environment, "--urls", url);
        // A busy machine starts it slowly; only a start that never finishes fails.
        await _process.WaitReadyAsync(url, Eventually.Ceiling);
        Url = url;
        return url;
    }

    /// <summary>SIGKILL: the process dies wherever it is, as on a power cut of the host.</summary>
    public void Kill()
    {
        _process?.Kill();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>An API token for the administrator, written into the file as the profile page would make one.</summary>
    public string IssueAdminToken()
    {
        var (token, hash, prefix) = ApiTokens.Generate();
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "ApiTokens" ("UserId", "Name", "Prefix", "Hash", "CreatedAt", "Scope")
            SELECT "Id", 'crash test', $prefix, $hash, '2026-01-01 00:00:00', $scope FROM "AspNetUsers" WHERE "NormalizedEmail" = 'ADMIN@BATON.LOCAL'
            """;
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$scope", (int)ApiTokenScope.ReadWrite); // the generated schema has no column default
        Assert.Equal(1, command.ExecuteNonQuery());
        return token;
    }

    public void Dispose()
    {
        _process?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

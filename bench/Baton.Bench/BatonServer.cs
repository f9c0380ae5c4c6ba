using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Baton.Web.Infrastructure.Auth;
using Microsoft.Data.Sqlite;

namespace Baton.Bench;

/// <summary>
/// Baton as a separate process: the Release build of src/Baton.Web on real Kestrel, a free 127.0.0.1 port and a
/// fresh data directory. Its console output goes to server.log in that directory (shown if startup fails).
/// </summary>
internal sealed class BatonServer : IAsyncDisposable
{
    private const string AdminEmail = "admin@baton.local";
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private BatonServer(Process process, StreamWriter log, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "baton.db");
    public TimeSpan ProcessorTime => _process.HasExited ? TimeSpan.Zero : RefreshedProcessorTime();

    /// <summary>From just before the process started to the first 200 from /health/ready.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public static string ReleaseDll => Path.Combine(Workspace.RepoRoot, "src", "Baton.Web", "bin", "Release", "net10.0", "Baton.Web.dll");

    /// <param name="dll">Default: the Release build of src/Baton.Web (<see cref="ReleaseDll"/>).</param>
    /// <param name="adminPassword">Default: a random one (the administrator is only created on an empty database).</param>
    public static async Task<BatonServer> StartAsync(
        string dataDirectory, string logLevel, CancellationToken ct, string? dll = null, string? adminPassword = null, IReadOnlyList<string>? extraArgs = null)
    {
        var web = Path.Combine(Workspace.RepoRoot, "src", "Baton.Web");
        dll ??= ReleaseDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build with 'dotnet build -c Release bench/Baton.Bench' (it builds Baton.Web in Release too).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web, // content root: wwwroot and the Razor pages resolve as under 'dotnet run'
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var arg in extraArgs ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Baton__DataDirectory"] = dataDirectory;
        start.Environment["Baton__AdminPassword"] = adminPassword ?? "Bench-" + Guid.NewGuid().ToString("N")[..16];
        start.Environment["Logging__LogLevel__Default"] = logLevel;
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var log = new StreamWriter(Path.Combine(dataDirectory, "server.log"), append: true) { AutoFlush = false };
        var started = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new BatonServer(process, log, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(ct);
            server.ReadyAfter = started.Elapsed;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// A personal API token for the administrator, made the way the profile page makes one: a random token whose
    /// SHA-256 hash goes into "ApiTokens". Written straight into the SQLite file once Baton has created the admin.
    /// </summary>
    public async Task<string> CreateAdminTokenAsync(CancellationToken ct)
    {
        var (token, hash, prefix) = ApiTokens.Generate();
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync(ct);
        string? adminId = null;
        var waited = Stopwatch.StartNew();
        while (adminId is null)
        {
            await using var find = connection.CreateCommand();
            find.CommandText = """SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = $email""";
            find.Parameters.AddWithValue("$email", AdminEmail.ToUpperInvariant());
            adminId = await find.ExecuteScalarAsync(ct) as string;
            if (adminId is null)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException("Baton did not create the administrator within 30 s.");
                }

                await Task.Delay(100, ct);
            }
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "ApiTokens" ("UserId", "Name", "Prefix", "Hash", "CreatedAt", "Scope")
            VALUES ($user, 'bench', $prefix, $hash, $at, $scope)
            """;
        insert.Parameters.AddWithValue("$user", adminId);
        insert.Parameters.AddWithValue("$prefix", prefix);
        insert.Parameters.AddWithValue("$hash", hash);
        insert.Parameters.AddWithValue("$at", TimeProvider.System.GetUtcNow().UtcDateTime);
        insert.Parameters.AddWithValue("$scope", (int)Baton.Web.Data.ApiTokenScope.ReadWrite); // the schema has no default: say it, as Baton does
        await insert.ExecuteNonQueryAsync(ct);
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    public string LogTail(int lines)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        var all = File.ReadAllLines(Path.Combine(DataDirectory, "server.log"));
        return string.Join(Environment.NewLine, all.TakeLast(lines));
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }

    private TimeSpan RefreshedProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Baton exited with code {_process.ExitCode} during startup:{Environment.NewLine}{LogTail(40)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow first request
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new InvalidOperationException($"Baton was not ready within 120 s:{Environment.NewLine}{LogTail(40)}");
            }

            // Short: the startup scenario times process start → ready, and a refused connection costs nothing.
            await Task.Delay(10, ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

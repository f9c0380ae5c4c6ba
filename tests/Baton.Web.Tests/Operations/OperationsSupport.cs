using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baton.Web.Tests.Operations;

/// <summary>Two Baton instances on one database, as two hosts of a deployment are: the second uses the first's database.</summary>
public static class Instances
{
    /// <summary>A second app on <paramref name="first"/>'s database (its SQLite file, or its PostgreSQL database), with its own data directory.</summary>
    public static BatonAppFactory SecondOn(BatonAppFactory first)
    {
        var second = new BatonAppFactory();
        foreach (var (key, value) in first.Settings)
        {
            second.Settings[key] = value;
        }

        if (first.PostgresDatabase is { } database)
        {
            second.Settings["ConnectionStrings:Baton"] = $"{TestDatabase.PostgresServer};Database={database}";
        }
        else
        {
            second.Settings["Database:SqlitePath"] = SqlitePath(first);
        }

        return second;
    }

    /// <summary>Where <paramref name="app"/>'s SQLite database is, unless a test moved it with Database:SqlitePath.</summary>
    public static string SqlitePath(BatonAppFactory app) =>
        app.Settings.TryGetValue("Database:SqlitePath", out var path) && path is not null ? path : Path.Combine(app.DataDirectory, "baton.db");
}

/// <summary>
/// A TCP forwarder between Baton and the test PostgreSQL server that the test can cut (the port then refuses
/// connections and open ones are reset, as when the server is down) and restore: a real outage, on loopback only.
/// </summary>
public sealed class CuttablePostgres : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, bool> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener _listener;
    private Task _accepting;

    public CuttablePostgres()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer);
        _targetPort = server.Port;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_listener);
    }

    public int Port { get; }

    /// <summary>The connection string Baton gets: the test server's, through this forwarder, on <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Host = "127.0.0.1", Port = Port, Database = database }.ConnectionString;

    /// <summary>The database goes away: new connections are refused, open ones break.</summary>
    public async Task CutAsync()
    {
        _listener.Stop();
        await _accepting;
        foreach (var client in _open.Keys)
        {
            try
            {
                client.Client.LingerState = new LingerOption(true, 0); // reset, not a polite close
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or NullReferenceException)
            {
                // closed already by its pump
            }

            client.Dispose();
        }

        _open.Clear();
    }

    public void Restore()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync(_listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // cut or disposed
            }

            var outgoing = new TcpClient();
            try
            {
                await outgoing.ConnectAsync(IPAddress.Loopback, _targetPort);
            }
            catch (SocketException)
            {
                incoming.Dispose();
                outgoing.Dispose();
                continue;
            }

            _open[incoming] = true;
            _open[outgoing] = true;
            _ = PumpAsync(incoming, outgoing);
            _ = PumpAsync(outgoing, incoming);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // one side went away
        }
        finally
        {
            from.Dispose();
            to.Dispose();
            _open.TryRemove(from, out _);
            _open.TryRemove(to, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await CutAsync();
        _stop.Dispose();
    }
}

/// <summary>The real Baton binary as a process (start-up behaviour a host cannot show: exit codes, what it prints).</summary>
public sealed class BatonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public BatonProcess(IDictionary<string, string> environment, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Baton__AdminPassword"] = BatonAppFactory.AdminPassword,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Baton"] = "Information",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything it printed so far, stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Its exit code; fails the test if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Baton still running after {timeout.TotalSeconds} s. Output:\n{Output}");
        }

        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    /// <summary>Waits for <c>/health/ready</c> on <paramref name="url"/> to answer 200.</summary>
    public async Task WaitReadyAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            Assert.False(_process.HasExited, "Baton exited during start-up:\n" + Output);
            try
            {
                if ((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Baton not ready after {timeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>SIGKILL (no graceful shutdown), then waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

/// <summary>Keeps what the app logged, to assert on levels (an expected race is not an error).</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}

/// <summary>
/// A test that needs a small file system to fill (test.sh mounts a 4 MB tmpfs and exports its path as
/// BATON_TEST_SMALL_DISK). Skipped with the reason elsewhere, but never under BATON_REQUIRE_ALL_SUITES: there it runs, and fails without the mount.
/// </summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public static string? Path => Environment.GetEnvironmentVariable("BATON_TEST_SMALL_DISK") is { Length: > 0 } p ? p : null;

    public SmallDiskFactAttribute()
    {
        if (Path is null && !TestDatabase.RequireAll)
        {
            Skip = "Needs a small file system to fill: run through ./test.sh, which mounts one (BATON_TEST_SMALL_DISK).";
        }
    }

    public static string Require() => Path ?? throw new InvalidOperationException("BATON_TEST_SMALL_DISK is not set: test.sh mounts a small tmpfs for this test.");
}

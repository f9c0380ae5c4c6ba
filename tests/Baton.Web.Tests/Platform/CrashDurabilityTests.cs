using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Baton.Web.Tests.Platform;

/// <summary>What Baton acknowledged survives the process being killed (SIGKILL, no shutdown): the real binary, a real file.</summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("baton-crash-").FullName;
    private Process? _process;

    [SqliteFact]
    public async Task AcknowledgedTickets_SurviveAKilledProcess()
    {
        var url = await StartAsync();
        var token = IssueAdminToken();
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var client = await (await api.PostAsJsonAsync("/api/v1/clients", new { name = "Crash Test Ltd", code = "CRASH" })).Content.ReadFromJsonAsync<JsonElement>();
        var clientId = client.GetProperty("id").GetInt32();
        var contact = await (await api.PostAsJsonAsync($"/api/v1/clients/{clientId}/contacts", new { name = "Ann", email = "ann@crash.test" })).Content.ReadFromJsonAsync<JsonElement>();
        var acknowledged = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var response = await api.PostAsJsonAsync("/api/v1/tickets", new { title = $"Crash {i}", clientId, requesterId = contact.GetProperty("id").GetInt32() });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!);
        }

        _process!.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown, no checkpoint
        await _process.WaitForExitAsync();
        SqliteConnection.ClearAllPools();

        var restarted = await StartAsync();
        using var again = new HttpClient { BaseAddress = new Uri(restarted) };
        again.DefaultRequestHeaders.Authorization = new("Bearer", token);
        foreach (var number in acknowledged)
        {
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/v1/tickets/{number}")).StatusCode);
        }

        var next = await again.PostAsJsonAsync("/api/v1/tickets", new { title = "After restart", clientId, requesterId = contact.GetProperty("id").GetInt32() });
        var nextNumber = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        Assert.DoesNotContain(nextNumber, acknowledged);
    }

    private async Task<string> StartAsync()
    {
        var port = FreePort();
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Baton__DataDirectory"] = _dataDirectory,
                ["Baton__AdminPassword"] = BatonAppFactory.AdminPassword,
                ["Database__Provider"] = "Sqlite",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () =>
        {
            Assert.False(_process.HasExited, "Baton exited during startup.");
            try
            {
                return (await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, "Baton answers /health/ready"); // a busy machine starts it slowly; only a start that never finishes fails
        return url;
    }

    private string IssueAdminToken()
    {
        var (token, hash, prefix) = ApiTokens.Generate();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "baton.db")};Pooling=False");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        SqliteConnection.ClearAllPools();
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

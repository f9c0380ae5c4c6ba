using System.Net;
using System.Net.Http.Json;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baton.Web.Tests.Operations;

/// <summary>
/// PostgreSQL away — not up yet at start, gone while Baton runs, or restarted under idle pooled connections — through a
/// forwarder the test cuts (<see cref="CuttablePostgres"/>) or the server ending the sessions itself.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static string NewDatabase() => "baton_test_" + Guid.NewGuid().ToString("N")[..12];

    [PostgresFact]
    public async Task DatabaseDownAtStart_LiveAnswers_ReadyAndRequestsAnswer503WithRetryAfter_UntilItComesUp()
    {
        await using var postgres = new CuttablePostgres();
        await postgres.CutAsync();
        var logs = new LogCapture();
        await using var app = new BatonAppFactory { WaitForReady = false };
        app.Settings["ConnectionStrings:Baton"] = postgres.ConnectionString(NewDatabase());
        app.TestServices.Add(s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        var api = await http.GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var page = await http.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("Baton is starting", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await WaitUntilAsync(() => logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("not available yet", StringComparison.Ordinal)));
        postgres.Restore();
        await app.Services.GetRequiredService<DatabaseReadiness>().Ready.WaitAsync(Eventually.Ceiling);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/Account/Login")).StatusCode);
    }

    [PostgresFact]
    public async Task DatabaseThatNeverComes_StartGivesUpAfterStartupTimeout_AndExitsNonZeroWithTheReason()
    {
        await using var postgres = new CuttablePostgres();
        await postgres.CutAsync();
        var directory = Directory.CreateTempSubdirectory("baton-nodb-").FullName;
        try
        {
            using var baton = new BatonProcess(
                new Dictionary<string, string>
                {
                    ["Baton__DataDirectory"] = directory,
                    ["Database__Provider"] = "Postgres",
                    ["ConnectionStrings__Baton"] = postgres.ConnectionString(NewDatabase()),
                    ["Database__StartupTimeout"] = "00:00:04",
                },
                "--urls", $"http://127.0.0.1:{BatonProcess.FreePort()}");
            var exitCode = await baton.ExitCodeAsync(Eventually.Ceiling);
            Assert.True(exitCode == 1, $"exit code {exitCode}:\n{baton.Output}");
            Assert.Contains("not available yet", baton.Output, StringComparison.Ordinal); // it said it was waiting
            Assert.Contains("still unavailable after", baton.Output, StringComparison.Ordinal);
            Assert.Contains("Database:StartupTimeout", baton.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgresFact]
    public async Task DatabaseGoneWhileRunning_Answers503WithRetryAfter_OnTheApiAndOnPages_AndRecovers()
    {
        await using var postgres = new CuttablePostgres();
        await using var app = new BatonAppFactory();
        app.Settings["ConnectionStrings:Baton"] = postgres.ConnectionString(NewDatabase());
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        using var anonymous = app.CreateClient();

        await postgres.CutAsync();
        var read = await api.GetAsync($"/api/v1/tickets/{ticket.Number}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.NotNull(read.Headers.RetryAfter);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        var write = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Anyone there?" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        var html = await page.GetAsync($"/Tickets/{ticket.Number}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, html.StatusCode);
        Assert.NotNull(html.Headers.RetryAfter);
        Assert.Contains("unavailable for a moment", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);

        postgres.Restore();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/tickets/{ticket.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Back." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/Tickets/{ticket.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [PostgresFact]
    public async Task AfterTheServerEndsIdlePooledConnections_TheNextRequestOfEachKindSucceeds()
    {
        await using var app = new BatonAppFactory();
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        using var manager = await app.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);

        // Each kind of request on connections the server ended while Baton sat idle (as after an unclean restart):
        // a read, a reply (SaveChanges), a creation (the group commit's own transaction), the daily report page.
        var requests = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)[]
        {
            ("read", () => api.GetAsync($"/api/v1/tickets/{ticket.Number}"), HttpStatusCode.OK),
            ("reply", () => api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Still here." }), HttpStatusCode.Created),
            ("create", () => api.PostAsJsonAsync("/api/v1/tickets", new { title = "After the restart", clientId = client.ClientId, requesterId = client.ContactId }), HttpStatusCode.Created),
            ("daily report", () => manager.GetAsync("/Reports/Daily"), HttpStatusCode.OK),
        };
        foreach (var (what, send, expected) in requests)
        {
            // The pool holds the connection this request used — unless a concurrent background job's broken-connection
            // check cleared the pool meanwhile (its busy connections close when given back). So send until a session is
            // there to end, with a ceiling: a request that never leaves a pooled session fails the test.
            var ended = 0;
            for (var attempt = 1; ended == 0; attempt++)
            {
                Assert.True(attempt <= 10, $"{what}: no idle session to end after {attempt - 1} requests");
                Assert.Equal(expected, (await send()).StatusCode);
                await Task.Delay(BrokenConnectionCheckIdle);
                ended = await TerminateSessionsAsync(app.PostgresDatabase!);
            }

            // Baton stays idle after the restart too: without this, a background job's connection given back just before
            // the sessions were ended is still trusted (younger than the idle threshold) and the test races the job.
            await Task.Delay(BrokenConnectionCheckIdle);
            var response = await send();
            Assert.True(response.StatusCode == expected, $"{what} after the server ended {ended} idle session(s): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Longer than Baton trusts an idle pooled connection without checking it.</summary>
    private static readonly TimeSpan BrokenConnectionCheckIdle = TimeSpan.FromSeconds(1.2);

    private static async Task<int> TerminateSessionsAsync(string database)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        command.Parameters.AddWithValue("db", database);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, "the warning that the database is not available yet");
}

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Baton.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Bench;

/// <summary>
/// Scenario "projects": what the project hand-off costs on a big desk. A SQLite file migrated by Baton, filled with
/// N tickets (QueueData) and P projects with engagements and attributions (ProjectData); then a Release Baton
/// process on it, an agent signed in through the login form, and timed GETs of whole pages over HTTP: the ticket page
/// of the client with the most projects (the insight panel full, the ticket at a touched site) against the ticket
/// page of a client with none (the panel empty), and the daily project report. The measured tickets are open (so the
/// pages carry the same forms), at a site and configuration item the client's projects touch.
/// </summary>
internal static partial class ProjectsScenario
{
    public const double DailyReportTargetMs = 300;

    public sealed record Options(int Tickets, int Projects, int Iterations, int WarmUp, bool Keep);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("projects");
        var db = Path.Combine(dir, "baton.db");
        try
        {
            Console.WriteLine($"Migrating a fresh SQLite database in {dir} …");
            await using (var services = new ServiceCollection().AddBatonDatabase(new ConfigurationBuilder().Build(), dir).BuildServiceProvider())
            {
                using var scope = services.CreateScope();
                await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), ct);
            }

            SqliteConnection.ClearAllPools();
            var fill = Stopwatch.StartNew();
            Console.WriteLine($"Filling {o.Tickets:N0} tickets …");
            await QueueData.FillAsync(db, o.Tickets, ct);
            var agents = await AgentIdsAsync(db, ct);
            Console.WriteLine($"Filling {o.Projects:N0} projects …");
            var data = await ProjectData.FillAsync(db, o.Projects, agents, TimeProvider.System.GetUtcNow(), ct);
            var (email, password, apiToken) = await GiveCredentialsAsync(db, agents[0], ct);
            var busy = await NumberAsync(db, data.BusyTicketId, ct);
            var quiet = await NumberAsync(db, data.QuietTicketId, ct);
            var typical = await NumberAsync(db, data.TypicalTicketId, ct);
            fill.Stop();
            Console.WriteLine($"Filled in {fill.Elapsed.TotalSeconds:0} s; file {new FileInfo(db).Length / 1024.0 / 1024.0:0} MiB; {Machine.Load()}.");

            await using var server = await BatonServer.StartAsync(dir, "Warning", ct);
            using var http = await SignInAsync(server.BaseAddress, email, password, ct);
            using var api = new HttpClient { BaseAddress = server.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiToken);
            var table = new MarkdownTable("page (whole HTML over HTTP)", "bytes", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms");
            var results = new Dictionary<string, Latencies.Summary>();
            foreach (var (name, url) in new[]
            {
                ($"ticket page, client with no projects ({quiet})", $"/Tickets/{quiet}"),
                ($"ticket page, median client: {data.TypicalClientProjects} projects ({typical}, touched site and CI)", $"/Tickets/{typical}"),
                ($"ticket page, client with {data.BusyClientProjects} projects ({busy}, touched site and CI)", $"/Tickets/{busy}"),
                ("insight API for that ticket", $"/api/v1/tickets/{busy}/insight"),
                ($"daily project report, {o.Projects:N0} projects", "/Reports/Daily"),
            })
            {
                var (summary, bytes) = await MeasureAsync(url.StartsWith("/api/", StringComparison.Ordinal) ? api : http, url, o, ct);
                results[url] = summary;
                table.Add(name, Format.N(bytes), Format.N(summary.Count), Format.Ms(summary.P50), Format.Ms(summary.P95), Format.Ms(summary.P99), Format.Ms(summary.Max));
                Console.WriteLine($"  {name}: p50 {Format.Ms(summary.P50)} ms, p95 {Format.Ms(summary.P95)} ms");
            }

            var added = results[$"/Tickets/{typical}"].P50 - results[$"/Tickets/{quiet}"].P50;
            var addedBusy = results[$"/Tickets/{busy}"].P50 - results[$"/Tickets/{quiet}"].P50;
            var daily = results["/Reports/Daily"];
            Console.WriteLine();
            Console.WriteLine($"### Projects on tickets and the daily report ({Environment.ProcessorCount} cores, SQLite)");
            Console.WriteLine();
            Console.WriteLine($"Data: {o.Tickets:N0} tickets, {data.Projects:N0} projects, {data.Engagements:N0} engagements, {data.Attributions:N0} attributions; " +
                $"filled in {fill.Elapsed.TotalSeconds:0} s. Machine: {Machine.Load()} after the runs.");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"The insight panel adds {Format.Ms(added)} ms at the median client and {Format.Ms(addedBusy)} ms at the busiest (p50, minus the page of a client with no projects). " +
                $"Daily report p95 {Format.Ms(daily.P95)} ms: {(daily.P95 <= DailyReportTargetMs ? "within" : "**over**")} the {DailyReportTargetMs} ms target.");
            return daily.P95 <= DailyReportTargetMs ? 0 : 1;
        }
        finally
        {
            Workspace.Finish(dir, o.Keep);
        }
    }

    private static async Task<(Latencies.Summary Summary, long Bytes)> MeasureAsync(HttpClient http, string url, Options o, CancellationToken ct)
    {
        long bytes = 0;
        for (var i = 0; i < o.WarmUp; i++)
        {
            bytes = await GetAsync(http, url, ct);
        }

        var latencies = new Latencies();
        for (var i = 0; i < o.Iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            bytes = await GetAsync(http, url, ct);
            latencies.Add(Latencies.Since(start));
        }

        return (latencies.Summarise(), bytes);
    }

    private static async Task<long> GetAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} → {(int)response.StatusCode}");
        }

        if (Environment.GetEnvironmentVariable("BATON_BENCH_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllBytesAsync(Path.Combine(dump, Uri.EscapeDataString(url) + ".html"), body, ct);
        }

        return body.Length;
    }

    /// <summary>Signs in through the real login form and keeps the cookie, as a browser would.</summary>
    internal static async Task<HttpClient> SignInAsync(Uri baseAddress, string email, string password, CancellationToken ct)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var login = await http.GetStringAsync(new Uri("/Account/Login", UriKind.Relative), ct);
        var token = AntiforgeryToken().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        });
        using var response = await http.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        }

        return http;
    }

    private static async Task<List<string>> AgentIdsAsync(string db, CancellationToken ct)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync(ct);
        await using var command = c.CreateCommand();
        command.CommandText = """SELECT "Id" FROM "AspNetUsers" ORDER BY "Email" """;
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A password (hashed as Identity does) and an API token (hashed as the profile page does) for one agent.</summary>
    private static async Task<(string Email, string Password, string Token)> GiveCredentialsAsync(string db, string userId, CancellationToken ct)
    {
        const string password = "Bench-password-2026";
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync(ct);
        await using var command = c.CreateCommand();
        command.CommandText = """UPDATE "AspNetUsers" SET "PasswordHash" = $hash WHERE "Id" = $id RETURNING "Email" """;
        command.Parameters.AddWithValue("$hash", new PasswordHasher<BatonUser>().HashPassword(new BatonUser { Id = userId }, password));
        command.Parameters.AddWithValue("$id", userId);
        var email = (string)(await command.ExecuteScalarAsync(ct))!;

        var (token, hash, prefix) = Web.Infrastructure.Auth.ApiTokens.Generate();
        await using var insert = c.CreateCommand();
        insert.CommandText = """INSERT INTO "ApiTokens" ("UserId", "Name", "Prefix", "Hash", "CreatedAt", "Scope") VALUES ($user, 'bench', $prefix, $hash, $at, 0)""";
        insert.Parameters.AddWithValue("$user", userId);
        insert.Parameters.AddWithValue("$prefix", prefix);
        insert.Parameters.AddWithValue("$hash", hash);
        insert.Parameters.AddWithValue("$at", TimeProvider.System.GetUtcNow().UtcDateTime);
        await insert.ExecuteNonQueryAsync(ct);
        return (email, password, token);
    }

    private static async Task<string> NumberAsync(string db, long ticketId, CancellationToken ct)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync(ct);
        await using var command = c.CreateCommand();
        command.CommandText = """SELECT "Number" FROM "Tickets" WHERE "Id" = $id""";
        command.Parameters.AddWithValue("$id", ticketId);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}

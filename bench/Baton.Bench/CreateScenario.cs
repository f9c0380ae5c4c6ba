using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Baton.Bench;

/// <summary>
/// Scenario "create": POST /api/v1/tickets against a real Baton process, each request with its own
/// Idempotency-Key, first from one client in sequence, then from several concurrent clients.
/// </summary>
internal static class CreateScenario
{
    public sealed record Options(int Sequential, int Clients, int PerClient, int WarmUp, string LogLevel, bool Keep, string? Dll = null);

    internal sealed record Run(string Name, int Requests, TimeSpan Elapsed, Latencies Latencies, int Failures, string? FirstFailure, TimeSpan ServerCpu, TimeSpan BenchCpu);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("create");
        try
        {
            Console.WriteLine($"Starting Baton ({o.Dll ?? "Release build of this tree"}, SQLite in {dir}, Logging:LogLevel:Default={o.LogLevel}) …");
            var started = Stopwatch.StartNew();
            await using var server = await BatonServer.StartAsync(dir, o.LogLevel, ct, o.Dll);
            Console.WriteLine($"Ready at {server.BaseAddress} after {started.Elapsed.TotalSeconds:0.0} s.");
            var token = await server.CreateAdminTokenAsync(ct);

            using var http = ApiClient(server, token);
            var bodies = await BenchClientAsync(http, ct);

            Console.WriteLine($"Warm-up: {o.WarmUp} sequential, then {o.Clients} × {Math.Max(1, o.WarmUp / o.Clients)} concurrent …");
            var warm1 = await SequentialAsync("warm-up", http, server, bodies, o.WarmUp, ct);
            var warm2 = await ConcurrentAsync("warm-up", http, server, bodies, o.Clients, Math.Max(1, o.WarmUp / o.Clients), ct);
            if (warm1.Failures + warm2.Failures > 0)
            {
                throw new InvalidOperationException($"Warm-up failed: {warm1.FirstFailure ?? warm2.FirstFailure}");
            }

            Console.WriteLine($"Measuring: {o.Sequential} sequential ({Machine.Load()}) …");
            var sequential = await SequentialAsync($"sequential, 1 client × {o.Sequential}", http, server, bodies, o.Sequential, ct);
            Console.WriteLine($"Measuring: {o.Clients} concurrent clients × {o.PerClient} …");
            var concurrent = await ConcurrentAsync($"concurrent, {o.Clients} clients × {o.PerClient}", http, server, bodies, o.Clients, o.PerClient, ct);

            var loadAfter = Machine.Load();
            var expected = bodies.Issued;
            var stored = await CountTicketsAsync(server.DatabasePath, ct);

            var table = new MarkdownTable("run", "requests", "failed", "wall time s", "tickets/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "server CPU ms/ticket", "server cores busy", "bench CPU ms/ticket");
            foreach (var run in new[] { sequential, concurrent })
            {
                var s = run.Latencies.Summarise();
                var ok = run.Requests - run.Failures;
                table.Add(
                    run.Name,
                    Format.N(run.Requests),
                    Format.N(run.Failures),
                    run.Elapsed.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    Format.N(ok / run.Elapsed.TotalSeconds),
                    Format.Ms(s.P50),
                    Format.Ms(s.P95),
                    Format.Ms(s.P99),
                    Format.Ms(s.Max),
                    Format.Ms(run.ServerCpu.TotalMilliseconds / run.Requests),
                    (run.ServerCpu / run.Elapsed).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    Format.Ms(run.BenchCpu.TotalMilliseconds / run.Requests));
            }

            Console.WriteLine();
            Console.WriteLine($"### Ticket creation through the HTTP API ({Environment.ProcessorCount} cores, SQLite, log level {o.LogLevel})");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Machine: {loadAfter} at the end of the runs.");
            Console.WriteLine($"Tickets in the database afterwards: {stored:N0} (requests answered 201 incl. warm-up: {expected - sequential.Failures - concurrent.Failures:N0}).");
            foreach (var failure in new[] { sequential.FirstFailure, concurrent.FirstFailure }.OfType<string>())
            {
                Console.WriteLine($"First failure: {failure}");
            }

            return sequential.Failures + concurrent.Failures == 0 && stored == expected - sequential.Failures - concurrent.Failures ? 0 : 1;
        }
        finally
        {
            Workspace.Finish(dir, o.Keep);
        }
    }

    internal static async Task<Run> SequentialAsync(string name, HttpClient http, BatonServer server, TicketBodies bodies, int count, CancellationToken ct)
    {
        var (serverCpu, benchCpu) = (server.ProcessorTime, CurrentCpu());
        var latencies = new Latencies();
        var worker = new Worker(http, bodies, latencies);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await worker.CreateOneAsync(ct);
        }

        wall.Stop();
        return new Run(name, count, wall.Elapsed, latencies, worker.Failures, worker.FirstFailure, server.ProcessorTime - serverCpu, CurrentCpu() - benchCpu);
    }

    internal static async Task<Run> ConcurrentAsync(string name, HttpClient http, BatonServer server, TicketBodies bodies, int clients, int perClient, CancellationToken ct)
    {
        var (serverCpu, benchCpu) = (server.ProcessorTime, CurrentCpu());
        var workers = Enumerable.Range(0, clients).Select(_ => new Worker(http, bodies, new Latencies())).ToArray();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(w => Task.Run(
            async () =>
            {
                for (var i = 0; i < perClient; i++)
                {
                    await w.CreateOneAsync(ct);
                }
            },
            ct)));
        wall.Stop();
        var all = new Latencies();
        foreach (var w in workers)
        {
            all.AddRange(w.Latencies);
        }

        return new Run(
            name, clients * perClient, wall.Elapsed, all, workers.Sum(w => w.Failures), workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null),
            server.ProcessorTime - serverCpu, CurrentCpu() - benchCpu);
    }

    /// <summary>An HTTP client for the API as the administrator, keeping its connections for the whole run.</summary>
    internal static HttpClient ApiClient(BatonServer server, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The client and requester every created ticket is for, and the bodies that create them.</summary>
    internal static async Task<TicketBodies> BenchClientAsync(HttpClient http, CancellationToken ct)
    {
        var clientId = await PostForIdAsync(http, "/api/v1/clients", new { name = "Bench Client", code = "BENCH" }, ct);
        var requesterId = await PostForIdAsync(http, $"/api/v1/clients/{clientId}/contacts", new { name = "Riley Requester", email = "riley@bench.example" }, ct);
        return new TicketBodies(clientId, requesterId);
    }

    internal static TimeSpan CurrentCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    internal static async Task<int> PostForIdAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetInt32();
    }

    internal static async Task<long> CountTicketsAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "Tickets" """;
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>One simulated API client: its own request loop, its own latency list.</summary>
    internal sealed class Worker(HttpClient http, TicketBodies bodies, Latencies latencies)
    {
        private static readonly Uri Tickets = new("/api/v1/tickets", UriKind.Relative);
        private static readonly MediaTypeHeaderValue Json = new("application/json");

        public Latencies Latencies => latencies;
        public int Failures { get; private set; }
        public string? FirstFailure { get; private set; }

        public async Task CreateOneAsync(CancellationToken ct)
        {
            var body = bodies.Next();
            using var request = new HttpRequestMessage(HttpMethod.Post, Tickets) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            latencies.Add(Latencies.Since(start));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Failures++;
                FirstFailure ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
        }
    }

    /// <summary>Varied, valid create requests (kind, impact, urgency, title and description change per request).</summary>
    internal sealed class TicketBodies(int clientId, int requesterId)
    {
        private static readonly string[] Titles =
        [
            "Printer on floor 3 jams on every job", "VPN drops every few minutes", "New starter needs a laptop and accounts",
            "Outlook cannot open the shared mailbox", "Payroll export fails with a timeout", "Wi-Fi in meeting room B is slow",
            "Access to the finance share", "Phone system shows 'no service'", "Reset MFA for a field engineer", "Install the CAD viewer",
        ];

        private static readonly string[] Levels = ["High", "Medium", "Low"];
        private int _issued;

        public int Issued => Volatile.Read(ref _issued);

        public byte[] Next()
        {
            var n = Interlocked.Increment(ref _issued);
            var kind = n % 3 == 0 ? "ServiceRequest" : "Incident";
            return JsonSerializer.SerializeToUtf8Bytes(new
            {
                title = $"{Titles[n % Titles.Length]} (#{n})",
                description = $"Reported through the API by the benchmark, request {n}. Steps to reproduce, what was expected and what happened instead.",
                kind,
                clientId,
                requesterId,
                impact = Levels[n % 3],
                urgency = Levels[(n / 3) % 3],
            });
        }
    }
}

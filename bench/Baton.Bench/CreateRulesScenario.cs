using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Baton.Bench;

/// <summary>
/// Scenario "create-rules", issue 14's "ticket creation with rules on within 5 % of the throughput without": the
/// <see cref="CreateScenario"/> concurrent load against a fresh Baton process per round, in alternating rounds — every
/// rule switched off, then the shipped rules plus 20 more on "ticket opened" (18 that evaluate and never match, 2 that
/// add an internal note: on P1s and on P2s) — so the machine's noise falls on both. Ticket creation runs the rules for
/// the new ticket before it answers (the writer runs its after-commit jobs itself), so the latency includes them.
/// </summary>
internal static class CreateRulesScenario
{
    public sealed record Options(int Rounds, int Clients, int PerClient, int WarmUp, int ExtraRules, bool Keep, string? Dll);

    private sealed record Round(int Number, bool RulesOn, int ActiveRules, CreateScenario.Run Run, long Tickets, long RuleNotes, string Load);

    private const string NoteMark = "bench rule note";

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var rounds = new List<Round>();
        for (var i = 0; i < o.Rounds; i++)
        {
            var rulesOn = i % 2 == 1; // off, on, off, on …
            Console.WriteLine($"Round {i + 1}/{o.Rounds}: rules {(rulesOn ? "on" : "off")} ({Machine.Load()}) …");
            rounds.Add(await RoundAsync(i + 1, rulesOn, o, ct));
            var last = rounds[^1];
            Console.WriteLine($"  {last.ActiveRules} active rules, {Format.N((last.Run.Requests - last.Run.Failures) / last.Run.Elapsed.TotalSeconds)} tickets/s, p95 {Format.Ms(last.Run.Latencies.Summarise().P95)} ms");
        }

        var table = new MarkdownTable("round", "rules", "active rules", "requests", "failed", "wall time s", "tickets/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms/ticket", "rule notes", "load at start");
        foreach (var r in rounds)
        {
            var s = r.Run.Latencies.Summarise();
            table.Add(
                r.Number.ToString(CultureInfo.InvariantCulture), r.RulesOn ? "on" : "off", r.ActiveRules.ToString(CultureInfo.InvariantCulture),
                Format.N(r.Run.Requests), Format.N(r.Run.Failures), r.Run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                Format.N((r.Run.Requests - r.Run.Failures) / r.Run.Elapsed.TotalSeconds), Format.Ms(s.P50), Format.Ms(s.P95), Format.Ms(s.P99),
                Format.Ms(r.Run.ServerCpu.TotalMilliseconds / r.Run.Requests), Format.N(r.RuleNotes), r.Load);
        }

        Console.WriteLine();
        Console.WriteLine($"### Ticket creation with automation rules on and off ({Environment.ProcessorCount} cores, SQLite, {o.Clients} clients × {o.PerClient} per round)");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();

        var (off, on) = (Pooled(rounds, false), Pooled(rounds, true));
        var summary = new MarkdownTable("rules", "rounds", "tickets/s", "p95 ms");
        summary.Add("off", off.Rounds.ToString(CultureInfo.InvariantCulture), Format.N(off.Throughput), Format.Ms(off.P95));
        summary.Add("on", on.Rounds.ToString(CultureInfo.InvariantCulture), Format.N(on.Throughput), Format.Ms(on.P95));
        summary.Add("on vs off", "", Percent(on.Throughput, off.Throughput), Percent(on.P95, off.P95));
        Console.Write(summary);
        Console.WriteLine();
        Console.WriteLine($"Machine: {Machine.Load()} at the end of the runs.");
        var within = on.Throughput >= off.Throughput * 0.95;
        Console.WriteLine(within ? "Throughput with rules on is within 5 % of rules off." : "Throughput with rules on is more than 5 % below rules off.");

        var failures = rounds.Sum(r => r.Run.Failures);
        foreach (var failure in rounds.Select(r => r.Run.FirstFailure).OfType<string>())
        {
            Console.WriteLine($"First failure: {failure}");
        }

        // Every round's tickets are all stored; the rules that act did act (on) or nothing did (off).
        var consistent = rounds.All(r => r.RulesOn ? r.RuleNotes > 0 : r.RuleNotes == 0);
        if (!consistent)
        {
            Console.WriteLine("Inconsistent: the acting rules wrote no note with rules on, or a note with rules off.");
        }

        return failures == 0 && consistent ? 0 : 1;
    }

    private static async Task<Round> RoundAsync(int number, bool on, Options o, CancellationToken ct)
    {
        var load = Machine.Load();
        var dir = Workspace.NewTempDirectory("create-rules");
        try
        {
            await using var server = await BatonServer.StartAsync(dir, "Warning", ct, o.Dll);
            using var http = CreateScenario.ApiClient(server, await server.CreateAdminTokenAsync(ct));
            var bodies = await CreateScenario.BenchClientAsync(http, ct);
            var active = on ? await AddRulesAsync(http, o.ExtraRules, ct) : await SwitchAllOffAsync(http, ct);

            // The warm-up also outlasts the rule catalogue's cache (up to a second), so the measured load runs under these rules.
            var warm1 = await CreateScenario.SequentialAsync("warm-up", http, server, bodies, o.WarmUp, ct);
            var warm2 = await CreateScenario.ConcurrentAsync("warm-up", http, server, bodies, o.Clients, Math.Max(1, o.WarmUp / o.Clients), ct);
            if (warm1.Failures + warm2.Failures > 0)
            {
                throw new InvalidOperationException($"Warm-up failed: {warm1.FirstFailure ?? warm2.FirstFailure}");
            }

            var run = await CreateScenario.ConcurrentAsync($"rules {(on ? "on" : "off")}", http, server, bodies, o.Clients, o.PerClient, ct);
            var tickets = await CreateScenario.CountTicketsAsync(server.DatabasePath, ct);
            if (tickets != bodies.Issued - run.Failures)
            {
                throw new InvalidOperationException($"{tickets} tickets stored, {bodies.Issued - run.Failures} created.");
            }

            return new Round(number, on, active, run, tickets, await RuleNotesAsync(server.DatabasePath, ct), load);
        }
        finally
        {
            Workspace.Finish(dir, o.Keep);
        }
    }

    /// <summary>
    /// Adds <paramref name="extra"/> rules on "ticket opened" to the shipped ones (all on): two that add an internal note
    /// (on P1s, on P2s), the rest with conditions the benchmark's tickets never meet (a category, an assignee, a closed
    /// status: it sends none), so they are evaluated on every ticket and do nothing. Returns how many rules are on.
    /// </summary>
    private static async Task<int> AddRulesAsync(HttpClient http, int extra, CancellationToken ct)
    {
        for (var i = 0; i < extra; i++)
        {
            object[] conditions = i switch
            {
                0 => [If("Priority", "Is", "P1")],
                1 => [If("Priority", "Is", "P2")],
                _ => (i % 3) switch
                {
                    0 => [If("Category", "IsSet"), If("Priority", "Is", "P1, P2")],
                    1 => [If("Assignee", "IsSet"), If("Kind", "Is", "Incident")],
                    _ => [If("Status", "Is", "Resolved, Closed"), If("Kind", "Is", "ServiceRequest")],
                },
            };
            var rule = new
            {
                name = $"Bench rule {i + 1}",
                trigger = "TicketOpened",
                conditions,
                actions = new[] { new { kind = "AddInternalNote", value = $"{NoteMark} {i + 1}: {{{{ ticket.number }}}} ({{{{ client.name }}}})" } },
            };
            await CreateScenario.PostForIdAsync(http, "/api/v1/automation-rules", rule, ct);
        }

        return (await RulesAsync(http, ct)).Count(r => r.Enabled);
    }

    /// <summary>Switches every rule (the shipped ones) off through the API. Returns how many are on: none.</summary>
    private static async Task<int> SwitchAllOffAsync(HttpClient http, CancellationToken ct)
    {
        foreach (var rule in (await RulesAsync(http, ct)).Where(r => r.Enabled))
        {
            using var response = await http.PostAsJsonAsync(new Uri($"/api/v1/automation-rules/{rule.Id}/switch", UriKind.Relative), new { enabled = false }, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Switching rule {rule.Id} off answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        }

        return (await RulesAsync(http, ct)).Count(r => r.Enabled);
    }

    private sealed record RuleRow(int Id, bool Enabled);

    private static async Task<List<RuleRow>> RulesAsync(HttpClient http, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/automation-rules", UriKind.Relative), ct));
        return [.. json.RootElement.EnumerateArray().Select(r => new RuleRow(r.GetProperty("id").GetInt32(), r.GetProperty("enabled").GetBoolean()))];
    }

    private static object If(string field, string op, string? value = null) => new { field, @operator = op, value };

    private static async Task<long> RuleNotesAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "TicketMessages" WHERE "Body" LIKE $mark""";
        count.Parameters.AddWithValue("$mark", NoteMark + "%");
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private sealed record Pool(int Rounds, double Throughput, double P95);

    /// <summary>The rounds of one kind together: all their tickets over all their wall time, p95 over all their latencies.</summary>
    private static Pool Pooled(List<Round> rounds, bool on)
    {
        var mine = rounds.Where(r => r.RulesOn == on).ToList();
        var latencies = new Latencies();
        mine.ForEach(r => latencies.AddRange(r.Run.Latencies));
        var ok = mine.Sum(r => r.Run.Requests - r.Run.Failures);
        var wall = mine.Sum(r => r.Run.Elapsed.TotalSeconds);
        return new Pool(mine.Count, wall > 0 ? ok / wall : 0, latencies.Summarise().P95);
    }

    private static string Percent(double value, double baseline) =>
        baseline > 0 ? (value / baseline - 1).ToString("+0.0 %;-0.0 %", CultureInfo.InvariantCulture) : "—";
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Mail;

namespace Baton.Bench;

/// <summary>
/// Scenario "create-mail" (issue 13): tickets opened through the API at a fixed rate (open loop: a request leaves on
/// schedule whether or not the earlier ones have been answered) against a Baton process that sends through an SMTP
/// sink in this process. For each ticket it times the requester's acknowledgement from the ticket's creation instant
/// (stamped inside the transaction, so before its commit): when the acknowledgement job had queued it in the outbox, and
/// when the sink took it.
/// </summary>
internal static class CreateMailScenario
{
    public sealed record Options(int Rate, int Seconds, int Contacts, int WarmUp, bool Keep, IReadOnlyList<string> ServerArgs);

    private sealed record Opened(long Id, string Number, double ResponseMs);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("create-mail");
        try
        {
            await using var sink = new SmtpSink();
            var args = MailDesk.Settings(
                "--Mail:Smtp:Host=127.0.0.1", $"--Mail:Smtp:Port={sink.Port.ToString(CultureInfo.InvariantCulture)}", "--Mail:Smtp:Security=None",
                $"--Mail:Smtp:FromAddress={MailDesk.Address}", "--Mail:LinkBase=https://desk.msp.example/",
                "--Mail:Brake:PerRecipientPerDay=1000"); // each contact opens dozens of tickets a minute here: the brake is not what is measured
            args.AddRange(o.ServerArgs);
            Console.WriteLine($"Starting Baton with Mail:Smtp at the sink on 127.0.0.1:{sink.Port} (SQLite in {dir}; {string.Join(' ', o.ServerArgs)}) …");
            await using var server = await BatonServer.StartAsync(dir, "Warning", ct, extraArgs: args);
            using var api = MailDesk.Api(server.BaseAddress, await server.CreateAdminTokenAsync(ct));
            var (clientId, contacts) = await MailDesk.ClientAsync(api, o.Contacts, ct);
            var next = 0;
            Task<Opened> OpenAsync() =>
                OpenOneAsync(api, new { title = $"Rate bench ticket {next}", description = "Opened at a steady rate.", clientId, requesterId = contacts[next++ % contacts.Count].Id, kind = "Incident" }, ct);

            Console.WriteLine($"Warm-up: {o.WarmUp} tickets, then waiting for their acknowledgements …");
            var warm = new List<Opened>();
            for (var i = 0; i < o.WarmUp; i++)
            {
                warm.Add(await OpenAsync());
            }

            await MailDesk.WaitUntilAsync(() => Task.FromResult(sink.Messages.Count >= warm.Count), TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(2), ct);
            var warmMail = sink.Messages.Count;

            var total = o.Rate * o.Seconds;
            Console.WriteLine($"Measuring: {total:N0} tickets at {o.Rate}/s for {o.Seconds} s ({Machine.Load()}) …");
            var (serverCpu, benchCpu) = (server.ProcessorTime, CreateScenario.CurrentCpu());
            var wall = Stopwatch.StartNew();
            var requests = new List<Task<Opened>>(total);
            var late = new Latencies(); // how far behind schedule each request left: the client keeping the rate
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds(i / (double)o.Rate);
                if (due > wall.Elapsed)
                {
                    await Task.Delay(due - wall.Elapsed, ct);
                }

                late.Add((wall.Elapsed - due).TotalMilliseconds);
                requests.Add(OpenAsync());
            }

            var opened = await Task.WhenAll(requests);
            var sending = wall.Elapsed;
            var numbers = opened.Select(t => t.Number).ToHashSet(StringComparer.Ordinal);
            bool Ours(SmtpSink.Received m) => m.Message.Subject is { } s && s.Length > 2 && s[0] == '[' && numbers.Contains(s[1..s.IndexOf(']', StringComparison.Ordinal)]);
            var delivered = await MailDesk.WaitUntilAsync(() => Task.FromResult(sink.Messages.Count(Ours) >= total), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(3), ct);
            var (serverUsed, benchUsed) = (server.ProcessorTime - serverCpu, CreateScenario.CurrentCpu() - benchCpu);
            var loadAfter = Machine.Load();

            var arrived = sink.Messages.Where(Ours).GroupBy(m => m.Message.Subject![1..m.Message.Subject!.IndexOf(']', StringComparison.Ordinal)], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Min(m => m.At), StringComparer.Ordinal);
            var times = await TimesAsync(server.DatabasePath, opened.Select(t => t.Id).ToList(), ct);
            var (responses, queued, handed) = (new Latencies(), new Latencies(), new Latencies());
            var (notQueued, notArrived) = (0, 0);
            foreach (var ticket in opened)
            {
                responses.Add(ticket.ResponseMs);
                var (createdAt, queuedAt) = times[ticket.Id];
                if (queuedAt is { } q)
                {
                    queued.Add((q - createdAt).TotalMilliseconds);
                }
                else
                {
                    notQueued++;
                }

                if (arrived.TryGetValue(ticket.Number, out var at))
                {
                    handed.Add((at - createdAt).TotalMilliseconds);
                }
                else
                {
                    notArrived++;
                }
            }

            var table = new MarkdownTable("measured from the ticket's creation", "count", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms");
            foreach (var (name, series, missing) in new[] { ("API answer (201) to the client", responses, 0), ("acknowledgement queued in the outbox", queued, notQueued), ("acknowledgement taken by the SMTP sink", handed, notArrived) })
            {
                var s = series.Summarise();
                table.Add(name, Format.N(s.Count), Format.N(missing), Format.Ms(s.P50), Format.Ms(s.P95), Format.Ms(s.P99), Format.Ms(s.Max));
            }

            var lateSummary = late.Summarise();
            Console.WriteLine();
            Console.WriteLine($"### Tickets at {o.Rate}/s for {o.Seconds} s with mail on ({Environment.ProcessorCount} cores, SQLite, SmtpServer sink on loopback; {o.Contacts} requesters; {string.Join(' ', o.ServerArgs)})");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Achieved: {Format.N(total / sending.TotalSeconds, "0.0")} tickets/s over {sending.TotalSeconds:0.0} s; requests left behind schedule p99 {Format.Ms(lateSummary.P99)} ms. " +
                $"Mail in the sink: {sink.Messages.Count - warmMail:N0} after warm-up (acknowledgements and any notices). Server CPU {Format.Ms(serverUsed.TotalMilliseconds / total)} ms/ticket, bench {Format.Ms(benchUsed.TotalMilliseconds / total)} ms/ticket.");
            Console.WriteLine($"Machine: {loadAfter} at the end.");
            return delivered && notQueued == 0 && notArrived == 0 ? 0 : 1;
        }
        finally
        {
            Workspace.Finish(dir, o.Keep);
        }
    }

    private static async Task<Opened> OpenOneAsync(HttpClient api, object body, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tickets", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await api.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var ms = Latencies.Since(start);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/v1/tickets answered {(int)response.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text);
        return new Opened(json.RootElement.GetProperty("id").GetInt64(), json.RootElement.GetProperty("number").GetString()!, ms);
    }

    /// <summary>
    /// Each ticket's creation instant and when its acknowledgement was queued — the acknowledgement job's "processed"
    /// mark, written once its outbox row is committed (the row's own CreatedAt is the event's instant) — from the file.
    /// </summary>
    private static async Task<Dictionary<long, (DateTimeOffset CreatedAt, DateTimeOffset? QueuedAt)>> TimesAsync(string databasePath, List<long> ids, CancellationToken ct)
    {
        await using var connection = MailDesk.ReadOnly(databasePath);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT t."Id", t."CreatedAt", (SELECT MIN(j."ProcessedAt") FROM "RecordEvents" j WHERE j."RecordId" = t."Id" AND j."Handler" = 'mail-acknowledgement')
            FROM "Tickets" t WHERE t."Id" >= {ids.Min()} AND t."Id" <= {ids.Max()}
            """;
        var times = new Dictionary<long, (DateTimeOffset, DateTimeOffset?)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            times[reader.GetInt64(0)] = (Utc(reader.GetDateTime(1)), reader.IsDBNull(2) ? null : Utc(reader.GetDateTime(2)));
        }

        return times;
    }

    private static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}

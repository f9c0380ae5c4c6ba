using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Baton.Bench;

/// <summary>
/// Scenario "mail-gateway": raw messages POSTed to /api/v1/mail/inbound of a real Baton process by C concurrent
/// senders (as an MTA's pipe does), each filed before the answer; then the database is checked against the plan.
/// </summary>
internal static class MailGatewayScenario
{
    public sealed record Options(int Messages, IReadOnlyList<int> Clients, int WarmUp, int Contacts, bool Keep, IReadOnlyList<string> ServerArgs);

    private sealed record Run(string Name, MailPlan Plan, int Clients, TimeSpan Elapsed, Latencies Latencies, int Failures, string? FirstFailure, TimeSpan ServerCpu, TimeSpan BenchCpu);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("mail-gateway");
        try
        {
            Console.WriteLine($"Starting Baton (Release, SQLite in {dir}) …");
            await using var server = await BatonServer.StartAsync(dir, "Warning", ct, extraArgs: MailDesk.Settings([.. o.ServerArgs]));
            using var api = MailDesk.Api(server.BaseAddress, await server.CreateAdminTokenAsync(ct));
            var contacts = await MailDesk.ContactsAsync(api, o.Contacts, ct);
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromSeconds(60) };

            Console.WriteLine($"Warm-up: {o.WarmUp} messages from {o.Clients.Max()} senders …");
            var warm = await SendAsync("warm-up", new MailPlan(new MailTraffic(contacts, MailDesk.Address, "warm"), o.WarmUp), o.Clients.Max(), http, server, ct);
            if (warm.Failures > 0)
            {
                throw new InvalidOperationException($"Warm-up failed: {warm.FirstFailure}");
            }

            var runs = new List<Run>();
            foreach (var clients in o.Clients)
            {
                Console.WriteLine($"Building {o.Messages} messages; measuring with {clients} senders ({Machine.Load()}) …");
                var plan = new MailPlan(new MailTraffic(contacts, MailDesk.Address, $"c{clients}"), o.Messages);
                runs.Add(await SendAsync($"{clients} senders × {o.Messages / clients}", plan, clients, http, server, ct));
            }

            var loadAfter = Machine.Load();
            var table = new MarkdownTable("run", "messages", "new / replies", "failed", "wall time s", "messages/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "server CPU ms/msg", "server cores busy", "bench CPU ms/msg");
            foreach (var run in runs)
            {
                var s = run.Latencies.Summarise();
                table.Add(
                    run.Name, Format.N(run.Plan.Count), $"{run.Plan.NewRequests:N0} / {run.Plan.Replies:N0}", Format.N(run.Failures),
                    run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), Format.N((run.Plan.Count - run.Failures) / run.Elapsed.TotalSeconds),
                    Format.Ms(s.P50), Format.Ms(s.P95), Format.Ms(s.P99), Format.Ms(s.Max),
                    Format.Ms(run.ServerCpu.TotalMilliseconds / run.Plan.Count), (run.ServerCpu / run.Elapsed).ToString("0.00", CultureInfo.InvariantCulture),
                    Format.Ms(run.BenchCpu.TotalMilliseconds / run.Plan.Count));
            }

            // Nothing lost, nothing doubled: every message is one stored mail, filed where the plan says.
            var all = runs.Select(r => r.Plan).Prepend(warm.Plan).ToList();
            var counts = await MailDesk.CountAsync(server.DatabasePath, ct);
            var filedOn = await MailDesk.FiledOnAsync(server.DatabasePath, ct);
            var (lost, misfiled) = all.Select(p => p.Check(filedOn)).Aggregate((0, 0), (a, b) => (a.Item1 + b.Lost, a.Item2 + b.Misfiled));
            var expected = new MailDesk.Counts(all.Sum(p => p.Count), all.Sum(p => p.Count), all.Sum(p => p.NewRequests), all.Sum(p => p.Replies), 0,
                all.Sum(p => p.NewRequests), all.Sum(p => p.Replies), all.Sum(p => p.Count), 0);
            var failures = runs.Sum(r => r.Failures);

            Console.WriteLine();
            Console.WriteLine($"### Mail through the gateway ({Environment.ProcessorCount} cores, SQLite, {o.Contacts} contacts of one client)");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Machine: {loadAfter} at the end of the runs.");
            Console.WriteLine($"Expected (warm-up included): {expected}.");
            Console.WriteLine($"Database:                    {counts}.");
            Console.WriteLine($"Lost (no ticket): {lost}; replies on the wrong ticket: {misfiled}.");
            foreach (var failure in runs.Select(r => r.FirstFailure).OfType<string>())
            {
                Console.WriteLine($"First failure: {failure}");
            }

            return failures == 0 && lost == 0 && misfiled == 0 && counts == expected ? 0 : 1;
        }
        finally
        {
            Workspace.Finish(dir, o.Keep);
        }
    }

    private static async Task<Run> SendAsync(string name, MailPlan plan, int clients, HttpClient http, BatonServer server, CancellationToken ct)
    {
        var (serverCpu, benchCpu) = (server.ProcessorTime, CreateScenario.CurrentCpu());
        var latencies = Enumerable.Range(0, clients).Select(_ => new Latencies()).ToArray();
        var failures = 0;
        string? firstFailure = null;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(
            async () =>
            {
                while (plan.TryTake(out var i))
                {
                    var raw = await plan.RawAsync(i, ct);
                    var start = Stopwatch.GetTimestamp();
                    var answer = await MailDesk.PostAsync(http, server.BaseAddress, raw, ct);
                    latencies[c].Add(Latencies.Since(start));
                    var expected = MailPlan.OriginalOf(i) is null ? "NewTicket" : "Reply";
                    if (answer.Status != HttpStatusCode.OK || answer.Duplicate || answer.Outcome != expected || answer.Ticket is null)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, $"message {i}: {(int)answer.Status} {answer.Text}", null);
                    }

                    plan.Filed(i, answer.Ticket ?? "");
                }
            },
            ct)));
        wall.Stop();
        var all = new Latencies();
        foreach (var l in latencies)
        {
            all.AddRange(l);
        }

        return new Run(name, plan, clients, wall.Elapsed, all, failures, firstFailure, server.ProcessorTime - serverCpu, CreateScenario.CurrentCpu() - benchCpu);
    }
}

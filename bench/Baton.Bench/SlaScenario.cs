using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Baton.Domain.ServiceLevels;

namespace Baton.Bench;

/// <summary>
/// Scenario "sla": BenchmarkDotNet over <see cref="DueDateBenchmarks"/> (cost of one Due or Elapsed), then
/// "sla-recompute": after a calendar change, recompute the resolution due date of N open tickets with a Stopwatch
/// (the job an administrator's edit of a calendar would trigger).
/// </summary>
internal static class SlaScenario
{
    public sealed record Options(int Tickets, bool RecomputeOnly);

    private sealed record Ticket(DateTimeOffset Start, TimeSpan Target, Pause[] Pauses);

    public static int Run(Options o)
    {
        if (!o.RecomputeOnly)
        {
            // ShortRun (1 launch, 3 warm-up and 3 measured iterations) in process: minutes, not the quarter of an hour
            // a default job with its own child build takes on 2 shared cores.
            var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess");
            var summary = BenchmarkRunner.Run<DueDateBenchmarks>(DefaultConfig.Instance.AddJob(job));
            if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
            {
                Console.Error.WriteLine("Some benchmarks failed; see the log above.");
                return 1;
            }
        }

        return Recompute(o.Tickets);
    }

    private static int Recompute(int count)
    {
        Console.WriteLine($"sla-recompute: generating {count:N0} open tickets …");
        var tickets = Generate(count, new Random(7));
        var table = new MarkdownTable("calendar", "threads", "tickets", "wall time ms", "ns per ticket", "tickets/s");
        var failures = 0;

        // One unmeasured pass first, so that the JIT has finished tiering up, as in a server that has been running.
        Measure(new MarkdownTable("warm-up"), "warm-up", 1, tickets, DueDateBenchmarks.LondonBusinessHours());

        // Each run uses a calendar created just before it, as after an edit: its yearly tables are built during the run.
        failures += Measure(table, "business hours, after adding a holiday", 1, tickets,
            DueDateBenchmarks.LondonBusinessHours(new Holiday(new DateOnly(2026, 12, 24), false, "Christmas Eve")));
        failures += Measure(table, "business hours, after adding a holiday", Environment.ProcessorCount, tickets,
            DueDateBenchmarks.LondonBusinessHours(new Holiday(new DateOnly(2026, 12, 31), false, "New Year's Eve")));
        failures += Measure(table, "24×7", 1, tickets, BusinessCalendar.AlwaysOpen);

        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"Building one year's table (first use of a year, business hours): {YearTableMilliseconds():N2} ms, mean of 20 years.");
        return failures == 0 ? 0 : 1;
    }

    private static int Measure(MarkdownTable table, string name, int threads, Ticket[] tickets, BusinessCalendar calendar)
    {
        var due = new DateTimeOffset[tickets.Length];
        var started = Stopwatch.GetTimestamp();
        if (threads == 1)
        {
            for (var i = 0; i < tickets.Length; i++)
            {
                due[i] = calendar.Due(tickets[i].Start, tickets[i].Target, tickets[i].Pauses);
            }
        }
        else
        {
            Parallel.For(0, tickets.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
                i => due[i] = calendar.Due(tickets[i].Start, tickets[i].Target, tickets[i].Pauses));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        table.Add(name, $"{threads}", $"{tickets.Length:N0}", $"{elapsed.TotalMilliseconds:N0}",
            $"{elapsed.TotalNanoseconds / tickets.Length:N0}", $"{tickets.Length / elapsed.TotalSeconds:N0}");

        // A fast wrong answer is worth nothing: every thousandth ticket must have exactly its target before it is due.
        var wrong = 0;
        for (var i = 0; i < tickets.Length; i += 1_000)
        {
            if (due[i] != DateTimeOffset.MaxValue && calendar.Elapsed(tickets[i].Start, due[i], tickets[i].Pauses) != tickets[i].Target)
            {
                wrong++;
            }
        }

        if (wrong > 0)
        {
            Console.Error.WriteLine($"{name}: {wrong} sampled due dates do not add up to their target.");
        }

        return wrong;
    }

    /// <summary>What the first Due or Elapsed in a year costs on top: building that year's table, once per calendar.</summary>
    private static double YearTableMilliseconds()
    {
        const int years = 20;
        var calendar = DueDateBenchmarks.LondonBusinessHours();
        calendar.IsOpen(new DateTimeOffset(2029, 6, 1, 0, 0, 0, TimeSpan.Zero)); // JIT, outside the measurement
        var started = Stopwatch.GetTimestamp();
        for (var year = 2030; year < 2030 + years; year++)
        {
            calendar.IsOpen(new DateTimeOffset(year, 6, 1, 0, 0, 0, TimeSpan.Zero));
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds / years;
    }

    /// <summary>
    /// Starts over the 30 days before 23 November 2026 12:00 UTC; resolution targets by priority (P1 4 h 5 %, P2 one
    /// business day 20 %, P3 three 50 %, P4 five 25 %); 60 % never paused, 25 % once, 15 % twice, a pause lasting
    /// 15 min to 3 days, and one paused ticket in five still on hold.
    /// </summary>
    private static Ticket[] Generate(int count, Random random)
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var tickets = new Ticket[count];
        for (var i = 0; i < count; i++)
        {
            var start = now - TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerDay * 30));
            var target = random.Next(100) switch
            {
                < 5 => TimeSpan.FromHours(4),
                < 25 => TimeSpan.FromHours(8.5),
                < 75 => TimeSpan.FromHours(25.5),
                _ => TimeSpan.FromHours(42.5),
            };
            var pauses = new Pause[random.Next(100) switch { < 60 => 0, < 85 => 1, _ => 2 }];
            var cursor = start;
            for (var p = 0; p < pauses.Length; p++)
            {
                var pauseStart = cursor + TimeSpan.FromMinutes(random.Next(0, 3 * 24 * 60));
                var pauseEnd = pauseStart + TimeSpan.FromMinutes(random.Next(15, 3 * 24 * 60));
                var onHold = pauseEnd >= now || (p == pauses.Length - 1 && random.Next(5) == 0);
                pauses[p] = new Pause(pauseStart < now ? pauseStart : now, onHold ? null : pauseEnd);
                cursor = pauseEnd;
                if (onHold)
                {
                    Array.Resize(ref pauses, p + 1);
                    break;
                }
            }

            tickets[i] = new Ticket(start, target, pauses);
        }

        return tickets;
    }
}

using System.Diagnostics;
using System.Globalization;
using Baton.Domain.Automation;
using Baton.Domain.Tickets;

namespace Baton.Bench;

/// <summary>
/// Issue 14's "50 active rules evaluated on an event ≤ 1 ms p95, in process": the rules compiled once (as the catalogue
/// cache keeps them), then for each of N events on varied tickets, the rules for the event picked and matched, and the
/// loop guard asked for each match — what the after-commit job does before it touches the database.
/// </summary>
internal static class RulesScenario
{
    public sealed record Options(int Rules, int Events, int WarmUp);

    private static readonly RuleTrigger[] Events =
        [RuleTrigger.TicketOpened, RuleTrigger.StatusChanged, RuleTrigger.CustomerReplied, RuleTrigger.AssignmentChanged, RuleTrigger.PriorityChanged];

    public static int Run(Options options)
    {
        var random = new Random(14);
        var rules = RuleEngine.Compile(Enumerable.Range(1, options.Rules).Select(i => (i, i * 10, Definition(i, random))));
        var now = new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
        var tickets = Enumerable.Range(1, 1000).Select(i => Facts(i, random, now)).ToArray();
        var latencies = new Latencies();
        var matched = 0L;
        for (var i = 0; i < options.WarmUp + options.Events; i++)
        {
            var facts = tickets[i % tickets.Length];
            var trigger = Events[i % Events.Length];
            var start = Stopwatch.GetTimestamp();
            var hits = RuleEngine.Matching(rules, trigger, facts, now);
            foreach (var rule in hits)
            {
                _ = LoopGuard.Check(rule.Id, [], 0, rule.Actions.Count);
            }

            var ms = Latencies.Since(start);
            if (i >= options.WarmUp)
            {
                latencies.Add(ms);
                matched += hits.Count;
            }
        }

        var s = latencies.Summarise();
        var table = new MarkdownTable("rules", "events", "rules matched per event", "mean µs", "p50 µs", "p95 µs", "p99 µs", "max µs");
        table.Add(
            options.Rules.ToString(CultureInfo.InvariantCulture), s.Count.ToString(CultureInfo.InvariantCulture),
            (matched / (double)s.Count).ToString("0.00", CultureInfo.InvariantCulture),
            Us(s.Mean), Us(s.P50), Us(s.P95), Us(s.P99), Us(s.Max));
        Console.WriteLine(table);
        var met = s.P95 <= 1.0;
        Console.WriteLine(met ? "Target met: p95 ≤ 1 ms." : "Target missed: p95 > 1 ms.");
        return met ? 0 : 1;
    }

    private static string Us(double ms) => (ms * 1000).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A rule like an administrator's: one of the events, two to five conditions over fields and times, two actions.</summary>
    private static RuleDefinition Definition(int i, Random random)
    {
        var conditions = new List<RuleCondition>
        {
            new(RuleField.Priority, RuleOperator.Is, string.Join(", ", Enum.GetNames<Priority>().Where(_ => random.Next(2) == 0).DefaultIfEmpty("P1"))),
            new(RuleField.Client, random.Next(4) == 0 ? RuleOperator.IsNot : RuleOperator.Is, string.Join(", ", Enumerable.Range(0, 5).Select(_ => random.Next(1, 200)))),
        };
        if (random.Next(2) == 0)
        {
            conditions.Add(new(RuleField.Status, RuleOperator.IsNot, "Resolved, Closed"));
        }

        if (random.Next(2) == 0)
        {
            conditions.Add(new(RuleField.RequesterRole, RuleOperator.Is, "it-manager, vip"));
        }

        if (random.Next(3) == 0)
        {
            conditions.Add(new(RuleField.TimeSinceLastPublicReply, RuleOperator.AtLeast, "4h"));
        }

        return new RuleDefinition($"rule {i}", Events[random.Next(Events.Length)], conditions,
            [new(RuleActionKind.AddInternalNote, "Checked {{ ticket.number }}"), new(RuleActionKind.NotifyRoles, "team-lead")]);
    }

    private static RuleFacts Facts(int i, Random random, DateTimeOffset now) => new(
        i, $"INC-{i:000000}", random.Next(1, 200), TicketKind.Incident, (Priority)random.Next(1, 5), null, random.Next(1, 10),
        random.Next(3) == 0 ? null : "agent", (TicketStatus)random.Next(1, 6), RequestType.Technical,
        random.Next(4) == 0 ? ["vip"] : [], now.AddHours(-random.Next(1, 200)), now.AddHours(-random.Next(1, 48)), now.AddHours(-random.Next(0, 24)), null, null);
}

using Baton.Domain.Automation;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Automation;

public sealed record DryRunMatch(string Number, string Title, string Status, string Priority, string WouldDo);

/// <summary>What a rule would have done: the tickets it matches among those it looked at, the first ones listed.</summary>
public sealed record DryRunResponse(string Looked, int Checked, int Matched, IReadOnlyList<DryRunMatch> Matches);

/// <summary>
/// The dry run before a save (issue 14): the rule, unsaved, against the last 30 days' tickets — those opened, resolved
/// or changed then, as the rule's event picks — each as it is now (its fields, and its times measured from now). It
/// writes nothing and tells nobody.
/// </summary>
public static class DryRun
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    /// <summary>The most tickets one dry run reads: the newest first.</summary>
    public const int MaxChecked = 2000;

    public const int MaxListed = 50;

    public static async Task<DryRunResponse> RunAsync(BatonDb db, RuleRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var definition = await SaveRule.ValidAsync(db, request, ct);
        var rule = new CompiledRule(0, 0, definition);
        var since = now - Period;
        var (tickets, looked) = definition.Trigger switch
        {
            RuleTrigger.TicketOpened => (db.Tickets.Where(t => t.CreatedAt >= since), "tickets opened in the last 30 days"),
            RuleTrigger.Resolved => (db.Tickets.Where(t => t.ResolvedAt >= since), "tickets resolved in the last 30 days"),
            RuleTrigger.TimePassed => (AutomationSweep.Candidates(db.Tickets, definition, db, now), "open tickets the rule could act on now"),
            _ => (db.Tickets.Where(t => t.UpdatedAt >= since), "tickets changed in the last 30 days"),
        };
        var facts = await RuleFactsReader.ReadAsync(db, tickets.OrderByDescending(t => t.Id).Take(MaxChecked), ct);
        var matched = facts.Where(f => rule.Matches(f, now)).ToList();
        var wouldDo = string.Join("; ", definition.Actions);
        var listed = matched.Take(MaxListed).Select(f => f.TicketId).ToList();
        var titles = await db.Tickets.AsNoTracking().Where(t => listed.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
        return new DryRunResponse(
            $"{looked}, each as it is now",
            facts.Count,
            matched.Count,
            [.. matched.Take(MaxListed).Select(f => new DryRunMatch(f.Number, titles.GetValueOrDefault(f.TicketId, ""), Ticket.Describe(f.Status), f.Priority.ToString(), wouldDo))]);
    }
}

using System.Globalization;
using Baton.Domain.Automation;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Automation;

/// <summary>
/// Runs the rules that act as time passes ("after 3 days awaiting the customer"). Every instance sweeps; a rule acts
/// once per occasion (<see cref="CompiledRule.OccasionKey"/>, a unique key), so two instances, or two sweeps, cannot
/// both act. Each ticket is saved on its own: a ticket someone is editing right now is left for the next sweep.
/// </summary>
public sealed class AutomationSweep(IServiceScopeFactory scopes, RuleRunner runner, TimeProvider clock, IOptions<AutomationOptions> options, ILogger<AutomationSweep> logger)
    : RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override string Description => "Automation sweep";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var acted = await SweepAsync(db, now, ct);
        if (acted > 0)
        {
            logger.LogInformation("Automation sweep: rules acted {Count} time(s).", acted);
        }
    }

    public async Task<int> SweepAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var acted = 0;
        foreach (var rule in (await AutomationCatalogue.EnabledAsync(db, ct)).Where(r => r.Trigger == RuleTrigger.TimePassed))
        {
            var ruleId = rule.Id;
            // Tickets that may match, by index; one the rule looked at and that has not changed since is not read again.
            var candidates = Candidates(db.Tickets, rule.Definition, db, now)
                .Where(t => !db.AutomationRuns.Any(r => r.RuleId == ruleId && r.TicketId == t.Id && r.At >= t.UpdatedAt))
                .OrderBy(t => t.Id).Take(options.Value.SweepBatch);
            foreach (var facts in await RuleFactsReader.ReadAsync(db, candidates, ct))
            {
                if (!rule.Matches(facts, now))
                {
                    continue;
                }

                try
                {
                    var ticket = await db.Tickets.SingleAsync(t => t.Id == facts.TicketId, ct);
                    acted += await runner.RunAsync(db, ticket, facts, RuleTrigger.TimePassed, [rule], [], (r, f) => r.OccasionKey(f), now, ct);
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueNames.IsViolation(e))
                {
                    // Someone changed the ticket meanwhile, or another instance acted on this occasion first.
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
        }

        return acted;
    }

    /// <summary>The rule's conditions an index can answer, as SQL: the in-memory check decides, this only narrows.</summary>
    internal static IQueryable<Ticket> Candidates(IQueryable<Ticket> tickets, RuleDefinition rule, BatonDb db, DateTimeOffset now)
    {
        var q = tickets.Where(t => t.Status != TicketStatus.Closed);
        foreach (var c in rule.Conditions)
        {
            var values = RuleCondition.Values(c.Value);
            var include = c.Operator == RuleOperator.Is;
            switch (c.Field)
            {
                case RuleField.Status when c.Operator is RuleOperator.Is or RuleOperator.IsNot:
                    var statuses = values.Select(v => Enum.Parse<TicketStatus>(v, true)).ToList();
                    q = include ? q.Where(t => statuses.Contains(t.Status)) : q.Where(t => !statuses.Contains(t.Status));
                    break;
                case RuleField.Priority when c.Operator is RuleOperator.Is or RuleOperator.IsNot:
                    var priorities = values.Select(v => Enum.Parse<Priority>(v, true)).ToList();
                    q = include ? q.Where(t => priorities.Contains(t.Priority)) : q.Where(t => !priorities.Contains(t.Priority));
                    break;
                case RuleField.Client when c.Operator == RuleOperator.Is:
                    var clients = values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
                    q = q.Where(t => clients.Contains(t.ClientId));
                    break;
                case RuleField.Assignee when c.Operator == RuleOperator.IsNotSet:
                    q = q.Where(t => t.AssigneeId == null);
                    break;
                case RuleField.Team when c.Operator == RuleOperator.IsNotSet:
                    q = q.Where(t => t.TeamId == null);
                    break;
                case RuleField.TimeSinceCreated when c.Operator == RuleOperator.AtLeast && RuleCondition.TryDuration(c.Value ?? "", out var created):
                    var createdBy = now - created;
                    q = q.Where(t => t.CreatedAt <= createdBy);
                    break;
                case RuleField.TimeSinceResolved when c.Operator == RuleOperator.AtLeast && RuleCondition.TryDuration(c.Value ?? "", out var resolved):
                    var resolvedBy = now - resolved;
                    q = q.Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt <= resolvedBy);
                    break;
                case RuleField.TimeInStatus when c.Operator == RuleOperator.AtLeast && RuleCondition.TryDuration(c.Value ?? "", out var inStatus):
                    var changedBy = now - inStatus;
                    q = q.Where(t => t.UpdatedAt <= changedBy
                        || (db.AuditEntries.Where(a => a.RecordKind == Ticket.RecordKind && a.RecordId == t.Id && a.Field == "Status")
                            .OrderByDescending(a => a.At).Select(a => (DateTimeOffset?)a.At).FirstOrDefault() ?? t.CreatedAt) <= changedBy);
                    break;
            }
        }

        return q;
    }
}

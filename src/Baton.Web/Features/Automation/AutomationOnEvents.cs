using Baton.Domain.Automation;
using Baton.Domain.Events;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Events;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Automation;

/// <summary>
/// The rules for a ticket event run after the change committed, as a durable job (docs/adr/0009): what they change
/// commits with the job's "processed" mark, so a job run twice acts once, and a concurrent edit of the ticket makes the
/// job retry on what is there then. No switched-on rule for the event: no job at all.
/// </summary>
public sealed class AutomationOnEvent<TEvent>(RuleRunner runner, TimeProvider clock) : IAfterCommitHandler<TEvent>
    where TEvent : IRecordEvent
{
    public string Name => $"automation-{typeof(TEvent).Name}";

    public async ValueTask<bool> ConcernsAsync(TEvent e, BatonDb db, CancellationToken ct)
    {
        if (AutomationTriggers.Of(e) is not { } trigger)
        {
            return false;
        }

        var rules = await AutomationCatalogue.EnabledAsync(db, ct);
        return e is TicketOpened opened
            ? rules.Any(r => r.Trigger == trigger && r.CouldMatch(AutomationTriggers.FactsOf(opened), AutomationTriggers.KnownAtOpening, opened.OccurredAt))
            : rules.Any(r => r.Trigger == trigger);
    }

    public async Task HandleAsync(TEvent e, AfterCommit context, CancellationToken ct)
    {
        if (AutomationTriggers.Of(e) is not { } trigger || context.RecordKind != Ticket.RecordKind)
        {
            return;
        }

        var db = context.Db;
        var rules = (await AutomationCatalogue.EnabledAsync(db, ct)).Where(r => r.Trigger == trigger).ToList();
        var ticket = rules.Count == 0 ? null : await db.Tickets.SingleOrDefaultAsync(t => t.Id == context.RecordId, ct);
        if (ticket is null)
        {
            return;
        }

        var facts = AutomationTriggers.AsTheEventLeftIt((await RuleFactsReader.ReadAsync(db, db.Tickets.Where(t => t.Id == ticket.Id), ct)).Single(), e);
        var chain = AutomationTriggers.ActorOf(e)?.RuleChain ?? [];
        if (await runner.RunAsync(db, ticket, facts, trigger, rules, chain, (rule, _) => $"job:{context.JobId}:rule:{rule.Id}", clock.GetUtcNow(), ct) > 0
            || db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>Which "when" each ticket event is, and who acted (whose rule chain it carries).</summary>
public static class AutomationTriggers
{
    /// <summary>Which "when" an event is; null for an event no rule runs on.</summary>
    public static RuleTrigger? Of(IRecordEvent e) => e switch
    {
        TicketOpened => RuleTrigger.TicketOpened,
        MessagePosted { Visibility: MessageVisibility.Internal } => RuleTrigger.InternalNoteAdded,
        MessagePosted { Author: MessageAuthor.Requester } => RuleTrigger.CustomerReplied,
        MessagePosted => RuleTrigger.DeskReplied,
        TicketStatusChanged => RuleTrigger.StatusChanged,
        PriorityChanged => RuleTrigger.PriorityChanged,
        AssignmentChanged => RuleTrigger.AssignmentChanged,
        TicketResolved => RuleTrigger.Resolved,
        TicketReopened => RuleTrigger.Reopened,
        _ => null,
    };

    /// <summary>
    /// The ticket as the rules for an event see it: as it is now, except what the event changed, which reads as the event
    /// left it. The job runs after the commit, maybe after later changes; without this, each of several quick moves
    /// would answer the latest status, and one person's two clicks would start two chains of rules.
    /// </summary>
    public static RuleFacts AsTheEventLeftIt(RuleFacts now, IRecordEvent e) => e switch
    {
        TicketStatusChanged x => now with { Status = x.To, StatusSince = x.OccurredAt },
        PriorityChanged x => now with { Priority = x.To },
        AssignmentChanged x => now with { TeamId = x.ToTeamId, AssigneeId = x.ToAssigneeId },
        TicketResolved x => now with { Status = TicketStatus.Resolved },
        _ => now,
    };

    /// <summary>The fields a new ticket's event carries (<see cref="FactsOf"/>), which decide before any job whether a rule could match it.</summary>
    public static readonly IReadOnlySet<RuleField> KnownAtOpening = new HashSet<RuleField> { RuleField.Client, RuleField.Kind, RuleField.Priority, RuleField.Category, RuleField.RequestType };

    /// <summary>The new ticket as its event tells it; only <see cref="KnownAtOpening"/> is to be read.</summary>
    public static RuleFacts FactsOf(TicketOpened e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RuleFacts(0, e.Number, e.ClientId, e.Kind, e.Priority, e.CategoryId, null, null, TicketStatus.New, e.RequestType, [], e.OccurredAt, e.OccurredAt, null, null, null);
    }

    public static Baton.Domain.Actor? ActorOf(IRecordEvent e) => e switch
    {
        TicketOpened x => x.Actor,
        MessagePosted x => x.Actor,
        TicketStatusChanged x => x.Actor,
        PriorityChanged x => x.Actor,
        AssignmentChanged x => x.Actor,
        TicketResolved x => x.Actor,
        TicketReopened x => x.Actor,
        _ => null,
    };
}

public sealed class AutomationOptions
{
    /// <summary>How often the rules that run as time passes look at the open tickets.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many tickets per rule per sweep; the rest wait for the next.</summary>
    public int SweepBatch { get; set; } = 200;
}

public static class AutomationServices
{
    public static IServiceCollection AddAutomation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutomationOptions>()
            .Bind(configuration.GetSection("Automation"))
            .Validate(o => o.SweepInterval >= TimeSpan.FromSeconds(1), "Automation:SweepInterval must be at least 00:00:01.")
            .Validate(o => o.SweepBatch is >= 1 and <= 10_000, "Automation:SweepBatch must be between 1 and 10000.")
            .ValidateOnStart();
        services.AddSingleton<RuleRunner>();
        services.AddAfterCommitHandler<TicketOpened, AutomationOnEvent<TicketOpened>>();
        services.AddAfterCommitHandler<MessagePosted, AutomationOnEvent<MessagePosted>>();
        services.AddAfterCommitHandler<TicketStatusChanged, AutomationOnEvent<TicketStatusChanged>>();
        services.AddAfterCommitHandler<PriorityChanged, AutomationOnEvent<PriorityChanged>>();
        services.AddAfterCommitHandler<AssignmentChanged, AutomationOnEvent<AssignmentChanged>>();
        services.AddAfterCommitHandler<TicketResolved, AutomationOnEvent<TicketResolved>>();
        services.AddAfterCommitHandler<TicketReopened, AutomationOnEvent<TicketReopened>>();
        services.AddSingleton<AutomationSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<AutomationSweep>());
        return services;
    }
}

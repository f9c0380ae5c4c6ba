using System.Globalization;
using Baton.Domain;
using Baton.Domain.Automation;
using Baton.Domain.Informing;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Templates;
using Baton.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Automation;

/// <summary>
/// Lets the matching rules act on one ticket, in order, inside the caller's unit of work (the event's job or the
/// sweep's save): the loop guard first, then each action through the ticket's own domain methods, as the rule (an
/// actor carrying the chain of rules behind it). What each rule did, or why the guard stopped it, goes on the ticket's
/// timeline and into <c>AutomationRuns</c>. Every rule is matched against the same facts: a rule answers another's
/// change through that change's own event (and its chain), never twice. An action the ticket refuses (a move its status does not allow) is skipped
/// and said; the others still run.
/// </summary>
public sealed class RuleRunner(INotificationChannel channel, IContactMail contactMail)
{
    /// <summary>
    /// Runs <paramref name="rules"/> for <paramref name="trigger"/> on the tracked <paramref name="ticket"/>; the caller
    /// saves. <paramref name="keyOf"/> gives a run's unique key: one per event and rule, or per occasion of a timed rule.
    /// Returns how many rules acted.
    /// </summary>
    public async Task<int> RunAsync(
        BatonDb db, Ticket ticket, RuleFacts facts, RuleTrigger trigger, IReadOnlyList<CompiledRule> rules, IReadOnlyList<int> chain,
        Func<CompiledRule, RuleFacts, string> keyOf, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(rules);
        var since = now - LoopGuard.Window;
        var recentActions = await db.AutomationRuns.Where(r => r.TicketId == ticket.Id && r.At > since).SumAsync(r => r.Actions, ct);
        var acted = 0;
        foreach (var rule in rules)
        {
            if (rule.Trigger != trigger || ticket.Status == TicketStatus.Closed || !rule.Matches(facts, now))
            {
                continue;
            }

            var key = keyOf(rule, facts);
            if (await db.AutomationRuns.AnyAsync(r => r.Key == key, ct) || db.AutomationRuns.Local.Any(r => r.Key == key))
            {
                continue; // this event or occasion was answered already (a job run twice, another instance's sweep)
            }

            var verdict = LoopGuard.Check(rule.Id, chain, recentActions, rule.Actions.Count);
            if (verdict != GuardVerdict.Allowed)
            {
                var why = LoopGuard.Explain(verdict, rule.Name, await NamesAsync(db, rules, [.. chain, rule.Id], ct));
                ticket.NoteAutomation(why, Guard, now);
                db.AutomationRuns.Add(new AutomationRun { Key = key, RuleId = rule.Id, TicketId = ticket.Id, At = now, Outcome = AutomationOutcome.StoppedByGuard, Detail = Clip(why) });
                continue;
            }

            var actor = new Actor($"automation:{rule.Id}", Clip($"Rule: {rule.Name}", AuditEntryNameMax)) { RuleChain = LoopGuard.Then(chain, rule.Id) };
            var done = new List<string>();
            foreach (var action in rule.Actions)
            {
                try
                {
                    done.Add(await ApplyAsync(db, ticket, rule, action, actor, now, ct));
                }
                catch (DomainRuleException e)
                {
                    done.Add($"skipped \"{action}\": {e.Message}");
                }
            }

            var said = $"Rule \"{rule.Name}\": {string.Join("; ", done)}.";
            ticket.NoteAutomation(Clip(said), actor, now);
            db.AutomationRuns.Add(new AutomationRun { Key = key, RuleId = rule.Id, TicketId = ticket.Id, At = now, Actions = rule.Actions.Count, Outcome = AutomationOutcome.Acted, Detail = Clip(said) });
            recentActions += rule.Actions.Count;
            acted++;
        }

        return acted;
    }

    private const int AuditEntryNameMax = Baton.Domain.Audit.AuditEntry.ActorNameMaxLength;

    /// <summary>Who the guard's notes are by.</summary>
    private static readonly Actor Guard = new("automation", "Automation loop guard");

    private async Task<string> ApplyAsync(BatonDb db, Ticket ticket, CompiledRule rule, RuleAction action, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var value = (action.Value ?? "").Trim();
        switch (action.Kind)
        {
            case RuleActionKind.Move:
                var move = Enum.Parse<TicketTransition>(value, true);
                if (!ticket.AvailableTransitions.Contains(move))
                {
                    throw new DomainRuleException($"{ticket.Number} is {Ticket.Describe(ticket.Status)}; {Ticket.Describe(move)} is not a move from there.");
                }

                ticket.Apply(move, move == TicketTransition.Resolve ? $"Resolved by the rule \"{rule.Name}\"." : null, actor, now);
                return $"moved to {Ticket.Describe(ticket.Status)}";
            case RuleActionKind.SetImpact or RuleActionKind.SetUrgency:
                var matrix = await TicketReferenceCheck.MatrixAsync(db, ct);
                var impact = action.Kind == RuleActionKind.SetImpact ? Enum.Parse<Impact>(value, true) : ticket.Impact;
                var urgency = action.Kind == RuleActionKind.SetUrgency ? Enum.Parse<Urgency>(value, true) : ticket.Urgency;
                ticket.Reclassify(impact, urgency, matrix, actor, now);
                return $"impact {impact}, urgency {urgency}: {ticket.Priority}";
            case RuleActionKind.AssignTeam:
                var teamId = int.Parse(value, CultureInfo.InvariantCulture);
                var team = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => new TeamRef(t.Id, t.Name)).SingleOrDefaultAsync(ct)
                    ?? throw new DomainRuleException($"team {value} no longer exists");
                await Shared.Visibility.TicketAccess.NameCurrentAssignmentAsync(db, ticket, ct);
                var keeps = ticket.AssigneeId is { } a && await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == a, ct);
                ticket.Assign(team, keeps ? new AgentRef(ticket.AssigneeId!, ticket.CurrentAssigneeName ?? "") : null, actor, now);
                return $"assigned to the team {team.Name}";
            case RuleActionKind.AssignAgent:
                var agent = await db.Users.AsNoTracking().Where(u => u.Id == value && u.ContactId == null && !(u.LockoutEnd > now))
                    .Select(u => new AgentRef(u.Id, u.DisplayName)).SingleOrDefaultAsync(ct)
                    ?? throw new DomainRuleException("that person is no longer on the desk");
                await Shared.Visibility.TicketAccess.NameCurrentAssignmentAsync(db, ticket, ct);
                ticket.Assign(ticket.TeamId is { } tid ? new TeamRef(tid, ticket.CurrentTeamName ?? "") : null, agent, actor, now);
                return $"assigned to {agent.Name}";
            case RuleActionKind.AddInternalNote:
                ticket.AddMessage(await RenderAsync(db, ticket, rule, value, ct), MessageVisibility.Internal, fromRequester: false, actor, now);
                return "added an internal note";
            case RuleActionKind.SendReply:
                ticket.AddMessage(await RenderAsync(db, ticket, rule, value, ct), MessageVisibility.Public, fromRequester: false, actor, now);
                return "replied to the requester";
            case RuleActionKind.NotifyRoles:
                return await NotifyRolesAsync(db, ticket, rule, action.RoleKeys(), now, ct);
            case RuleActionKind.NotifyPeople:
                var ids = action.Ids();
                var staff = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.ContactId == null).Select(u => u.Id).ToListAsync(ct);
                await TellAsync(db, ticket, rule, staff, now, ct);
                return staff.Count == 0 ? "nobody to notify (the people named are gone)" : $"notified {Text.Count(staff.Count, "person", "people")}";
            default:
                throw new DomainRuleException($"{action.Kind} is not an action.");
        }
    }

    /// <summary>
    /// The people the roles name on this ticket. Never a contact of another client (the tenant rule, checked again on
    /// each person): staff and portal users hear in-app (and by mail as they chose), contacts without an account by mail.
    /// </summary>
    private async Task<string> NotifyRolesAsync(BatonDb db, Ticket ticket, CompiledRule rule, IReadOnlyList<string> roles, DateTimeOffset now, CancellationToken ct)
    {
        var parties = await TicketInvolvement.PartiesAsync(db, TicketSubject.Of(ticket), now, ct);
        var people = roles.SelectMany(parties.InRole).Where(p => WhoIsInvolved.BelongsHere(p, ticket.ClientId)).Distinct().ToList();
        var users = people.Select(p => p.UserId).OfType<string>().Distinct().ToList();
        await TellAsync(db, ticket, rule, users, now, ct);
        var byMail = people.Where(p => p.UserId is null && p.ContactId is not null && p.ClientId == ticket.ClientId).Select(p => p.ContactId!.Value).Distinct().ToList();
        if (byMail.Count > 0 && contactMail.Mails(now))
        {
            await contactMail.InformContactsAsync(db, ticket, byMail, $"rule:{rule.Id}:{now.UtcTicks}", $"{ticket.Number} · {rule.Name} · {ticket.Title}", now, ct);
        }

        var told = users.Count + byMail.Count;
        return told == 0
            ? $"nobody to notify ({string.Join(", ", roles.Select(r => PartyRoles.Name(r).ToLowerInvariant()))}: nobody holds the role on this ticket)"
            : $"notified {Text.Count(told, "person", "people")} ({string.Join(", ", roles.Select(r => PartyRoles.Name(r).ToLowerInvariant()))})";
    }

    private async Task TellAsync(BatonDb db, Ticket ticket, CompiledRule rule, List<string> userIds, DateTimeOffset now, CancellationToken ct)
    {
        var reachable = await TicketNoticeSender.Reachable(db, userIds, ticket.ClientId, ct);
        if (reachable.Count > 0)
        {
            await channel.NotifyAsync(db, reachable, new Notice(NoticeKind.RuleNotice, ticket.Id, ticket.Number, Notification.Fit($"{ticket.Number} · {rule.Name} · {ticket.Title}"), now), ct);
        }
    }

    /// <summary>The template with the ticket's own words: number, title, status, priority, the requester's and the client's names.</summary>
    internal static async Task<string> RenderAsync(BatonDb db, Ticket ticket, CompiledRule rule, string template, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == ticket.ClientId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        var assignee = ticket.AssigneeId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        return RuleTemplates.Render(template, RuleTemplates.Model(ticket, client, assignee, rule.Name));
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(BatonDb db, IReadOnlyList<CompiledRule> known, IReadOnlyList<int> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => known.All(r => r.Id != id)).Distinct().ToList();
        var more = missing.Count == 0 ? [] : await db.AutomationRules.AsNoTracking().Where(r => missing.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        return [.. ids.Select(id => known.FirstOrDefault(r => r.Id == id)?.Name ?? more.FirstOrDefault(r => r.Id == id)?.Name ?? $"rule {id}")];
    }

    private static string Clip(string text, int max = 1000) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>What a rule's texts may say: the allow-listed model (<see cref="SafeTemplate"/>) and its placeholders.</summary>
public static class RuleTemplates
{
    public static readonly IReadOnlyList<string> Placeholders =
    [
        "ticket.number", "ticket.title", "ticket.status", "ticket.priority", "ticket.kind",
        "requester.name", "client.name", "assignee.name", "rule.name",
    ];

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> Model(Ticket ticket, string? clientName, string? assigneeName, string ruleName)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new Dictionary<string, IReadOnlyDictionary<string, string?>>
        {
            ["ticket"] = new Dictionary<string, string?>
            {
                ["number"] = ticket.Number,
                ["title"] = ticket.Title,
                ["status"] = Ticket.Describe(ticket.Status),
                ["priority"] = ticket.Priority.ToString(),
                ["kind"] = ticket.Kind == TicketKind.Incident ? "incident" : "service request",
            },
            ["requester"] = new Dictionary<string, string?> { ["name"] = ticket.RequesterName },
            ["client"] = new Dictionary<string, string?> { ["name"] = clientName },
            ["assignee"] = new Dictionary<string, string?> { ["name"] = assigneeName },
            ["rule"] = new Dictionary<string, string?> { ["name"] = ruleName },
        };
    }

    public static string Render(string template, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> model)
    {
        var text = SafeTemplate.Render(template, model).Trim();
        return text.Length == 0 ? "(the rule's text came out empty)" : text;
    }
}

using Baton.Domain;
using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>
/// Tags and routes hypercare tickets: the after-commit handler of <see cref="TicketOpened"/> (docs/adr/0005, 0009). The
/// projects in hypercare are held in the catalogue cache (read again at once on this instance when a project enters or
/// leaves hypercare, within about a second on the others), so deciding whether a new ticket concerns routing costs one
/// dictionary look-up inside the creation's transaction, and a ticket of a client with no project in hypercare writes no
/// job: the creation hot path (ADR 4) is untouched. A ticket the relates-to rule matches gets a job, written with it;
/// after the commit it is read back, assigned through <see cref="Ticket.Assign"/> (so the audit trail and the timeline
/// record it), tagged, and announced to the coordinating team, in the job's transaction — by the creating request at
/// once, or by the drain after a crash.
/// </summary>
public sealed class HypercareIntake(CatalogueCache cache, INotificationChannel channel, TimeProvider clock) : IAfterCommitHandler<TicketOpened>
{
    /// <summary>Who routed a ticket automatically, as the audit trail and timeline show it.</summary>
    public static Actor RoutingActor(string projectNumber) => new("system:hypercare", $"Hypercare routing ({projectNumber})");

    /// <summary>The projects in hypercare now, by client (from memory when fresh).</summary>
    public Task<ILookup<int, HypercareWindow>> WindowsAsync(BatonDb db, CancellationToken ct) =>
        cache.GetAsync(db, CatalogueTags.Hypercare, async c =>
        {
            var projects = await db.Projects.AsNoTracking()
                .Where(p => p.Status == ProjectStatus.Hypercare)
                .Select(p => new { p.Id, p.Number, p.ClientId, p.HypercareStartedAt, p.HypercareEndsAt, p.SiteIds, p.ConfigurationItemIds })
                .ToListAsync(c);
            return projects
                .Where(p => p.HypercareStartedAt is not null && p.HypercareEndsAt is not null)
                .Select(p => new HypercareWindow(p.Id, p.Number, p.ClientId, p.HypercareStartedAt!.Value, p.HypercareEndsAt!.Value, p.SiteIds, p.ConfigurationItemIds))
                .ToLookup(w => w.ClientId);
        }, ct);

    /// <summary>Stored with each routing job; do not rename.</summary>
    public string Name => "hypercare-routing";

    /// <summary>Whether a new ticket relates to a project in hypercare (in memory; inside the creation's transaction).</summary>
    public async ValueTask<bool> ConcernsAsync(TicketOpened e, BatonDb db, CancellationToken ct) =>
        await MatchAsync(e, db, ct) is not null;

    /// <summary>
    /// Tags and routes the new ticket (committed) when it still relates to a project in hypercare. Idempotent on the
    /// ticket: one already tagged (a job run twice, or a technician was quicker) is left alone. A failure throws and the
    /// job is retried; meanwhile the ticket stays as created (a technician can tag it from the hypercare page).
    /// </summary>
    public async Task HandleAsync(TicketOpened e, AfterCommit context, CancellationToken ct)
    {
        var db = context.Db;
        if (await MatchAsync(e, db, ct) is not { } match || await db.HypercareTags.AnyAsync(t => t.TicketId == context.RecordId, ct))
        {
            return;
        }

        var ticket = await db.Tickets.SingleAsync(t => t.Id == context.RecordId, ct);
        // A ticket someone already assigned while opening it keeps its assignment: routing fills the gap, it does not overrule.
        var route = ticket.TeamId is null && ticket.AssigneeId is null;
        await TagAsync(db, ticket, match.Project.ProjectId, match.Project.Number, match.Reason, route, RoutingActor(match.Project.Number), ct);
    }

    private async Task<HypercareMatch?> MatchAsync(TicketOpened e, BatonDb db, CancellationToken ct)
    {
        var windows = await WindowsAsync(db, ct);
        return windows.Contains(e.ClientId)
            ? HypercareRelevance.Match(new HypercareTicketFacts(e.ClientId, e.SiteId, e.ConfigurationItemId, e.OccurredAt, e.NamedProject), windows[e.ClientId])
            : null;
    }

    /// <summary>
    /// Tags the tracked <paramref name="ticket"/> as a hypercare ticket of the project, routes it when asked (and when the
    /// project has a hypercare team), tells the coordinating team, and saves. A ticket already tagged is refused by the
    /// unique index (a <see cref="DbUpdateException"/>).
    /// </summary>
    internal async Task<HypercareTag> TagAsync(
        BatonDb db, Ticket ticket, int projectId, string projectNumber, HypercareMatchReason reason, bool route, Actor actor, CancellationToken ct)
    {
        var now = HypercareAccess.Now(clock);
        var team = await db.HypercareTeams.AsNoTracking().SingleOrDefaultAsync(t => t.ProjectId == projectId, ct);
        var itemType = ticket.ConfigurationItemId is { } itemId
            ? await db.ConfigurationItems.Where(c => c.Id == itemId).Select(c => c.Type).FirstOrDefaultAsync(ct)
            : null;
        var category = ticket.CategoryId is { } categoryId
            ? await db.Categories.Where(c => c.Id == categoryId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;
        var scope = HypercareRouting.ScopeOf(ticket.RequestType, itemType, category);

        HypercareRoute? decided = null;
        string routedTo;
        if (team is null)
        {
            routedTo = "Not routed: the project has no hypercare team yet";
        }
        else if (!route || ticket.Status == TicketStatus.Closed)
        {
            routedTo = ticket.Status == TicketStatus.Closed ? "Not routed: the ticket is closed" : "Not routed: kept its assignment";
        }
        else
        {
            var role = HypercareRouting.RoleFor(team, ticket.RequestType, scope);
            var loads = await OpenTicketsAsync(db, role.AgentIds, ct);
            decided = HypercareRouting.Route(team, ticket.RequestType, itemType, category, loads);
            var teamRef = decided.TeamId is { } teamId
                ? await db.Teams.Where(t => t.Id == teamId).Select(t => new TeamRef(t.Id, t.Name)).SingleOrDefaultAsync(ct)
                : null;
            var agentRef = decided.AgentId is { } agentId
                ? await db.Users.Where(u => u.Id == agentId).Select(u => new AgentRef(u.Id, u.DisplayName)).SingleOrDefaultAsync(ct)
                : null;
            routedTo = string.Join(" · ", new[] { HypercareRoleAssignment.Describe(decided.Role), teamRef?.Name, agentRef?.Name }.OfType<string>());
            if (teamRef is not null || agentRef is not null)
            {
                await TicketAccess.NameCurrentAssignmentAsync(db, ticket, ct);
                ticket.Assign(teamRef, agentRef, actor, now);
            }
        }

        var tag = new HypercareTag(ticket.Id, projectId, reason, scope, decided, routedTo, actor, now);
        db.HypercareTags.Add(tag);
        if (team is not null)
        {
            var coordinators = (await CoordinatorsAsync(db, team, ct)).Where(id => id != actor.UserId).ToList();
            if (coordinators.Count > 0)
            {
                await channel.NotifyAsync(db, coordinators, ticket.Id, Notification.Fit($"{ticket.Number} · Hypercare {projectNumber} · {routedTo} · {ticket.Title}"), now, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        return tag;
    }

    /// <summary>Everyone the coordinating team names: its agents, and the members and lead of its team.</summary>
    internal static async Task<List<string>> CoordinatorsAsync(BatonDb db, HypercareTeam team, CancellationToken ct)
    {
        var coordination = team.For(HypercareRole.Coordination);
        if (coordination is null)
        {
            return [];
        }

        var people = new List<string>(coordination.AgentIds);
        if (coordination.TeamId is { } teamId)
        {
            people.AddRange(await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).Select(m => m.UserId).ToListAsync(ct));
            people.AddRange(await db.Teams.AsNoTracking().Where(t => t.Id == teamId && t.LeadUserId != null).Select(t => t.LeadUserId!).ToListAsync(ct));
        }

        return [.. people.Distinct(StringComparer.Ordinal)];
    }

    private static async Task<Dictionary<string, int>> OpenTicketsAsync(BatonDb db, IReadOnlyList<string> agentIds, CancellationToken ct)
    {
        if (agentIds.Count < 2)
        {
            return [];
        }

        var ids = agentIds.ToList();
        return await db.Tickets.AsNoTracking()
            .Where(t => t.AssigneeId != null && ids.Contains(t.AssigneeId) && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
            .GroupBy(t => t.AssigneeId!)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}

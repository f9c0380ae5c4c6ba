using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

public sealed record HypercareAgentResponse(string Id, string Name);

public sealed record HypercareRoleResponse(HypercareRole Role, int? TeamId, string? TeamName, IReadOnlyList<HypercareAgentResponse> Agents, IReadOnlyList<HypercareScope> Scopes);

/// <summary>
/// A project's hypercare: its period (start, end — exclusive — and days left), whether it can begin now and if not why,
/// and its team. <c>version</c> is the project's (the ETag; If-Match for entering and ending), <c>teamVersion</c> the
/// team's (If-Match for changing the team).
/// </summary>
public sealed record HypercareResponse(
    string ProjectNumber,
    string ProjectName,
    int ClientId,
    string ClientName,
    ProjectStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? ClosedAt,
    bool InHypercare,
    int? DaysLeft,
    bool CanEnter,
    string? CannotEnterBecause,
    IReadOnlyList<HypercareRoleResponse> Team,
    int Version,
    int? TeamVersion,
    DateTimeOffset? TeamUpdatedAt,
    string? TeamUpdatedBy);

/// <summary>A hypercare ticket: the ticket as it is now, and its tag (why, scope, whom it was routed to, when, by whom).</summary>
public sealed record HypercareTagResponse(
    string ProjectNumber,
    long TicketId,
    string TicketNumber,
    string Title,
    TicketStatus Status,
    Priority Priority,
    string? Category,
    DateTimeOffset CreatedAt,
    HypercareScope Scope,
    HypercareMatchReason Reason,
    HypercareRole? RoutedRole,
    string RoutedTo,
    DateTimeOffset TaggedAt,
    string TaggedBy);

/// <summary>Read models of hypercare. Callers have already decided the user may see the project (ProjectAccess).</summary>
public static class HypercareView
{
    public static async Task<HypercareResponse> DescribeAsync(BatonDb db, Project project, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(project);
        var clientName = await db.Clients.AsNoTracking().Where(c => c.Id == project.ClientId).Select(c => c.Name).FirstAsync(ct);
        var team = await db.HypercareTeams.AsNoTracking().SingleOrDefaultAsync(t => t.ProjectId == project.Id, ct);
        var roles = team is null ? [] : await RolesAsync(db, team, ct);
        var inHypercare = project.IsInHypercare(now);
        var cannot = project.Status != ProjectStatus.Active ? $"{project.Number} is {Project.Describe(project.Status)}; hypercare follows an active project's hand-off."
            : project.CloseoutSignedOffAt is null ? "Hypercare starts after the support lead signs off the close-out and the project lead is released; the close-out is not signed off yet."
            : project.LeadReleasedAt is null ? "Hypercare starts once the project lead is released; the close-out is signed off, release the lead."
            : null;
        return new HypercareResponse(
            project.Number, project.Name, project.ClientId, clientName, project.Status,
            project.HypercareStartedAt, project.HypercareEndsAt, project.ClosedAt, inHypercare,
            inHypercare ? (int)Math.Ceiling((project.HypercareEndsAt!.Value - now).TotalDays) : null,
            cannot is null, cannot, roles, project.Version, team?.Version, team?.UpdatedAt, team?.UpdatedByName);
    }

    /// <summary>The roles with the names of their teams and agents (names as they are now).</summary>
    public static async Task<IReadOnlyList<HypercareRoleResponse>> RolesAsync(BatonDb db, HypercareTeam team, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(team);
        var teamIds = team.TeamIds.ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var agentIds = team.Roles.SelectMany(r => r.AgentIds).Distinct().ToList();
        var agents = await db.Users.AsNoTracking().Where(u => agentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return
        [
            .. team.Roles.Select(r => new HypercareRoleResponse(
                r.Role, r.TeamId, r.TeamId is { } id ? teams.GetValueOrDefault(id) : null,
                [.. r.AgentIds.Select(a => new HypercareAgentResponse(a, agents.GetValueOrDefault(a) ?? "(no longer an agent)"))],
                r.Scopes)),
        ];
    }

    private static IQueryable<HypercareTagResponse> Tags(BatonDb db, IQueryable<HypercareTag> tags) =>
        from tag in tags
        join t in db.Tickets on tag.TicketId equals t.Id
        join p in db.Projects on tag.ProjectId equals p.Id
        select new HypercareTagResponse(
            p.Number, t.Id, t.Number, t.Title, t.Status, t.Priority,
            db.Categories.Where(c => c.Id == t.CategoryId).Select(c => c.Name).FirstOrDefault(),
            t.CreatedAt, tag.Scope, tag.Reason, tag.RoutedRole, tag.RoutedTo, tag.TaggedAt, tag.TaggedByName);

    /// <summary>The project's hypercare tickets, newest first.</summary>
    public static async Task<IReadOnlyList<HypercareTagResponse>> TicketsAsync(BatonDb db, int projectId, CancellationToken ct) =>
        [.. (await Tags(db, db.HypercareTags.AsNoTracking().Where(g => g.ProjectId == projectId)).ToListAsync(ct)).OrderByDescending(g => g.TicketId)];

    /// <summary>The tag of one ticket, or null.</summary>
    public static async Task<HypercareTagResponse?> ForTicketAsync(BatonDb db, long ticketId, CancellationToken ct) =>
        await Tags(db, db.HypercareTags.AsNoTracking().Where(g => g.TicketId == ticketId)).SingleOrDefaultAsync(ct);

    /// <summary>
    /// The dashboard's figures (see <see cref="HypercareDashboard"/>): the project's tagged tickets with their status
    /// history (the audit trail's Status entries, so a reopened ticket counts open again) and its feedback. Null for a
    /// project that was never in hypercare.
    /// </summary>
    public static async Task<HypercareDashboard?> DashboardAsync(BatonDb db, Project project, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project is not { HypercareStartedAt: { } start, HypercareEndsAt: { } end })
        {
            return null;
        }

        var tickets = await (
            from tag in db.HypercareTags.AsNoTracking()
            where tag.ProjectId == project.Id
            join t in db.Tickets on tag.TicketId equals t.Id
            select new
            {
                t.Id,
                t.CreatedAt,
                t.Priority,
                tag.Scope,
                Category = db.Categories.Where(c => c.Id == t.CategoryId).Select(c => c.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var history = (await (
                from tag in db.HypercareTags.AsNoTracking()
                where tag.ProjectId == project.Id
                join a in db.AuditEntries.Where(a => a.RecordKind == Ticket.RecordKind) on tag.TicketId equals a.RecordId
                where a.Field == "Status"
                orderby a.Id
                select new { TicketId = a.RecordId, a.At, a.OldValue, a.NewValue }).ToListAsync(ct))
            .ToLookup(a => a.TicketId);
        var records = tickets.Select(t => new HypercareTicketRecord(
                t.Id, t.CreatedAt, t.Priority, t.Scope, t.Category,
                ResolutionHistory.From(history[t.Id].Select(h => (h.At, (string?)h.OldValue, (string?)h.NewValue)))))
            .ToList();
        var feedback = await db.HypercareFeedback.AsNoTracking().Where(f => f.ProjectId == project.Id)
            .Select(f => new HypercareFeedbackRecord(f.Week, f.Rating)).ToListAsync(ct);
        return HypercareDashboard.Build(start, end, now, records, feedback);
    }
}

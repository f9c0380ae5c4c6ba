using Baton.Web.Features.Shared.Visibility;
using System.Globalization;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

public sealed record ProjectFilter
{
    public const int MaxLimit = 500;

    public int? ClientId { get; init; }
    public IReadOnlyList<ProjectStatus>? Status { get; init; }
    public int? ProjectTypeId { get; init; }

    /// <summary>A project number (PRJ-000012, prj-12) or words in the name.</summary>
    public string? Q { get; init; }

    public string? Cursor { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>Reads of projects and what hangs off them, always through <see cref="ProjectAccess"/>.</summary>
public static class ProjectView
{
    public static readonly IReadOnlyList<ProjectStatus> Open = [ProjectStatus.Planned, ProjectStatus.Active, ProjectStatus.Hypercare];

    /// <summary>Newest first, keyset-paged by id; a client contact sees only their organisation's projects whatever the filter says.</summary>
    public static async Task<ProjectListPage> ListAsync(BatonDb db, CurrentUser user, ProjectFilter filter, CancellationToken ct)
    {
        if (filter.Limit is < 1 or > ProjectFilter.MaxLimit)
        {
            throw Infrastructure.Errors.InputInvalidException.For("limit", $"limit must be between 1 and {ProjectFilter.MaxLimit}.");
        }

        var projects = db.Projects.AsNoTracking().VisibleTo(user);
        if (filter.ClientId is { } clientId)
        {
            projects = projects.Where(p => p.ClientId == clientId);
        }

        if (filter.Status is { Count: > 0 } statuses)
        {
            projects = projects.Where(p => statuses.Contains(p.Status));
        }

        if (filter.ProjectTypeId is { } typeId)
        {
            projects = projects.Where(p => p.ProjectTypeId == typeId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            if (ProjectNumber.TryParse(filter.Q, out var number))
            {
                projects = projects.Where(p => p.Number == number);
            }
            else
            {
                var words = filter.Q.Trim().ToLower();
                projects = projects.Where(p => p.Name.ToLower().Contains(words));
            }
        }

        if (filter.Cursor is { Length: > 0 } cursor)
        {
            if (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                throw Infrastructure.Errors.InputInvalidException.For("cursor", "cursor must be the nextCursor of a previous page.");
            }

            projects = projects.Where(p => p.Id < before);
        }

        var rows = await (
            from p in projects
            join c in db.Clients on p.ClientId equals c.Id
            join t in db.ProjectTypes on p.ProjectTypeId equals t.Id
            orderby p.Id descending
            select new ProjectSummary(
                p.Id, p.Number, p.Name, p.ClientId, c.Name, p.ProjectTypeId, t.Name, p.Status,
                db.Users.Where(u => u.Id == p.LeadTechId).Select(u => u.DisplayName).FirstOrDefault(),
                p.StartsOn, p.PlannedGoLiveOn, p.EndsOn))
            .Take(filter.Limit + 1)
            .ToListAsync(ct);
        var more = rows.Count > filter.Limit;
        var page = more ? rows[..filter.Limit] : rows;
        return new ProjectListPage(page, more ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    public static async Task<ProjectResponse?> GetAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (!ProjectNumber.TryParse(number, out var normalised))
        {
            return null;
        }

        var project = await db.Projects.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(p => p.Number == normalised, ct);
        return project is null ? null : await DescribeAsync(db, user, project, ct);
    }

    /// <summary>The response for a project already loaded (e.g. just changed), with the names it refers to.</summary>
    public static async Task<ProjectResponse> DescribeAsync(BatonDb db, CurrentUser user, Project p, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == p.ClientId).Select(c => new { c.Name, c.TimeZoneId }).SingleAsync(ct);
        var type = await db.ProjectTypes.AsNoTracking().Where(t => t.Id == p.ProjectTypeId).Select(t => t.Name).SingleAsync(ct);
        var people = await UserNamesAsync(db, [p.LeadTechId, p.ProjectManagerId], ct);
        var siteIds = p.SiteIds.ToList();
        var itemIds = p.ConfigurationItemIds.ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new NamedRef(s.Id, s.Name)).ToListAsync(ct);
        var items = await db.ConfigurationItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).OrderBy(i => i.Name)
            .Select(i => new NamedRef(i.Id, i.Name + " (" + i.Type + ")")).ToListAsync(ct);
        UserRef? Person(string? id) => id is null ? null : new UserRef(id, people.GetValueOrDefault(id, id));
        List<ProjectTransition> transitions = [];
        if (p.CanStart)
        {
            transitions.Add(ProjectTransition.Start);
        }

        if (p.CanCancel)
        {
            transitions.Add(ProjectTransition.Cancel);
        }

        if (p.CanClose)
        {
            transitions.Add(ProjectTransition.Close);
        }

        return new ProjectResponse(
            p.Id, p.Number, p.Name, p.ClientId, client.Name, client.TimeZoneId, p.ProjectTypeId, type, p.Status,
            Person(p.LeadTechId), Person(p.ProjectManagerId), p.StartsOn, p.PlannedGoLiveOn, p.ActualGoLiveOn, p.EndsOn, p.Description,
            sites, items, user.IsStaff ? p.EscalationContacts : null, user.IsStaff ? transitions : [],
            p.CloseoutSignedOffAt, p.CloseoutSignedOffBy, p.LeadReleasedAt, p.LeadReleasedBy, p.HypercareStartedAt, p.HypercareEndsAt,
            p.ClosedAt, p.CancelledAt, p.CancellationReason, p.CreatedAt, p.UpdatedAt, p.Version);
    }

    /// <summary>Every engagement of the project, soonest first; cancelled ones stay listed (and in the feeds, as cancelled).</summary>
    public static async Task<IReadOnlyList<EngagementResponse>> EngagementsAsync(BatonDb db, int projectId, string projectNumber, CancellationToken ct)
    {
        var engagements = await db.Engagements.AsNoTracking().Where(e => e.ProjectId == projectId).OrderBy(e => e.StartsAt).ThenBy(e => e.Id).ToListAsync(ct);
        var names = await UserNamesAsync(db, engagements.SelectMany(e => e.TechnicianIds), ct);
        return engagements.Select(e => Describe(e, projectNumber, names)).ToList();
    }

    public static EngagementResponse Describe(Engagement e, string projectNumber, IReadOnlyDictionary<string, string> names) => new(
        e.Id, projectNumber, e.Date, e.StartTime, e.EndTime, e.TimeZoneId, e.StartsAt, e.EndsAt, e.Kind,
        e.TechnicianIds.Select(t => new UserRef(t, names.GetValueOrDefault(t, t))).ToList(),
        e.Touches, e.Notes, e.IsCancelled, e.Sequence, e.UpdatedAt);

    public static async Task<IReadOnlyList<DeliverableResponse>> DeliverablesAsync(BatonDb db, int projectId, CancellationToken ct) =>
        (await db.Deliverables.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id).ToListAsync(ct)).Select(Describe).ToList();

    public static DeliverableResponse Describe(Deliverable d) =>
        new(d.Id, d.Title, d.Description, d.InScope, d.Acceptance, d.DecidedByName, d.DecidedAt, d.RejectionReason, d.ScopeChangeRequestId);

    public static async Task<IReadOnlyList<CleanupItemResponse>> CleanupItemsAsync(BatonDb db, int projectId, CancellationToken ct) =>
        await (from c in db.CleanupItems.AsNoTracking()
               where c.ProjectId == projectId
               orderby c.Status, c.Id
               select new CleanupItemResponse(
                   c.Id, c.DeliverableId, db.Deliverables.Where(d => d.Id == c.DeliverableId).Select(d => d.Title).FirstOrDefault(),
                   c.Description, c.Status, c.CreatedAt, c.DoneAt, c.DoneBy))
            .ToListAsync(ct);

    public static async Task<IReadOnlyList<ScopeChangeResponse>> ScopeChangesAsync(BatonDb db, int projectId, CancellationToken ct) =>
        await (from s in db.ScopeChangeRequests.AsNoTracking()
               where s.ProjectId == projectId
               orderby s.Id descending
               select new ScopeChangeResponse(
                   s.Id, s.Description, s.TimeImpact, s.CostImpact, s.RequestedBy, s.RequestedAt, s.Decision, s.DecidedBy, s.DecidedAt, s.DecisionNote,
                   db.Deliverables.Where(d => d.ScopeChangeRequestId == s.Id).Select(d => (int?)d.Id).FirstOrDefault()))
            .ToListAsync(ct);

    /// <summary>Tickets technicians attributed to the project ("caused by"), newest verdict first, and how many they judged not related.</summary>
    public static async Task<CausedIncidents> CausedIncidentsAsync(BatonDb db, int projectId, CancellationToken ct)
    {
        var rows = await (
            from a in db.ProjectAttributions.AsNoTracking()
            where a.ProjectId == projectId && a.Verdict == AttributionVerdict.CausedBy
            join t in db.Tickets on a.TicketId equals t.Id
            orderby a.At descending, a.Id descending
            select new { t.Id, t.Number, t.Title, t.Status, a.ByName, a.At, a.Note })
            .ToListAsync(ct);
        var notRelated = await db.ProjectAttributions.CountAsync(a => a.ProjectId == projectId && a.Verdict == AttributionVerdict.NotRelated, ct);
        return new CausedIncidents(rows.Select(r => new CausedIncident(r.Id, r.Number, r.Title, Ticket.Describe(r.Status), r.ByName, r.At, r.Note)).ToList(), notRelated);
    }

    public static async Task<IReadOnlyDictionary<string, string>> UserNamesAsync(BatonDb db, IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return wanted.Count == 0
            ? new Dictionary<string, string>()
            : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}

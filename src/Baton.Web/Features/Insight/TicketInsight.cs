using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Features.Tickets;
using System.Text.RegularExpressions;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Insight;

/// <summary>What the panel needs of the ticket: who it is, whose, and where.</summary>
public sealed record InsightTicket(long Id, string Number, int ClientId, int? SiteId, int? ConfigurationItemId);

/// <summary>
/// The insight panel's data for one ticket: the client's projects that matter now, each once with the reasons it is
/// listed, those touching the ticket's configuration item or site first. The ticket page and the API both read this.
/// </summary>
public sealed record InsightResponse(
    string TicketNumber,
    int ClientId,
    string ClientTimeZoneId,
    DateTimeOffset AsOf,
    DateOnly Today,
    DateOnly Yesterday,
    int RecentlyClosedDays,
    IReadOnlyList<InsightProjectResponse> Projects);

public sealed record InsightProjectResponse(
    string Number,
    string Name,
    string Type,
    ProjectStatus Status,
    IReadOnlyList<InsightReason> Reasons,
    bool TouchesThisTicket,
    IReadOnlyList<InsightTouch> TouchesOfThisTicket,
    InsightPerson? LeadTech,
    IReadOnlyList<InsightContact> ConferWith,
    IReadOnlyList<InsightContact> EscalateTo,
    IReadOnlyList<InsightNamed> Sites,
    IReadOnlyList<InsightNamed> ConfigurationItems,
    string DescriptionExcerpt,
    IReadOnlyList<InsightEngagementResponse> Engagements,
    DateOnly? StartsOn,
    DateOnly? PlannedGoLiveOn,
    DateOnly? ActualGoLiveOn,
    DateTimeOffset? HypercareEndsAt,
    int? HypercareDaysLeft,
    DateTimeOffset? ClosedAt,
    int? ClosedDaysAgo,
    InsightVerdictResponse? Attribution,
    InsightLinks Links);

/// <summary>What of the ticket's the project touches: its site, its configuration item, or both.</summary>
public sealed record InsightTouch(InsightTouchKind Kind, int Id, string Name);

public enum InsightTouchKind
{
    Site = 1,
    ConfigurationItem = 2,
}

public sealed record InsightNamed(int Id, string Name);

public sealed record InsightPerson(string Name, string? Email, string? Phone);

public sealed record InsightContact(string Name, string Role, string Phone, string Email);

/// <summary>An engagement today or yesterday: its local times in its zone, the UTC instants, and whether it is running now.</summary>
public sealed record InsightEngagementResponse(
    DateOnly Date,
    TimeOnly StartTime,
    TimeOnly EndTime,
    string TimeZoneId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    EngagementKind Kind,
    bool Today,
    bool Yesterday,
    bool InProgress,
    string Touches,
    IReadOnlyList<InsightPerson> Technicians);

public sealed record InsightVerdictResponse(AttributionVerdict Verdict, string Note, string ByName, DateTimeOffset At);

/// <summary>Where to go next: the project; its support handbook (from hypercare on); proposing a close-out item (closed projects).</summary>
public sealed record InsightLinks(string Project, string? Handbook, string? ProposeCloseoutItem);

/// <summary>Reads the insight panel for a ticket in at most two queries (see <see cref="GetAsync"/>).</summary>
public static partial class TicketInsight
{
    public const int ExcerptLength = 240;

    /// <summary>
    /// For the API: the ticket by number as the user sees it. Null when not visible (404); a client contact who sees the
    /// ticket is refused (403), as for the other staff-only parts of a ticket.
    /// </summary>
    public static async Task<InsightResponse?> ForTicketAsync(BatonDb db, CurrentUser user, string number, ProjectInsightOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var ticket = await FindAsync(db, user, number, ct);
        if (ticket is null)
        {
            return null;
        }

        return user.IsStaff
            ? await GetAsync(db, ticket, options, now, ct)
            : throw new ForbiddenException("Project insight is for the service desk.");
    }

    public static async Task<InsightTicket?> FindAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct) =>
        TicketNumber.TryParse(number, out var normalised)
            ? await db.Tickets.AsNoTracking().VisibleTo(user).Where(t => t.Number == normalised)
                .Select(t => new InsightTicket(t.Id, t.Number, t.ClientId, t.SiteId, t.ConfigurationItemId))
                .SingleOrDefaultAsync(ct)
            : null;

    /// <summary>
    /// Query 1: the candidate projects, each set a range of an index — active and hypercare ones and those closed
    /// since the window began by <c>IX_Projects_ClientId_Status_ClosedAt</c>, planned ones only when an engagement
    /// starts near now, any with a verdict on this ticket by the unique (TicketId, ProjectId) index — fetched by primary
    /// key with their type, this ticket's verdict, and their engagements starting in a zone-independent window around
    /// now by <c>IX_Engagements_ProjectId_StartsAt</c>. Query 2: the client's time zone and the names of the sites,
    /// configuration items and people those projects name, one UNION ALL by primary keys. The domain
    /// (<see cref="ProjectInsight"/>) then applies the client's exact today and yesterday, and ranks.
    /// </summary>
    public static async Task<InsightResponse> GetAsync(BatonDb db, InsightTicket ticket, ProjectInsightOptions options, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(options);
        var closedSince = now - options.RecentlyClosed;
        var engagementsFrom = ProjectInsight.EngagementSearchFrom(now);
        var engagementsTo = ProjectInsight.EngagementSearchTo(now);
        var (clientId, ticketId) = (ticket.ClientId, ticket.Id);
        var nearEngagements = db.Engagements.Where(e => e.StartsAt > engagementsFrom && e.StartsAt < engagementsTo && !e.IsCancelled);
        var candidateIds = db.Projects
            .Where(p => p.ClientId == clientId && (p.Status == ProjectStatus.Active || p.Status == ProjectStatus.Hypercare))
            .Select(p => p.Id)
            .Concat(db.Projects
                .Where(p => p.ClientId == clientId && p.Status == ProjectStatus.Planned && nearEngagements.Any(e => e.ProjectId == p.Id))
                .Select(p => p.Id))
            .Concat(db.Projects.Where(p => p.ClientId == clientId && p.Status == ProjectStatus.Closed && p.ClosedAt >= closedSince).Select(p => p.Id))
            .Concat(db.ProjectAttributions.Where(a => a.TicketId == ticketId).Select(a => a.ProjectId));

        // Driven by the candidate ids: each is a range of an index, and all are the client's (a verdict is only ever
        // recorded against the ticket's own client's projects).
        var rows = await (
                from p in db.Projects.AsNoTracking().Where(p => candidateIds.Contains(p.Id))
                join t in db.ProjectTypes on p.ProjectTypeId equals t.Id
                from a in db.ProjectAttributions.Where(a => a.ProjectId == p.Id && a.TicketId == ticketId).DefaultIfEmpty()
                select new
                {
                    Project = p,
                    Type = t.Name,
                    Verdict = a == null ? null : new InsightVerdictResponse(a.Verdict, a.Note, a.ByName, a.At),
                    Engagements = nearEngagements.Where(e => e.ProjectId == p.Id).ToList(),
                })
            .ToListAsync(ct);

        var names = await NamesAsync(db, clientId, rows.Select(r => (r.Project, (IReadOnlyList<Engagement>)r.Engagements)).ToList(), ct);
        var day = ClientDay.At(now, Infrastructure.UserTime.Zone(names.TimeZoneId));
        var ranked = ProjectInsight.Rank(
            rows.Select(r => new InsightCandidate<(string Type, InsightVerdictResponse? Verdict)>(r.Project, r.Engagements, r.Verdict?.Verdict, (r.Type, r.Verdict))),
            ticket.SiteId,
            ticket.ConfigurationItemId,
            day,
            now,
            options.RecentlyClosed);
        return new InsightResponse(
            ticket.Number, clientId, day.Zone.Id, now, day.Today, day.Yesterday, options.RecentlyClosedDays,
            [.. ranked.Select(e => Describe(e, ticket, names))]);
    }

    private static InsightProjectResponse Describe(InsightEntry<(string Type, InsightVerdictResponse? Verdict)> entry, InsightTicket ticket, Names names)
    {
        var p = entry.Project;
        var touches = new List<InsightTouch>();
        if (entry.TouchesConfigurationItem && ticket.ConfigurationItemId is { } itemId)
        {
            touches.Add(new InsightTouch(InsightTouchKind.ConfigurationItem, itemId, names.Item(itemId)));
        }

        if (entry.TouchesSite && ticket.SiteId is { } siteId)
        {
            touches.Add(new InsightTouch(InsightTouchKind.Site, siteId, names.Site(siteId)));
        }

        var isClosed = p.Status == ProjectStatus.Closed;
        return new InsightProjectResponse(
            p.Number,
            p.Name,
            entry.Details.Type,
            p.Status,
            entry.Reasons,
            entry.TouchesTicket,
            touches,
            p.LeadTechId is { } lead ? names.Person(lead) : null,
            [.. p.EscalationContacts.Where(c => c.Kind == EscalationKind.ConferWith).Select(Contact)],
            [.. p.EscalationContacts.Where(c => c.Kind == EscalationKind.EscalateTo).Select(Contact)],
            [.. p.SiteIds.Select(id => new InsightNamed(id, names.Site(id)))],
            [.. p.ConfigurationItemIds.Select(id => new InsightNamed(id, names.Item(id)))],
            Excerpt(p.Description),
            [.. entry.Engagements.Select(e => new InsightEngagementResponse(
                e.Engagement.Date, e.Engagement.StartTime, e.Engagement.EndTime, e.Engagement.TimeZoneId, e.Engagement.StartsAt, e.Engagement.EndsAt,
                e.Engagement.Kind, e.Today, e.Yesterday, e.InProgress, e.Engagement.Touches,
                [.. e.Engagement.TechnicianIds.Select(names.Person)]))],
            p.StartsOn,
            p.PlannedGoLiveOn,
            p.ActualGoLiveOn,
            p.Status == ProjectStatus.Hypercare ? p.HypercareEndsAt : null,
            entry.HypercareDaysLeft,
            p.ClosedAt,
            entry.ClosedDaysAgo,
            entry.Details.Verdict,
            new InsightLinks(
                $"/Projects/{p.Number}",
                p.Status is ProjectStatus.Hypercare or ProjectStatus.Closed ? $"/Projects/{p.Number}/Handbook" : null,
                isClosed ? $"/Projects/{p.Number}/Closeout/Propose?ticket={Uri.EscapeDataString(ticket.Number)}" : null));
    }

    private static InsightContact Contact(EscalationContact c) => new(c.Name, c.Role, c.Phone, c.Email);

    /// <summary>The first paragraph of the description as plain text (Markdown marks dropped), cut at a word near <see cref="ExcerptLength"/>.</summary>
    public static string Excerpt(string? markdown)
    {
        // Only the start can end up in the excerpt: the rest of a long description is not worth reading per project per page.
        var start = (markdown ?? "").Length > 4 * ExcerptLength ? markdown![..(4 * ExcerptLength)] : markdown ?? "";
        var paragraph = start.Replace("\r", "", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "";
        var text = MarkdownLink().Replace(paragraph, "$1");
        text = LineMarker().Replace(text, "");
        text = Whitespace().Replace(text.Replace("*", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal), " ").Trim();
        if (text.Length <= ExcerptLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)] + "…";
    }

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\s*(#{1,6}|>|[-+]|\d+\.)\s+", RegexOptions.Multiline)]
    private static partial Regex LineMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>
    /// Query 2: the client's time zone, and the names behind the ids the projects carry (sites, configuration items,
    /// people), in one round trip (UNION ALL, each part by primary key).
    /// </summary>
    private static async Task<Names> NamesAsync(BatonDb db, int clientId, IReadOnlyList<(Project Project, IReadOnlyList<Engagement> Engagements)> projects, CancellationToken ct)
    {
        var siteIds = projects.SelectMany(p => p.Project.SiteIds).Distinct().ToList();
        var itemIds = projects.SelectMany(p => p.Project.ConfigurationItemIds).Distinct().ToList();
        var userIds = projects.Select(p => p.Project.LeadTechId).OfType<string>()
            .Concat(projects.SelectMany(p => p.Engagements.SelectMany(e => e.TechnicianIds)))
            .Distinct(StringComparer.Ordinal).ToList();

        // Anonymous rows: EF translates a set operation over them, not over records built in the projection. Each list is
        // one parameter (json_each on SQLite, = ANY on PostgreSQL), so the SQL is the same whatever the lists' lengths and
        // is compiled once, not once per combination of lengths.
        var rows = await db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(c => new { Kind = NameKind.Zone, Key = "", Name = c.TimeZoneId, Email = (string?)null, Phone = (string?)null })
            .Concat(db.Sites.AsNoTracking().Where(s => s.ClientId == clientId && EF.Parameter(siteIds).Contains(s.Id))
                .Select(s => new { Kind = NameKind.Site, Key = s.Id.ToString(), s.Name, Email = (string?)null, Phone = (string?)null }))
            .Concat(db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == clientId && EF.Parameter(itemIds).Contains(i.Id))
                .Select(i => new { Kind = NameKind.Item, Key = i.Id.ToString(), i.Name, Email = (string?)null, Phone = (string?)null }))
            .Concat(db.Users.AsNoTracking().Where(u => EF.Parameter(userIds).Contains(u.Id))
                .Select(u => new { Kind = NameKind.Person, Key = u.Id, Name = u.DisplayName, u.Email, Phone = u.PhoneNumber }))
            .ToListAsync(ct);
        return new Names([.. rows.Select(r => new NameRow(r.Kind, r.Key, r.Name, r.Email, r.Phone))]);
    }

    private enum NameKind
    {
        Zone = 0,
        Site = 1,
        Item = 2,
        Person = 3,
    }

    private sealed record NameRow(NameKind Kind, string Key, string Name, string? Email, string? Phone);

    private sealed class Names(IReadOnlyList<NameRow> rows)
    {
        private readonly Dictionary<(NameKind, string), NameRow> _rows = rows.ToDictionary(r => (r.Kind, r.Key));

        public string? TimeZoneId => _rows.TryGetValue((NameKind.Zone, ""), out var zone) ? zone.Name : null;

        public string Site(int id) => Name(NameKind.Site, id, "Site");

        public string Item(int id) => Name(NameKind.Item, id, "Configuration item");

        public InsightPerson Person(string id) => _rows.TryGetValue((NameKind.Person, id), out var r)
            ? new InsightPerson(r.Name, Blank(r.Email), Blank(r.Phone))
            : new InsightPerson("(former user)", null, null);

        private string Name(NameKind kind, int id, string what) =>
            _rows.TryGetValue((kind, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var r) ? r.Name : $"{what} #{id} (removed)";

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
    }
}

namespace Baton.Domain.Projects;

/// <summary>A project as the daily report shows it: names resolved, nothing to look up.</summary>
public sealed record DailyReportProject(
    int Id, string Number, string Name, string ClientName, string TypeName, ProjectStatus Status, string? LeadName,
    DateOnly? PlannedGoLiveOn, DateOnly? ActualGoLiveOn, DateTimeOffset? HypercareEndsAt, DateTimeOffset? ClosedAt);

public sealed record DailyReportEngagement(
    int ProjectId, DateOnly Date, TimeOnly Start, TimeOnly End, string TimeZoneId, DateTimeOffset StartsAt, EngagementKind Kind,
    IReadOnlyList<string> Technicians, string Touches, bool IsCancelled);

public sealed record DailyReportAttribution(int ProjectId, string TicketNumber, string TicketTitle, string ByName, DateTimeOffset At, string Note);

public sealed record EngagementLine(DailyReportProject Project, DailyReportEngagement Engagement);

public sealed record HypercareLine(DailyReportProject Project, int DaysLeft, int OpenTickets);

public sealed record AttributionLine(DailyReportProject Project, DailyReportAttribution Attribution);

/// <summary>
/// The support team's morning read (seed 000): every active project, every project with an engagement that day,
/// the projects in hypercare with days left and open tickets, the projects closed recently, and the incidents
/// attributed to a project in the last 24 hours. Composed from plain rows so the rules are tested without a database.
/// </summary>
public sealed record DailyProjectReport(
    DateOnly Date,
    DateTimeOffset AsOf,
    int RecentlyClosedDays,
    IReadOnlyList<DailyReportProject> Active,
    IReadOnlyList<EngagementLine> Engagements,
    IReadOnlyList<HypercareLine> Hypercare,
    IReadOnlyList<DailyReportProject> RecentlyClosed,
    IReadOnlyList<AttributionLine> Attributed)
{
    public static readonly TimeSpan AttributionWindow = TimeSpan.FromHours(24);

    public bool IsEmpty => Active.Count == 0 && Engagements.Count == 0 && Hypercare.Count == 0 && RecentlyClosed.Count == 0 && Attributed.Count == 0;

    /// <param name="date">The report's day. Engagements are on it when their own (client-local) date is that day.</param>
    /// <param name="asOf">The moment the report speaks for: days left, the closed window and the last 24 h count back from it.</param>
    /// <param name="openHypercareTickets">Open tickets per project in hypercare (project id → count).</param>
    public static DailyProjectReport Compose(
        DateOnly date, DateTimeOffset asOf, int recentlyClosedDays, IEnumerable<DailyReportProject> projects, IEnumerable<DailyReportEngagement> engagements,
        IEnumerable<DailyReportAttribution> causedAttributions, IReadOnlyDictionary<int, int> openHypercareTickets)
    {
        ArgumentNullException.ThrowIfNull(openHypercareTickets);
        var byId = projects.ToDictionary(p => p.Id);
        var window = TimeSpan.FromDays(recentlyClosedDays);

        var active = byId.Values.Where(p => p.Status == ProjectStatus.Active).OrderBy(p => p.ClientName, StringComparer.CurrentCulture).ThenBy(p => p.Number, StringComparer.Ordinal).ToList();
        var today = engagements
            .Where(e => e.Date == date && !e.IsCancelled && byId.ContainsKey(e.ProjectId))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.ProjectId)
            .Select(e => new EngagementLine(byId[e.ProjectId], e))
            .ToList();
        var hypercare = byId.Values
            .Where(p => p.Status == ProjectStatus.Hypercare)
            .Select(p => new HypercareLine(p, DaysLeft(p.HypercareEndsAt, asOf), openHypercareTickets.GetValueOrDefault(p.Id)))
            .OrderBy(h => h.DaysLeft).ThenBy(h => h.Project.Number, StringComparer.Ordinal)
            .ToList();
        var closed = byId.Values
            .Where(p => p.Status == ProjectStatus.Closed && p.ClosedAt is { } at && at <= asOf && at >= asOf - window)
            .OrderByDescending(p => p.ClosedAt)
            .ToList();
        var attributed = causedAttributions
            .Where(a => a.At <= asOf && a.At > asOf - AttributionWindow && byId.ContainsKey(a.ProjectId))
            .OrderByDescending(a => a.At)
            .Select(a => new AttributionLine(byId[a.ProjectId], a))
            .ToList();
        return new DailyProjectReport(date, asOf, recentlyClosedDays, active, today, hypercare, closed, attributed);
    }

    /// <summary>Whole days of hypercare left, counting a started day as a day; zero once it has run out.</summary>
    public static int DaysLeft(DateTimeOffset? endsAt, DateTimeOffset asOf) =>
        endsAt is { } end && end > asOf ? (int)Math.Ceiling((end - asOf).TotalDays) : 0;
}

using Baton.Domain.Projects;

namespace Baton.Domain.Insight;

/// <summary>
/// Why a project is on a ticket's insight panel. The order is the panel's order of importance: a change made today
/// is the likeliest cause, then yesterday's, then a fresh go-live, then ongoing work, then a recent close.
/// </summary>
public enum InsightReason
{
    /// <summary>An engagement of the project overlaps today in the client's time zone.</summary>
    EngagementToday = 1,

    /// <summary>An engagement overlaps yesterday in the client's time zone.</summary>
    EngagementYesterday = 2,

    /// <summary>The project is in hypercare (post-implementation support).</summary>
    Hypercare = 3,

    /// <summary>The project is active.</summary>
    Active = 4,

    /// <summary>Closed within the recently-closed window.</summary>
    RecentlyClosed = 5,

    /// <summary>Listed only because a technician already gave a verdict on this ticket against it.</summary>
    Attributed = 6,
}

/// <summary>
/// Today and yesterday as the client lives them: the local calendar days of the client's zone at one instant, and the
/// UTC instants they start. An engagement "today" is one that overlaps [<see cref="TodayStarts"/>, <see cref="TomorrowStarts"/>).
/// </summary>
public sealed class ClientDay
{
    private ClientDay(TimeZoneInfo zone, DateOnly today)
    {
        Zone = zone;
        Today = today;
        YesterdayStarts = StartOf(today.AddDays(-1), zone);
        TodayStarts = StartOf(today, zone);
        TomorrowStarts = StartOf(today.AddDays(1), zone);
    }

    public TimeZoneInfo Zone { get; }
    public DateOnly Today { get; }
    public DateOnly Yesterday => Today.AddDays(-1);
    public DateTimeOffset YesterdayStarts { get; }
    public DateTimeOffset TodayStarts { get; }
    public DateTimeOffset TomorrowStarts { get; }

    public static ClientDay At(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new ClientDay(zone, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime));
    }

    /// <summary>The client's calendar date at an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>
    /// The first instant of a local day. Where the clocks jump over midnight (a few zones change at 00:00), the day
    /// starts at the first local time that exists.
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}

/// <summary>One engagement on the panel: whether it touches today and/or yesterday, and whether it is running now.</summary>
public sealed record InsightEngagement(Engagement Engagement, bool Today, bool Yesterday, bool InProgress);

/// <summary>What the query found for one project: the project, its engagements near now, this ticket's verdict, and whatever the caller carries along.</summary>
public sealed record InsightCandidate<T>(Project Project, IReadOnlyList<Engagement> Engagements, AttributionVerdict? Verdict, T Details);

/// <summary>A project as the panel lists it, with every reason it is listed and what of the ticket's it touches.</summary>
public sealed record InsightEntry<T>(
    Project Project,
    T Details,
    IReadOnlyList<InsightReason> Reasons,
    bool TouchesSite,
    bool TouchesConfigurationItem,
    IReadOnlyList<InsightEngagement> Engagements,
    int? HypercareDaysLeft,
    int? ClosedDaysAgo,
    AttributionVerdict? Verdict)
{
    /// <summary>The project touches the ticket's site or configuration item: flagged, and listed first.</summary>
    public bool TouchesTicket => TouchesSite || TouchesConfigurationItem;
}

/// <summary>
/// The rules of the insight panel (seed 000): which of a client's projects a technician sees on a ticket, why, and in
/// what order. No I/O: the caller reads the candidates (see <see cref="EngagementSearchFrom"/>).
/// </summary>
/// <remarks>
/// <para>A project is listed, once, for each reason that holds at <c>now</c>:</para>
/// <list type="bullet">
/// <item>it is <b>active</b>;</item>
/// <item>one of its engagements (not cancelled) overlaps <b>today</b> or <b>yesterday</b> in the client's time zone —
/// whatever the project's status, so a planned project's site survey shows too;</item>
/// <item>it is <b>in hypercare</b>, with the whole days left (rounded up; 0 once the period has run out and the
/// project waits to be closed);</item>
/// <item>it was <b>closed</b> within the recently-closed window;</item>
/// <item>or, failing all of those, this ticket already carries a verdict against it (so the verdict can still be seen
/// and changed).</item>
/// </list>
/// <para>
/// A cancelled project is listed only for a verdict. Order: projects touching the ticket's configuration item first,
/// then those touching its site, then the rest; within each, a "caused by" verdict first, then by the most important
/// reason (<see cref="InsightReason"/> order), then the newest project first.
/// </para>
/// </remarks>
public static class ProjectInsight
{
    /// <summary>
    /// The earliest start of an engagement that can overlap yesterday in any zone (UTC−12 to UTC+14): yesterday begins at
    /// most 49 hours before now, and an engagement lasts at most 24 hours. With <see cref="EngagementSearchTo"/>, a
    /// window that does not depend on the zone, so the query can run before the zone is known; <see cref="Rank{T}"/>
    /// then applies the client's exact days.
    /// </summary>
    public static DateTimeOffset EngagementSearchFrom(DateTimeOffset now) => now - TimeSpan.FromHours(74);

    /// <summary>The latest start of an engagement that can overlap today in any zone: tomorrow begins at most 26 hours after now.</summary>
    public static DateTimeOffset EngagementSearchTo(DateTimeOffset now) => now + TimeSpan.FromHours(26);

    public static IReadOnlyList<InsightEntry<T>> Rank<T>(
        IEnumerable<InsightCandidate<T>> candidates, int? ticketSiteId, int? ticketConfigurationItemId, ClientDay day, DateTimeOffset now, TimeSpan recentlyClosed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(day);
        var entries = new List<InsightEntry<T>>();
        foreach (var candidate in candidates)
        {
            if (Describe(candidate, ticketSiteId, ticketConfigurationItemId, day, now, recentlyClosed) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return
        [
            .. entries
                .OrderBy(e => e.TouchesConfigurationItem ? 0 : e.TouchesSite ? 1 : 2)
                .ThenBy(e => e.Verdict == AttributionVerdict.CausedBy ? 0 : 1)
                .ThenBy(e => e.Reasons[0])
                .ThenByDescending(e => e.Project.Number, StringComparer.Ordinal),
        ];
    }

    private static InsightEntry<T>? Describe<T>(
        InsightCandidate<T> candidate, int? siteId, int? itemId, ClientDay day, DateTimeOffset now, TimeSpan recentlyClosed)
    {
        var project = candidate.Project;
        var engagements = candidate.Engagements
            .Where(e => e.Overlaps(day.YesterdayStarts, day.TomorrowStarts))
            .OrderBy(e => e.StartsAt)
            .Select(e => new InsightEngagement(e, e.Overlaps(day.TodayStarts, day.TomorrowStarts), e.Overlaps(day.YesterdayStarts, day.TodayStarts), e.StartsAt <= now && now < e.EndsAt))
            .ToList();
        var reasons = new List<InsightReason>();
        if (project.Status != ProjectStatus.Cancelled)
        {
            if (engagements.Any(e => e.Today))
            {
                reasons.Add(InsightReason.EngagementToday);
            }

            if (engagements.Any(e => e.Yesterday))
            {
                reasons.Add(InsightReason.EngagementYesterday);
            }
        }

        if (project.Status == ProjectStatus.Hypercare)
        {
            reasons.Add(InsightReason.Hypercare);
        }

        if (project.Status == ProjectStatus.Active)
        {
            reasons.Add(InsightReason.Active);
        }

        var recentlyClosedNow = project.ClosedWithin(recentlyClosed, now);
        if (recentlyClosedNow)
        {
            reasons.Add(InsightReason.RecentlyClosed);
        }

        if (reasons.Count == 0)
        {
            if (candidate.Verdict is null)
            {
                return null;
            }

            reasons.Add(InsightReason.Attributed);
        }

        int? daysLeft = project.Status == ProjectStatus.Hypercare && project.HypercareEndsAt is { } ends
            ? Math.Max(0, (int)Math.Ceiling((ends - now).TotalDays))
            : null;
        int? closedDaysAgo = project.Status == ProjectStatus.Closed && project.ClosedAt is { } closedAt
            ? day.Today.DayNumber - day.DateOf(closedAt).DayNumber
            : null;
        return new InsightEntry<T>(
            project,
            candidate.Details,
            reasons,
            project.Touches(siteId, null),
            project.Touches(null, itemId),
            project.Status == ProjectStatus.Cancelled ? [] : engagements,
            daysLeft,
            closedDaysAgo,
            candidate.Verdict);
    }

    public static string Describe(InsightReason reason) => reason switch
    {
        InsightReason.EngagementToday => "Engagement today",
        InsightReason.EngagementYesterday => "Engagement yesterday",
        InsightReason.Hypercare => "In hypercare",
        InsightReason.Active => "Active",
        InsightReason.RecentlyClosed => "Recently closed",
        InsightReason.Attributed => "Verdict on this ticket",
    };
}

using Baton.Domain.Tickets;

namespace Baton.Domain.Hypercare;

/// <summary>A ticket entering (true) or leaving (false) the resolved state: resolved or closed.</summary>
public sealed record ResolutionChange(DateTimeOffset At, bool Resolved);

/// <summary>
/// When a ticket was resolved, read from its status history: a ticket can be resolved, reopened and resolved again, and
/// the dashboard must count it open in between. Closed counts as resolved (a ticket is closed only from resolved).
/// </summary>
public static class ResolutionHistory
{
    /// <summary>The changes of state in <paramref name="statusChanges"/> (audit entries of the Status field, oldest first).</summary>
    public static IReadOnlyList<ResolutionChange> From(IEnumerable<(DateTimeOffset At, string? From, string? To)> statusChanges)
    {
        ArgumentNullException.ThrowIfNull(statusChanges);
        var changes = new List<ResolutionChange>();
        var resolved = false;
        foreach (var (at, _, to) in statusChanges.OrderBy(c => c.At))
        {
            var now = Enum.TryParse<TicketStatus>(to, out var status) && status is TicketStatus.Resolved or TicketStatus.Closed;
            if (now != resolved)
            {
                changes.Add(new ResolutionChange(at, now));
                resolved = now;
            }
        }

        return changes;
    }

    /// <summary>Whether the ticket was resolved just before <paramref name="instant"/> (changes at the instant itself not yet counted).</summary>
    public static bool ResolvedBefore(IReadOnlyList<ResolutionChange> changes, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var resolved = false;
        foreach (var change in changes)
        {
            if (change.At >= instant)
            {
                break;
            }

            resolved = change.Resolved;
        }

        return resolved;
    }

    /// <summary>The resolution that stands before <paramref name="instant"/>: the last one, when no reopening followed it; otherwise null.</summary>
    public static DateTimeOffset? FinalResolutionBefore(IReadOnlyList<ResolutionChange> changes, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var last = changes.LastOrDefault(c => c.At < instant);
        return last is { Resolved: true } ? last.At : null;
    }
}

/// <summary>One hypercare ticket, as the dashboard counts it.</summary>
public sealed record HypercareTicketRecord(
    long TicketId, DateTimeOffset CreatedAt, Priority Priority, HypercareScope Scope, string? Category, IReadOnlyList<ResolutionChange> Resolutions);

/// <summary>One piece of feedback, as the dashboard counts it.</summary>
public sealed record HypercareFeedbackRecord(int Week, int Rating);

public sealed record PriorityCounts(int P1, int P2, int P3, int P4)
{
    public int Total => P1 + P2 + P3 + P4;

    public int this[Priority priority] => priority switch
    {
        Priority.P1 => P1,
        Priority.P2 => P2,
        Priority.P3 => P3,
        Priority.P4 => P4,
    };
}

public sealed record ScopeCounts(int Operational, int Application, int Technological)
{
    public int this[HypercareScope scope] => scope switch
    {
        HypercareScope.Operational => Operational,
        HypercareScope.Application => Application,
        HypercareScope.Technological => Technological,
    };
}

/// <summary>
/// One hypercare week. <see cref="Opened"/> counts the tickets created in it, by priority and by scope. <see cref="OpenAtEnd"/>
/// and <see cref="ResolvedAtEnd"/> count every hypercare ticket created so far by its state at <see cref="CountedAt"/>:
/// the week's end, or now for the week in progress. <see cref="ResolvedInWeek"/> and <see cref="MeanTimeToResolve"/> are
/// about tickets whose standing resolution fell in the week. Feedback is the week's ratings.
/// </summary>
public sealed record HypercareWeekFigures(
    int Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset CountedAt,
    PriorityCounts Opened,
    ScopeCounts OpenedByScope,
    int OpenAtEnd,
    int ResolvedAtEnd,
    int ResolvedInWeek,
    TimeSpan? MeanTimeToResolve,
    int FeedbackCount,
    decimal? FeedbackMean);

public sealed record CategoryCount(string Category, int Tickets);

/// <summary>
/// The figures of a project's hypercare: pure aggregation over its tagged tickets and feedback, so the rules are tested
/// without a database.
/// <list type="bullet">
/// <item>Weeks are hypercare weeks (<see cref="HypercareWeeks"/>), up to the one in progress or all of them once the period
/// is over; a week without tickets shows zeros.</item>
/// <item>Open or resolved is the state at the instant counted: a ticket resolved and then reopened is open again; closed
/// counts as resolved.</item>
/// <item>Time to resolve runs from creation to the resolution that stands (the last one, with no reopening after it), in
/// wall-clock time; tickets still open are not in the mean.</item>
/// <item>Top categories: the five with most tickets, ties by name; tickets without one count as "No category".</item>
/// </list>
/// </summary>
public sealed record HypercareDashboard(
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset AsOf,
    int Tickets,
    int Open,
    int Resolved,
    TimeSpan? MeanTimeToResolve,
    PriorityCounts ByPriority,
    ScopeCounts ByScope,
    IReadOnlyList<HypercareWeekFigures> Weeks,
    IReadOnlyList<CategoryCount> TopCategories,
    int FeedbackCount,
    decimal? FeedbackMean)
{
    public const int TopCategoryCount = 5;
    public const string NoCategory = "No category";

    /// <param name="startsAt">When hypercare began.</param>
    /// <param name="endsAt">When it ends or ended (exclusive).</param>
    /// <param name="now">The instant of the reading; the figures stop at the period's end.</param>
    public static HypercareDashboard Build(
        DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now, IReadOnlyCollection<HypercareTicketRecord> tickets, IReadOnlyCollection<HypercareFeedbackRecord> feedback)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(feedback);
        var asOf = now < endsAt ? now : endsAt;

        // "Before the instant counted", exclusive: one tick past now makes what happened at now count.
        var countNow = now < endsAt ? now.AddTicks(1) : endsAt;
        var known = tickets.Where(t => t.CreatedAt < countNow).ToList();
        var weeks = new List<HypercareWeekFigures>();
        var shown = HypercareWeeks.Shown(startsAt, endsAt, now);
        for (var week = 1; week <= shown; week++)
        {
            var start = HypercareWeeks.StartOf(startsAt, week);
            var end = Min(start + HypercareWeeks.Length, endsAt);
            var counted = Min(end, countNow);
            var opened = known.Where(t => t.CreatedAt >= start && t.CreatedAt < end).ToList();
            var standing = known.Where(t => t.CreatedAt < counted).ToList();
            var resolvedAtEnd = standing.Count(t => ResolutionHistory.ResolvedBefore(t.Resolutions, counted));
            var resolvedInWeek = standing
                .Select(t => (t.CreatedAt, At: ResolutionHistory.FinalResolutionBefore(t.Resolutions, countNow)))
                .Where(r => r.At >= start && r.At < end)
                .Select(r => r.At!.Value - r.CreatedAt)
                .ToList();
            var ratings = feedback.Where(f => f.Week == week).Select(f => f.Rating).ToList();
            weeks.Add(new HypercareWeekFigures(
                week, start, end, counted < end ? asOf : end,
                CountPriorities(opened), CountScopes(opened),
                standing.Count - resolvedAtEnd, resolvedAtEnd,
                resolvedInWeek.Count, Mean(resolvedInWeek),
                ratings.Count, MeanRating(ratings)));
        }

        var times = known
            .Select(t => (t.CreatedAt, At: ResolutionHistory.FinalResolutionBefore(t.Resolutions, countNow)))
            .Where(r => r.At is not null)
            .Select(r => r.At!.Value - r.CreatedAt)
            .ToList();
        var resolved = known.Count(t => ResolutionHistory.ResolvedBefore(t.Resolutions, countNow));
        var categories = known
            .GroupBy(t => string.IsNullOrWhiteSpace(t.Category) ? NoCategory : t.Category)
            .Select(g => new CategoryCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Tickets).ThenBy(c => c.Category, StringComparer.CurrentCultureIgnoreCase)
            .Take(TopCategoryCount)
            .ToList();
        var allRatings = feedback.Select(f => f.Rating).ToList();
        return new HypercareDashboard(
            startsAt, endsAt, asOf, known.Count, known.Count - resolved, resolved, Mean(times),
            CountPriorities(known), CountScopes(known), weeks, categories, allRatings.Count, MeanRating(allRatings));
    }

    private static PriorityCounts CountPriorities(List<HypercareTicketRecord> tickets) => new(
        tickets.Count(t => t.Priority == Priority.P1), tickets.Count(t => t.Priority == Priority.P2),
        tickets.Count(t => t.Priority == Priority.P3), tickets.Count(t => t.Priority == Priority.P4));

    private static ScopeCounts CountScopes(List<HypercareTicketRecord> tickets) => new(
        tickets.Count(t => t.Scope == HypercareScope.Operational), tickets.Count(t => t.Scope == HypercareScope.Application),
        tickets.Count(t => t.Scope == HypercareScope.Technological));

    private static TimeSpan? Mean(List<TimeSpan> spans) =>
        spans.Count == 0 ? null : TimeSpan.FromTicks((long)spans.Average(s => (double)s.Ticks));

    private static decimal? MeanRating(List<int> ratings) =>
        ratings.Count == 0 ? null : Math.Round((decimal)ratings.Sum() / ratings.Count, 2);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

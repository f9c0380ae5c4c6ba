using System.Globalization;
using Baton.Domain.Insight;
using Baton.Domain.Projects;

namespace Baton.Web.Features.Insight;

/// <summary>
/// What the ticket page's insight panel shows: the insight, and the attribution form the user just posted (so its
/// errors and note show on that project's row only).
/// </summary>
public sealed record InsightPanel(InsightResponse Insight, string? PostedProject, string? PostedNote)
{
    public bool IsPosted(string projectNumber) => string.Equals(PostedProject?.Trim(), projectNumber, StringComparison.OrdinalIgnoreCase);

    /// <summary>A <c>tel:</c> URI (RFC 3966): the digits and a leading +, without the spaces people write.</summary>
    public static string Tel(string phone)
    {
        var trimmed = (phone ?? "").Trim();
        return "tel:" + (trimmed.StartsWith('+') ? "+" : "") + string.Concat(trimmed.Where(char.IsAsciiDigit));
    }

    public static string Kind(EngagementKind kind) => Engagement.Describe(kind);

    public static string Status(ProjectStatus status) => status switch
    {
        ProjectStatus.Planned => "Planned",
        ProjectStatus.Active => "Active",
        ProjectStatus.Hypercare => "Hypercare",
        ProjectStatus.Closed => "Closed",
        ProjectStatus.Cancelled => "Cancelled",
    };

    /// <summary>Whether a reason already names the status ("Active", "In hypercare", "Closed 3 days ago"), so no status badge is needed.</summary>
    public static bool ReasonsSayTheStatus(InsightProjectResponse project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Reasons.Contains(project.Status switch
        {
            ProjectStatus.Active => InsightReason.Active,
            ProjectStatus.Hypercare => InsightReason.Hypercare,
            ProjectStatus.Closed => InsightReason.RecentlyClosed,
            ProjectStatus.Planned or ProjectStatus.Cancelled => (InsightReason)0,
        });
    }

    /// <summary>"Engagement today", "Hypercare: 12 days left", "Closed 3 days ago".</summary>
    public static string Reason(InsightReason reason, InsightProjectResponse project) => reason switch
    {
        InsightReason.Hypercare => project.HypercareDaysLeft is { } left
            ? $"In hypercare: {(left == 0 ? "ends today" : left == 1 ? "1 day left" : $"{left} days left")}"
            : "In hypercare",
        InsightReason.RecentlyClosed => project.ClosedDaysAgo switch
        {
            0 => "Closed today",
            1 => "Closed yesterday",
            { } days => $"Closed {days} days ago",
            null => "Recently closed",
        },
        _ => ProjectInsight.Describe(reason),
    };

    /// <summary>"Today 09:00–12:00", "Yesterday 22:00 – today 02:00", in the engagement's own (the client's) zone.</summary>
    public string When(InsightEngagementResponse e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var endDate = e.EndTime > e.StartTime ? e.Date : e.Date.AddDays(1);
        return endDate == e.Date
            ? $"{Day(e.Date)} {Time(e.StartTime)}–{Time(e.EndTime)}"
            : $"{Day(e.Date)} {Time(e.StartTime)} – {Day(endDate).ToLowerInvariant()} {Time(e.EndTime)}";
    }

    private string Day(DateOnly date) =>
        date == Insight.Today ? "Today"
        : date == Insight.Yesterday ? "Yesterday"
        : date.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}

using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Reports;

/// <summary>The <c>DailyReport</c> configuration section: when and to whom the morning report goes.</summary>
public sealed class DailyReportOptions
{
    /// <summary>DailyReport:SendAt — local time of day the report is produced (default 07:30).</summary>
    public TimeOnly SendAt { get; set; } = new(7, 30);

    /// <summary>DailyReport:TimeZone — the IANA zone <see cref="SendAt"/> and the report's date are in (default UTC).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>DailyReport:Recipients — e-mail addresses, comma- or semicolon-separated. Empty: the report is recorded, not queued.</summary>
    public string Recipients { get; set; } = "";

    /// <summary>DailyReport:CheckInterval — how often each instance checks whether today's report is due (default 1 minute).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>DailyReport:LinkBase — the desk's public address (https://desk.example.com) for links in the e-mail; empty gives relative links.</summary>
    public string LinkBase { get; set; } = "";

    public IReadOnlyList<string> RecipientList =>
        Recipients.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>What is wrong with the settings, for start-up validation; null when they are usable.</summary>
    public string? Problem() =>
        !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _) ? $"DailyReport:TimeZone '{TimeZone}' is not a known IANA zone (e.g. Europe/London)."
        : CheckInterval <= TimeSpan.Zero ? "DailyReport:CheckInterval must be a positive time span, e.g. 00:01:00."
        : RecipientList.FirstOrDefault(r => !Baton.Domain.Text.LooksLikeEmail(r)) is { } bad ? $"DailyReport:Recipients has '{bad}', which is not an e-mail address."
        : null;

    /// <summary>Refuses to start with settings that would make the job fail every morning, saying which one.</summary>
    public sealed class Validator : Microsoft.Extensions.Options.IValidateOptions<DailyReportOptions>
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, DailyReportOptions options) =>
            options?.Problem() is { } problem
                ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
                : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }
}

/// <summary>Reads what the daily project report needs in a handful of indexed queries and composes it.</summary>
public static class DailyReportQuery
{
    public static async Task<DailyProjectReport> LoadAsync(BatonDb db, DateOnly date, DateTimeOffset asOf, int recentlyClosedDays, CancellationToken ct)
    {
        var closedSince = asOf.AddDays(-recentlyClosedDays);
        var since = asOf - DailyProjectReport.AttributionWindow;

        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.Date == date && !e.IsCancelled)
            .Select(e => new { e.ProjectId, e.Date, e.StartTime, e.EndTime, e.TimeZoneId, e.StartsAt, e.Kind, e.TechnicianIds, e.Touches })
            .ToListAsync(ct);
        var attributions = await (
                from a in db.ProjectAttributions.AsNoTracking()
                where a.Verdict == AttributionVerdict.CausedBy && a.At > since && a.At <= asOf
                join t in db.Tickets on a.TicketId equals t.Id
                select new DailyReportAttribution(a.ProjectId, t.Number, t.Title, a.ByName, a.At, a.Note))
            .ToListAsync(ct);
        var alsoNeeded = engagements.Select(e => e.ProjectId).Concat(attributions.Select(a => a.ProjectId)).Distinct().ToList();

        var projects = await (
                from p in db.Projects.AsNoTracking()
                where p.Status == ProjectStatus.Active || p.Status == ProjectStatus.Hypercare
                    || (p.Status == ProjectStatus.Closed && p.ClosedAt >= closedSince)
                    || alsoNeeded.Contains(p.Id)
                join c in db.Clients on p.ClientId equals c.Id
                join t in db.ProjectTypes on p.ProjectTypeId equals t.Id
                join u in db.Users on p.LeadTechId equals u.Id into leads
                from lead in leads.DefaultIfEmpty()
                select new DailyReportProject(
                    p.Id, p.Number, p.Name, c.Name, t.Name, p.Status, lead == null ? null : lead.DisplayName,
                    p.PlannedGoLiveOn, p.ActualGoLiveOn, p.HypercareEndsAt, p.ClosedAt))
            .ToListAsync(ct);

        var technicianIds = engagements.SelectMany(e => e.TechnicianIds).Distinct().ToList();
        var names = technicianIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => technicianIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var reportEngagements = engagements.Select(e => new DailyReportEngagement(
            e.ProjectId, e.Date, e.StartTime, e.EndTime, e.TimeZoneId, e.StartsAt, e.Kind,
            [.. e.TechnicianIds.Select(id => names.GetValueOrDefault(id, "(former user)"))], e.Touches, IsCancelled: false));

        var open = await OpenHypercareTicketsAsync(db, projects.Where(p => p.Status == ProjectStatus.Hypercare).Select(p => p.Id).ToList(), ct);
        return DailyProjectReport.Compose(date, asOf, recentlyClosedDays, projects, reportEngagements, attributions, open);
    }

    /// <summary>Open tickets of each project in hypercare: its hypercare-tagged tickets not yet resolved or closed.</summary>
    private static async Task<Dictionary<int, int>> OpenHypercareTicketsAsync(BatonDb db, List<int> projectIds, CancellationToken ct)
    {
        if (projectIds.Count == 0)
        {
            return [];
        }

        var counts = await (
                from tag in db.HypercareTags.AsNoTracking()
                where projectIds.Contains(tag.ProjectId)
                join t in db.Tickets on tag.TicketId equals t.Id
                where t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed
                group t by tag.ProjectId into g
                select new { ProjectId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.ToDictionary(c => c.ProjectId, c => c.Count);
    }
}

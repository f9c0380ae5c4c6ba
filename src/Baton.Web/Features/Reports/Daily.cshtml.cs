using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Reports;

/// <summary>The daily project report for a chosen date, and the reports already sent.</summary>
public sealed class DailyModel(BatonDb db, DailyReportJob job, TimeProvider clock) : PageModel
{
    public sealed record SentReport(long Id, DateOnly Date, DateTimeOffset ProducedAt, string ProducedBy, string? Recipients, DateTimeOffset? SentAt, int Attempts, string? LastError, long? MessageId);

    [BindProperty(SupportsGet = true, Name = "date")]
    public DateOnly? Date { get; set; }

    public DailyProjectReport Report { get; private set; } = default!;
    public IReadOnlyList<SentReport> Sent { get; private set; } = [];
    public DailyReportOptions Options => job.Options;
    public string? DateError { get; private set; }
    public string TimeZoneId { get; private set; } = "UTC";

    public async Task OnGetAsync(CancellationToken ct)
    {
        TimeZoneId = CurrentUser.From(User).TimeZoneId;
        if (!ModelState.IsValid)
        {
            DateError = "Give the date as YYYY-MM-DD, e.g. 2026-12-01.";
            Date = null;
        }
        else if (OutOfRange(Date) is { } error)
        {
            DateError = error;
            Date = null;
        }

        var (date, asOf) = ReportMoment(Date, clock.GetUtcNow(), job);
        Report = await DailyReportQuery.LoadAsync(db, date, asOf, job.RecentlyClosedDays, ct);
        Sent = await (
                from r in db.DailyReportRuns.AsNoTracking()
                orderby r.ReportDate descending
                join m in db.OutboxMessages on r.OutboxMessageId equals m.Id into messages
                from m in messages.DefaultIfEmpty()
                select new SentReport(r.Id, r.ReportDate, r.ProducedAt, r.ProducedBy, m == null ? null : m.Recipients, m == null ? null : m.SentAt,
                    m == null ? 0 : m.Attempts, m == null ? null : m.LastError, m == null ? null : m.Id))
            .Take(14)
            .ToListAsync(ct);
    }

    /// <summary>The e-mail as it was queued, exactly as recipients get it.</summary>
    public async Task<IActionResult> OnGetSentAsync(long id, CancellationToken ct)
    {
        var html = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id && m.Kind == "DailyReport").Select(m => m.HtmlBody).SingleOrDefaultAsync(ct);
        if (html is null)
        {
            return NotFound();
        }

        // The stored e-mail carries its own style block; allow that and nothing else (no script, no remote loads).
        Infrastructure.Http.MailPreview.Protect(Response, framed: false);
        return Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// The day a report speaks for and the moment it is read at: today (in the report's zone) or later is read now;
    /// a past day is read at its end, so its "last 24 hours" are that day's.
    /// </summary>
    public static (DateOnly Date, DateTimeOffset AsOf) ReportMoment(DateOnly? requested, DateTimeOffset now, DailyReportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (OutOfRange(requested) is { } error)
        {
            throw InputInvalidException.For("date", error);
        }

        var (today, _) = job.Today(now);
        var date = requested ?? today;
        if (date >= today)
        {
            return (date, now);
        }

        var zone = job.Options.Zone;
        var endLocal = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return (date, new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(endLocal, zone), TimeSpan.Zero).AddTicks(-1));
    }

    /// <summary>The dates a report can be read for. Far ends of the calendar (0001-01-01, 9999-12-31) would overflow the "recently closed" and "last 24 hours" windows.</summary>
    public static readonly (DateOnly First, DateOnly Last) Dates = (new(2000, 1, 1), new(2999, 12, 31));

    private static string? OutOfRange(DateOnly? date) => date is { } d && (d < Dates.First || d > Dates.Last)
        ? $"Choose a date between {Dates.First:yyyy-MM-dd} and {Dates.Last:yyyy-MM-dd}."
        : null;
}

using Baton.Domain.Projects;
using Baton.Web.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Reports;

/// <summary>
/// Produces the morning report once per day: when the configured local time has passed and no report exists for
/// today, it composes the report, renders it as an e-mail body, and inserts the day's run record together with the
/// outbox message. The unique date on the run decides between racing instances and survives restarts: the loser's
/// insert fails and it does nothing. An instance that was down at the hour produces the report when it comes back.
/// </summary>
public sealed class DailyReportJob(IServiceProvider services, IOptions<DailyReportOptions> options, IOptions<Insight.ProjectInsightOptions> insight, ILoggerFactory loggers)
{
    public DailyReportOptions Options => options.Value;

    /// <summary>The same "recently closed" window as the insight panel (Projects:RecentlyClosedDays).</summary>
    public int RecentlyClosedDays => insight.Value.RecentlyClosedDays;

    /// <summary>The report's local date for <paramref name="now"/>, and whether its hour has come.</summary>
    public (DateOnly Date, bool Due) Today(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Options.Zone).DateTime;
        return (DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local) >= Options.SendAt);
    }

    /// <summary>Produces today's report if it is due and not yet produced; returns the run, or null when there was nothing to do.</summary>
    public async Task<DailyReportRun?> RunIfDueAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var (date, due) = Today(now);
        if (!due || await db.DailyReportRuns.AnyAsync(r => r.ReportDate == date, ct))
        {
            return null;
        }

        var report = await DailyReportQuery.LoadAsync(db, date, now, RecentlyClosedDays, ct);
        var recipients = Options.RecipientList;
        var run = new DailyReportRun
        {
            ReportDate = date, ProducedAt = now, ProducedBy = $"{Environment.MachineName}/{Environment.ProcessId}",
            ActiveCount = report.Active.Count, EngagementCount = report.Engagements.Count, HypercareCount = report.Hypercare.Count,
            RecentlyClosedCount = report.RecentlyClosed.Count, AttributedCount = report.Attributed.Count,
        };
        var message = recipients.Count == 0 ? null : new OutboxMessage
        {
            Key = "daily-report:" + date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Kind = "DailyReport",
            Recipients = string.Join(", ", recipients),
            Subject = Subject(report),
            HtmlBody = await RenderEmailAsync(report, ct),
            CreatedAt = now,
        };

        // Once a day whatever the number of instances: the run goes in first with ON CONFLICT DO NOTHING (the unique
        // report date), so the instance that loses the race finds nothing inserted and rolls back, an ordinary outcome
        // rather than a failed statement that EF would log as an error. The e-mail follows in the same transaction.
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (!await ModelInserter.For<DailyReportRun>(db).TryInsertAsync(db, run, ct))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return null; // another instance produced it first
            }

            if (message is not null)
            {
                db.OutboxMessages.Add(message);
                await db.SaveChangesAsync(ct);
                run.OutboxMessageId = message.Id;
                run.OutboxMessage = message;
                await db.DailyReportRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.OutboxMessageId, message.Id), ct);
            }

            await transaction.CommitAsync(ct);
            return run;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public static string Subject(DailyProjectReport report) =>
        $"Baton daily project report {report.Date:yyyy-MM-dd}: {report.Engagements.Count} engagement(s), {report.Hypercare.Count} in hypercare, " +
        $"{report.Attributed.Count} incident(s) attributed";

    /// <summary>A whole HTML document for an e-mail body: the page's markup with a style block mail clients honour.</summary>
    public async Task<string> RenderEmailAsync(DailyProjectReport report, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await using var renderer = new HtmlRenderer(services, loggers);
        var body = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(DailyReportView.Report)] = report,
                [nameof(DailyReportView.TimeZoneId)] = Options.TimeZone,
                [nameof(DailyReportView.LinkBase)] = Options.LinkBase.TrimEnd('/'),
            });
            var output = await renderer.RenderComponentAsync<DailyReportView>(parameters);
            return output.ToHtmlString();
        });
        var title = System.Net.WebUtility.HtmlEncode($"Daily project report · {report.Date:yyyy-MM-dd}");
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
            <style>
            body{font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1d2733;font-size:14px;line-height:1.4}
            h1{font-size:20px}h2{font-size:16px;margin:20px 0 6px}table{border-collapse:collapse;width:100%}
            th,td{border-bottom:1px solid #d5dbe3;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f2f5f8}
            .muted{color:#5b6b7c;font-size:12px}a{color:#0b5cad}
            </style></head>
            <body><h1>{{title}}</h1><p class="muted">As of {{System.Net.WebUtility.HtmlEncode(Infrastructure.UserTime.Format(report.AsOf, Options.TimeZone))}}</p>
            {{body}}
            </body></html>
            """;
    }
}

/// <summary>Checks every <see cref="DailyReportOptions.CheckInterval"/> whether today's report is due; safe on every instance.</summary>
public sealed class DailyReportService(IServiceScopeFactory scopes, DailyReportJob job, TimeProvider clock, ILogger<DailyReportService> logger)
    : Infrastructure.RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => job.Options.CheckInterval;

    protected override string Description => "The daily project report";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        if (await job.RunIfDueAsync(db, now, ct) is { } run)
        {
            logger.LogInformation("Daily project report for {Date} produced ({Recipients}).", run.ReportDate, run.OutboxMessage?.Recipients ?? "no recipients configured");
        }
    }
}
